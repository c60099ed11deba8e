/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dc-chat-view-private.h"
#include "dc-diagnosis.h"
#include "dc-report.h"

/* The chat's composer: what the customer writes, sent with Enter or the button and kept when it
 * could not be stored; "typing" for the other side while they write; and the attachments they
 * choose to send, the diagnostics report (after saying what it holds) or a screenshot. */

/* A pause this long in typing tells the other side the customer stopped (XEP-0085 "paused"). */
#define TYPING_PAUSE_US (5 * G_USEC_PER_SEC)

/* ---- Typing ---- */

void
dc_chat_view_stop_typing (DcChatView *self, gboolean tell)
{
  g_clear_handle_id (&self->typing_source, g_source_remove);
  if (self->typing_sent && tell && self->session != NULL)
    dc_support_session_set_typing (self->session, FALSE);
  self->typing_sent = FALSE;
}

static gboolean
typing_paused_cb (gpointer user_data)
{
  DcChatView *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_keystroke;

  self->typing_source = 0;
  /* Still typing: look again when the pause would be over, rather than re-arming every key. */
  if (idle < TYPING_PAUSE_US)
    {
      self->typing_source
        = g_timeout_add ((TYPING_PAUSE_US - idle) / 1000 + 1, typing_paused_cb, self);
      return G_SOURCE_REMOVE;
    }
  dc_chat_view_stop_typing (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
text_changed (DcChatView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->message_entry));

  dc_chat_view_update_actions (self);
  if (self->session == NULL || self->read_only)
    return;
  if (*text == '\0')
    {
      dc_chat_view_stop_typing (self, TRUE);
      return;
    }
  self->last_keystroke = g_get_monotonic_time ();
  /* Once a burst: the other side hears "typing" at most once every few seconds. */
  if (!self->typing_sent)
    {
      dc_support_session_set_typing (self->session, TRUE);
      self->typing_sent = TRUE;
    }
  if (self->typing_source == 0)
    self->typing_source = g_timeout_add (TYPING_PAUSE_US / 1000, typing_paused_cb, self);
}

/* ---- Sending ---- */

static void
send_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcChatView *self = DC_CHAT_VIEW (widget);
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry)));
  g_autoptr (GError) error = NULL;

  g_strstrip (text);
  if (self->session == NULL || *text == '\0')
    return;
  if (!dc_support_session_send (self->session, text, &error))
    {
      /* The text stays in the entry: nothing the customer wrote is lost. */
      dc_chat_view_toast (self, error->message);
      return;
    }
  /* The message itself carries the "active" chat state, which ends "typing": no "paused". */
  dc_chat_view_stop_typing (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), "");
}

static void
entry_activated (DcChatView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "chat.send", NULL);
}

/* ---- Attachments ---- */

/* While an attachment is on its way a spinner takes the attach button's place. */
static void
set_attaching (DcChatView *self, gboolean attaching)
{
  self->attaching = attaching;
  gtk_widget_set_visible (self->attach_button, !attaching);
  gtk_widget_set_visible (self->attach_spinner, attaching);
  dc_chat_view_update_actions (self);
}

static void
attached_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcChatView) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!dc_support_session_attach_finish (DC_SUPPORT_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why, such as "The file is too large" */
      g_autofree char *text
        = g_strdup_printf (_ ("The attachment was not sent: %s"), error->message);
      dc_chat_view_toast (self, text);
    }
  set_attaching (self, FALSE);
}

static void
attach (DcChatView *self, GBytes *data, const char *filename, const char *content_type)
{
  if (self->session == NULL)
    {
      set_attaching (self, FALSE);
      return;
    }
  dc_support_session_attach_async (self->session, data, filename, content_type, self->cancellable,
                                   attached_cb, g_object_ref (self));
}

static void
diagnosis_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcChatView) self = user_data;
  DcDiagnosis *diagnosis = DC_DIAGNOSIS (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *filename = NULL;

  if (!dc_diagnosis_run_finish (diagnosis, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      text = g_strdup_printf (_ ("The diagnosis could not run: %s"), error->message);
      dc_chat_view_toast (self, text);
      set_attaching (self, FALSE);
      return;
    }
  report = dc_diagnosis_to_json (diagnosis);
  text = dc_report_to_string (report, TRUE);
  local = g_date_time_to_local (dc_diagnosis_get_generated (diagnosis));
  stamp = g_date_time_format (local, "%Y-%m-%d-%H%M");
  /* A file name, not for translation: it travels to support agents. */
  filename = g_strdup_printf ("device-report-%s.json", stamp);
  {
    gsize length = strlen (text);
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);
    attach (self, bytes, filename, "application/json");
  }
}

static void
report_confirmed (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  DcChatView *self = user_data;
  g_autoptr (DcDiagnosis) diagnosis = NULL;

  if (g_strcmp0 (response, "send") != 0)
    return;
  set_attaching (self, TRUE);
  diagnosis = dc_diagnosis_new (NULL);
  dc_diagnosis_run_async (diagnosis, self->cancellable, diagnosis_done_cb, g_object_ref (self));
}

/* The report names the phone (serial number, IMEI) whatever the pre-chat form said: the customer
 * decides knowing that. */
static void
attach_report_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Send the Diagnostics Report?"),
    _ ("The report describes this phone and how it is doing: manufacturer, model, serial number, "
       "IMEI, system, battery, storage and the other checks. Support can read all of it."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "send",
                                    _ ("_Send"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (report_confirmed), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
screenshot_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcChatView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *guessed = NULL;
  g_autofree char *mime = NULL;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says why */
          g_autofree char *text
            = g_strdup_printf (_ ("The picture could not be read: %s"), error->message);
          dc_chat_view_toast (self, text);
          set_attaching (self, FALSE);
        }
      return;
    }
  guessed
    = g_content_type_guess (name, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  mime = g_content_type_get_mime_type (guessed);
  if (mime == NULL || !g_str_has_prefix (mime, "image/"))
    {
      dc_chat_view_toast (self, _ ("That file is not a picture. Choose a screenshot."));
      set_attaching (self, FALSE);
      return;
    }
  attach (self, bytes, name, mime);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  DcChatView *self = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    {
      set_attaching (self, TRUE);
      g_file_load_bytes_async (file, self->cancellable, screenshot_loaded_cb, g_object_ref (self));
    }
  g_clear_object (&self->chooser);
}

static void
attach_screenshot_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcChatView *self = DC_CHAT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  /* GTK 4.8 has no GtkFileDialog; the native chooser goes through the portal when there is one. */
  chooser = gtk_file_chooser_native_new (_ ("Send a Screenshot"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Send"), _ ("_Cancel"));
  gtk_file_filter_set_name (filter, _ ("Pictures"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

void
dc_chat_view_composer_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "chat.attach-report", NULL,
                                   attach_report_activated);
  gtk_widget_class_install_action (widget_class, "chat.attach-screenshot", NULL,
                                   attach_screenshot_activated);
}

void
dc_chat_view_composer_init (DcChatView *self)
{
  g_signal_connect_object (self->message_entry, "changed", G_CALLBACK (text_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->message_entry, "activate", G_CALLBACK (entry_activated), self,
                           G_CONNECT_SWAPPED);
}
