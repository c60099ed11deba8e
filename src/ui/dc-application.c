/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-application.h"
#include "dc-window.h"

/**
 * DcApplication:
 *
 * The app: one window, the app-wide actions and their shortcuts.
 */
struct _DcApplication
{
  AdwApplication parent_instance;

  DcVendorConfig *vendor_config;
};

G_DEFINE_FINAL_TYPE (DcApplication, dc_application, ADW_TYPE_APPLICATION)

/* The main window, not whichever dialog had the focus last (the About window has the app too). */
static GtkWindow *
present_window (GApplication *app)
{
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l && !window; l = l->next)
    if (DC_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL)
    window = GTK_WINDOW (dc_window_new (DC_APPLICATION (app)));
  gtk_window_present (window);
  return window;
}

static void
dc_application_activate (GApplication *app)
{
  present_window (app);
}

/* A notification's default action, or a launcher's: the app may have been started for it, so
 * there need not be a window yet. */
static void
open_chat_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = present_window (G_APPLICATION (user_data));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-chat", NULL);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _ ("The Device Care developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app), "application-name",
                         _ ("Device Care"), "application-icon", APP_ID, "version", PACKAGE_VERSION,
                         "developers", developers, "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _ ("translator-credits"), NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* Closing the window, not quitting outright, so it saves its size on the way. */
  if (window != NULL)
    gtk_window_close (window);
  else
    g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_activated },
  { .name = "quit", .activate = quit_activated },
  { .name = "open-chat", .activate = open_chat_activated },
};

/* The brand's accent (libadwaita 1.2 has no accent API: its named colours are CSS). */
static void
apply_accent (const char *accent)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();
  g_autofree char *css = NULL;
  GdkRGBA rgba;
  double luminance;

  if (accent == NULL || !gdk_rgba_parse (&rgba, accent))
    return;
  /* Text on the accent must stay readable: dark on a light brand colour, white otherwise. */
  luminance = 0.2126 * rgba.red + 0.7152 * rgba.green + 0.0722 * rgba.blue;
  css = g_strdup_printf ("@define-color accent_bg_color %s;\n"
                         "@define-color accent_color %s;\n"
                         "@define-color accent_fg_color %s;\n",
                         accent, accent, luminance > 0.6 ? "rgba(0, 0, 0, 0.8)" : "#ffffff");
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
dc_application_startup (GApplication *app)
{
  DcApplication *self = DC_APPLICATION (app);
  g_autoptr (GError) problem = NULL;

  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (dc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  /* A broken file on the image is the OEM's to fix: the journal says where, and the customer
   * gets the shipped channels rather than an error they cannot act on. */
  self->vendor_config = dc_vendor_config_load (&problem);
  if (problem != NULL)
    g_warning ("Using the shipped vendor configuration: %s", problem->message);
  apply_accent (dc_vendor_config_get_accent (self->vendor_config));
}

static void
dc_application_finalize (GObject *object)
{
  g_clear_object (&DC_APPLICATION (object)->vendor_config);
  G_OBJECT_CLASS (dc_application_parent_class)->finalize (object);
}

static void
dc_application_class_init (DcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dc_application_finalize;

  app_class->activate = dc_application_activate;
  app_class->startup = dc_application_startup;
}

static void
dc_application_init (DcApplication *self)
{
}

/**
 * dc_application_new:
 *
 * Returns: (transfer full): the application
 */
DcApplication *
dc_application_new (void)
{
  return g_object_new (DC_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path", RESOURCE_PREFIX, NULL);
}

/**
 * dc_application_get_vendor_config:
 * @self: the application
 *
 * Returns: (transfer none): the vendor configuration, loaded at start-up
 */
DcVendorConfig *
dc_application_get_vendor_config (DcApplication *self)
{
  g_return_val_if_fail (DC_IS_APPLICATION (self), NULL);
  return self->vendor_config;
}
