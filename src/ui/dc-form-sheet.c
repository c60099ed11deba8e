/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-form-sheet-private.h"
#include "dc-identity.h"
#include "dc-sysroot.h"

/**
 * DcFormSheet:
 *
 * The desk's questions as a sheet over the chat. Before the chat: what the
 * phone would share, each value exactly as it would be sent and each with its
 * own switch (serial number and IMEI off), then the desk's other questions.
 * After it: five stars and a comment. Nothing leaves the phone before Send;
 * Cancel closes the sheet and the questions wait.
 */

G_DEFINE_FINAL_TYPE (DcFormSheet, dc_form_sheet, ADW_TYPE_WINDOW)

static gboolean
is_rating (DcFormSheet *self)
{
  return g_strcmp0 (dc_data_form_get_form_type (self->form), DC_FORM_TYPE_RATING) == 0;
}

static void
update_send (DcFormSheet *self)
{
  gboolean ready = !self->identity_pending && (!is_rating (self) || self->rating > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sheet.send", ready);
}

/* ---- The phone's identifiers ---- */

static char *
device_value (DcIdentity *identity, const char *var)
{
  const char *const *imei = dc_identity_get_imei (identity);

  if (g_strcmp0 (var, "serial") == 0)
    return g_strdup (dc_identity_get_serial (identity));
  if (g_strcmp0 (var, "model") == 0)
    return g_strdup (dc_identity_get_model (identity));
  if (g_strcmp0 (var, "imei") == 0)
    return g_strdup (imei != NULL ? imei[0] : NULL); /* a dual-SIM phone's first */
  if (g_strcmp0 (var, "os") == 0)
    {
      const char *pretty = dc_identity_get_os_pretty_name (identity);
      if (pretty != NULL || dc_identity_get_os_name (identity) == NULL)
        return g_strdup (pretty);
      return g_strjoin (" ", dc_identity_get_os_name (identity),
                        dc_identity_get_os_version (identity), NULL);
    }
  return NULL;
}

static void
show_identity (DcFormSheet *self, DcIdentity *identity, gboolean imei_read)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      DcSheetField *field = g_ptr_array_index (self->fields, i);
      gboolean imei = g_strcmp0 (field->var, "imei") == 0;

      if (!field->identifier || imei != imei_read)
        continue;
      g_clear_pointer (&field->device_value, g_free);
      field->device_value = identity ? device_value (identity, field->var) : NULL;
      dc_form_sheet_show_device_value (field, TRUE);
    }
}

static void
imei_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcFormSheet) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!dc_identity_read_imei_finish (DC_IDENTITY (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without a modem, or without ModemManager, the row says there is none. */
  show_identity (self, DC_IDENTITY (source), TRUE);
}

static void
identity_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcFormSheet) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = dc_identity_read_finish (result, &error);

  if (identity == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (identity == NULL)
    g_warning ("Could not read the device identity: %s", error->message);
  self->identity_pending = FALSE;
  show_identity (self, identity, FALSE);
  if (identity == NULL || dc_data_form_lookup (self->form, "imei") == NULL)
    show_identity (self, NULL, TRUE);
  else
    dc_identity_read_imei_async (identity, self->cancellable, imei_read_cb, g_object_ref (self));
  update_send (self);
}

static void
read_identity (DcFormSheet *self)
{
  gboolean asks = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    asks |= ((DcSheetField *)g_ptr_array_index (self->fields, i))->identifier;
  if (!asks)
    return;
  /* Send waits: what the rows show is what is sent, so they must show it first. */
  self->identity_pending = TRUE;
  dc_identity_read_async (dc_sysroot_default (), self->cancellable, identity_read_cb,
                          g_object_ref (self));
}

/* ---- Stars ---- */

static void
show_rating (DcFormSheet *self)
{
  for (int i = 0; i < 5; i++)
    {
      GtkToggleButton *star = GTK_TOGGLE_BUTTON (self->stars[i]);

      gtk_toggle_button_set_active (star, i < self->rating);
      gtk_button_set_icon_name (GTK_BUTTON (star),
                                i < self->rating ? "starred-symbolic" : "non-starred-symbolic");
    }
  update_send (self);
}

static void
star_clicked (GtkButton *star, DcFormSheet *self)
{
  self->rating = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (star), "dc-stars"));
  show_rating (self);
}

/**
 * dc_form_sheet_add_stars:
 * @self: a #DcFormSheet
 *
 * Shows the rating as five stars: tapping the fourth gives four.
 */
void
dc_form_sheet_add_stars (DcFormSheet *self)
{
  for (int i = 0; i < 5; i++)
    {
      GtkWidget *star = gtk_toggle_button_new ();
      /* Translators: a button giving a rating of %d stars out of five */
      g_autofree char *label = g_strdup_printf (ngettext ("%d star", "%d stars", i + 1), i + 1);

      gtk_widget_add_css_class (star, "flat");
      gtk_widget_add_css_class (star, "circular");
      gtk_widget_add_css_class (star, "dc-star");
      gtk_widget_set_tooltip_text (star, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data (G_OBJECT (star), "dc-stars", GINT_TO_POINTER (i + 1));
      g_signal_connect (star, "clicked", G_CALLBACK (star_clicked), self);
      gtk_box_append (GTK_BOX (self->stars_box), star);
      self->stars[i] = star;
    }
  gtk_widget_set_visible (self->stars_box, TRUE);
  show_rating (self);
}

/* ---- Send and Cancel ---- */

static void
send_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  /* Held: the chat closes the sheet as soon as the session has the answer. */
  g_autoptr (DcFormSheet) self = g_object_ref (DC_FORM_SHEET (widget));
  g_autoptr (GError) error = NULL;

  dc_form_sheet_apply_answers (self);
  if (!dc_support_session_submit_form (self->session, self->form, &error))
    {
      /* The sheet stays, with what the customer filled in, so they can try again. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
show_form (DcFormSheet *self)
{
  const char *title = dc_data_form_get_title (self->form);
  const char *instructions = dc_data_form_get_instructions (self->form);

  if (title == NULL)
    title = is_rating (self) ? _ ("How Did We Do?") : _ ("Before We Start");
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->instructions_label, instructions ? instructions : "");
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), instructions != NULL);
  dc_form_sheet_add_fields (self);
  read_identity (self);
  update_send (self);
}

/**
 * dc_form_sheet_new:
 * @session: the chat that asks
 * @form: the desk's form, a pre-chat form, a rating or any other
 *
 * Returns: (transfer none): a sheet showing @form; present it
 */
GtkWidget *
dc_form_sheet_new (DcSupportSession *session, DcDataForm *form)
{
  DcFormSheet *self;

  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (session), NULL);
  g_return_val_if_fail (DC_IS_DATA_FORM (form), NULL);

  self = g_object_new (DC_TYPE_FORM_SHEET, NULL);
  self->session = g_object_ref (session);
  self->form = g_object_ref (form);
  show_form (self);
  return GTK_WIDGET (self);
}

/**
 * dc_form_sheet_get_form:
 * @self: a #DcFormSheet
 *
 * Returns: (transfer none): the form shown
 */
DcDataForm *
dc_form_sheet_get_form (DcFormSheet *self)
{
  g_return_val_if_fail (DC_IS_FORM_SHEET (self), NULL);
  return self->form;
}

static void
dc_form_sheet_dispose (GObject *object)
{
  DcFormSheet *self = DC_FORM_SHEET (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dc_form_sheet_parent_class)->dispose (object);
}

static void
dc_form_sheet_finalize (GObject *object)
{
  /* Kept until the end: the chat view asks a closing sheet which form it showed. */
  g_clear_object (&DC_FORM_SHEET (object)->form);

  G_OBJECT_CLASS (dc_form_sheet_parent_class)->finalize (object);
}

static void
dc_form_sheet_class_init (DcFormSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_form_sheet_dispose;
  object_class->finalize = dc_form_sheet_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-form-sheet.ui");
  gtk_widget_class_bind_template_child (widget_class, DcFormSheet, window_title);
  gtk_widget_class_bind_template_child (widget_class, DcFormSheet, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, DcFormSheet, error_label);
  gtk_widget_class_bind_template_child (widget_class, DcFormSheet, identity_group);
  gtk_widget_class_bind_template_child (widget_class, DcFormSheet, stars_box);
  gtk_widget_class_bind_template_child (widget_class, DcFormSheet, fields_box);

  gtk_widget_class_install_action (widget_class, "sheet.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "sheet.cancel", NULL, cancel_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sheet.cancel", NULL);
}

static void
dc_form_sheet_init (DcFormSheet *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_sheet_field_free);
}
