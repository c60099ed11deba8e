/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-device-page.h"
#include "dc-identity.h"
#include "dc-sysroot.h"

/**
 * DcDevicePage:
 *
 * What this phone is: manufacturer, model, serial number and system, read
 * through the device engine when the page is first shown. The serial stays
 * hidden until the customer asks to see it.
 */
struct _DcDevicePage
{
  AdwBin parent_instance;

  GCancellable *cancellable;
  DcIdentity *identity;
  gboolean requested;

  AdwActionRow *manufacturer_row;
  AdwActionRow *model_row;
  AdwActionRow *serial_row;
  AdwActionRow *os_row;
  GtkToggleButton *reveal_button;
  GtkButton *copy_button;
};

G_DEFINE_FINAL_TYPE (DcDevicePage, dc_device_page, ADW_TYPE_BIN)

#define HIDDEN_SERIAL "••••••••••"

static void
set_value (AdwActionRow *row, const char *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : _("Unknown"));
}

static void
update_serial (DcDevicePage *self)
{
  const char *serial = self->identity ? dc_identity_get_serial (self->identity) : NULL;
  gboolean revealed = gtk_toggle_button_get_active (self->reveal_button);

  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), serial != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.copy-serial", serial != NULL);
  /* Nothing to reveal or copy when the phone has no serial: the reason is all there is. */
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), self->identity == NULL || serial);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), self->identity == NULL || serial);

  if (self->identity == NULL)
    return;
  if (serial == NULL)
    {
      /* Translators: the serial number could not be read; %s says why. */
      g_autofree char *text = g_strdup_printf (_("Not available: %s"),
                                               dc_identity_get_serial_problem (self->identity));
      adw_action_row_set_subtitle (self->serial_row, text);
      return;
    }

  adw_action_row_set_subtitle (self->serial_row, revealed ? serial : HIDDEN_SERIAL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reveal_button),
                               revealed ? _("Hide Serial Number") : _("Show Serial Number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reveal_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  revealed ? _("Hide Serial Number") : _("Show Serial Number"),
                                  -1);
}

static void
show_identity (DcDevicePage *self)
{
  DcIdentity *id = self->identity;
  const char *os = dc_identity_get_os_pretty_name (id);
  g_autofree char *os_text = NULL;

  if (os == NULL && dc_identity_get_os_name (id) != NULL)
    os = os_text = g_strjoin (" ", dc_identity_get_os_name (id), dc_identity_get_os_version (id),
                              NULL);

  set_value (self->manufacturer_row, dc_identity_get_manufacturer (id));
  set_value (self->model_row, dc_identity_get_model (id));
  set_value (self->os_row, os);
  update_serial (self);
}

static void
identity_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDevicePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = dc_identity_read_finish (result, &error);

  if (identity == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the device identity: %s", error->message);
      return;
    }
  g_set_object (&self->identity, identity);
  show_identity (self);
}

static void
dc_device_page_map (GtkWidget *widget)
{
  DcDevicePage *self = DC_DEVICE_PAGE (widget);

  GTK_WIDGET_CLASS (dc_device_page_parent_class)->map (widget);

  /* On demand: a page the customer never opens costs no I/O at start-up. */
  if (!self->requested)
    {
      self->requested = TRUE;
      dc_identity_read_async (dc_sysroot_default (), self->cancellable, identity_read_cb,
                              g_object_ref (self));
    }
}

static void
copy_serial_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcDevicePage *self = DC_DEVICE_PAGE (widget);
  const char *serial = self->identity ? dc_identity_get_serial (self->identity) : NULL;

  if (serial != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), serial);
}

static void
dc_device_page_dispose (GObject *object)
{
  DcDevicePage *self = DC_DEVICE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->identity);

  G_OBJECT_CLASS (dc_device_page_parent_class)->dispose (object);
}

static void
dc_device_page_class_init (DcDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_device_page_dispose;
  widget_class->map = dc_device_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dc-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, manufacturer_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, model_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, serial_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, os_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, copy_button);

  gtk_widget_class_install_action (widget_class, "device.copy-serial", NULL,
                                   copy_serial_activated);
}

static void
dc_device_page_init (DcDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->reveal_button, "toggled", G_CALLBACK (update_serial), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.copy-serial", FALSE);
}
