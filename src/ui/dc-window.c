/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-device-page.h"
#include "dc-places-page.h"
#include "dc-support-page.h"
#include "dc-window.h"

/**
 * DcWindow:
 *
 * The main window: the Device, Support and Places pages in a view stack,
 * switched from the header on a wide window and from the bottom bar on a
 * phone. Pages build their content when first shown.
 */
struct _DcWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  AdwViewStack *stack;
  AdwViewSwitcherBar *switcher_bar;
  AdwViewSwitcherTitle *switcher_title;
};

G_DEFINE_FINAL_TYPE (DcWindow, dc_window, ADW_TYPE_APPLICATION_WINDOW)

/* Each page is built the first time it is shown: start-up pays only for the visible one. */
static const struct
{
  const char *name;
  GType (*get_type) (void);
} pages[] = {
  { "device", dc_device_page_get_type },
  { "support", dc_support_page_get_type },
  { "places", dc_places_page_get_type },
};

static void
visible_page_changed (DcWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  AdwBin *slot = ADW_BIN (adw_view_stack_get_visible_child (self->stack));

  if (slot == NULL || adw_bin_get_child (slot) != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (g_strcmp0 (name, pages[i].name) == 0)
        adw_bin_set_child (slot, g_object_new (pages[i].get_type (), NULL));
    }
}

static void
show_page_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcWindow *self = DC_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page called “%s”", name);
      return;
    }
  adw_view_stack_set_visible_child_name (self->stack, name);
}

/* The chat lives on the Support page: built and mapped by showing it, so its vendor
 * configuration is loaded before the page is asked to open the chat. */
static void
open_chat_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcWindow *self = DC_WINDOW (widget);
  GtkWidget *slot = adw_view_stack_get_child_by_name (self->stack, "support");
  GtkWidget *page;

  adw_view_stack_set_visible_child_name (self->stack, "support");
  page = adw_bin_get_child (ADW_BIN (slot));
  if (page != NULL)
    gtk_widget_activate_action (page, "support.open-chat", NULL);
}

static gboolean
dc_window_close_request (GtkWindow *window)
{
  DcWindow *self = DC_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "page", dc_window_get_page (self));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (dc_window_parent_class)->close_request (window);
}

static void
dc_window_dispose (GObject *object)
{
  DcWindow *self = DC_WINDOW (object);

  /* No gtk_widget_dispose_template(): the window's content owns the stack and both switchers,
   * and disposing the stack ahead of the switcher bar that watches it is a critical. */
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dc_window_parent_class)->dispose (object);
}

static void
dc_window_class_init (DcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dc_window_dispose;
  window_class->close_request = dc_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DcWindow, switcher_title);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.open-chat", NULL, open_chat_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s",
                                       "device");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s",
                                       "support");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s",
                                       "places");
}

static void
dc_window_init (DcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  {
    g_autofree char *page = g_settings_get_string (self->settings, "page");
    adw_view_stack_set_visible_child_name (self->stack, page);
  }
  /* The first page was made visible while the template was built, before the handler ran. */
  visible_page_changed (self);
}

/**
 * dc_window_new:
 * @app: (nullable): the application
 *
 * Returns: (transfer full): a new main window
 */
DcWindow *
dc_window_new (DcApplication *app)
{
  DcWindow *self = g_object_new (DC_TYPE_WINDOW, "application", app, NULL);

  /* The OEM's brand names the window, in the customer's language. */
  if (app != NULL)
    {
      const char *name = dc_vendor_config_get_name (dc_application_get_vendor_config (app));

      gtk_window_set_title (GTK_WINDOW (self), name);
      adw_view_switcher_title_set_title (self->switcher_title, name);
    }
  return self;
}

/**
 * dc_window_get_page:
 * @self: the window
 *
 * Returns: the name of the visible page: "device", "support" or "places"
 */
const char *
dc_window_get_page (DcWindow *self)
{
  g_return_val_if_fail (DC_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}
