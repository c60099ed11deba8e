/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-chat-state-text.h"
#include "dc-past-chat.h"
#include "dc-support-page-private.h"

/* The Support page's chat: "Chat with Support" opens the chat over the page (on a phone it takes
 * the page), the account and the transcript store are opened in a thread the first time (the
 * Secret Service and SQLite block), and "Past Chats" lists the chats that ended, each opening
 * its transcript read-only. Going back leaves the chat running. */

/* ---- Past chats ---- */

static GtkWidget *
create_past_row (gpointer item, gpointer user_data)
{
  DcPastChat *chat = DC_PAST_CHAT (item);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dc_past_chat_get_title (chat));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dc_past_chat_get_last_message (chat));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", dc_past_chat_get_id (chat));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "support.open-transcript");
  return row;
}

static void
show_past_chats (DcSupportPage *self, GPtrArray *records)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      DcSessionRecord *record = g_ptr_array_index (records, i);

      /* An unfinished chat is the one "Chat with Support" continues. */
      if (g_strcmp0 (record->state, "closed") == 0 && record->n_messages > 0)
        g_ptr_array_add (items, dc_past_chat_new (record));
    }
  g_list_store_splice (self->past_chats, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->past_chats)), items->pdata,
                       items->len);
  gtk_widget_set_visible (GTK_WIDGET (self->past_group), items->len > 0);
}

/* On the main thread, as the session's own writes: the store's connection is not shared with
 * threads, and the list is one small query. */
static void
refresh_past_chats (DcSupportPage *self)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    return;
  records = dc_support_store_list_sessions (self->store, &error);
  if (records == NULL)
    g_warning ("Could not list the past chats: %s", error->message);
  show_past_chats (self, records);
}

/* ---- Opening the store and the account ---- */

typedef struct
{
  char *domain;
  gboolean guest;
  DcSupportStore *store;
  DcSupportAccount *account;
} Preparation;

static void
preparation_free (Preparation *prep)
{
  g_free (prep->domain);
  g_clear_object (&prep->store);
  g_clear_pointer (&prep->account, dc_support_account_free);
  g_free (prep);
}

/* libsecret and SQLite block: never on the main thread. */
static void
prepare_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Preparation *prep = task_data;
  GError *error = NULL;

  if (prep->store == NULL && (prep->store = dc_support_store_new (NULL, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!prep->guest
      && (prep->account = dc_support_account_load_or_create (prep->domain, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
account_marked_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Preparation *prep = task_data;
  GError *error = NULL;

  if (!dc_support_account_mark_registered (prep->domain, prep->account, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
account_marked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* The server has the account; the next start would try to create it again and be told it
   * exists, which the engine treats as a failed login: worth a line in the journal. */
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not remember that the chat account is registered: %s", error->message);
}

/* The Secret Service is a D-Bus call: the account is marked in a thread too. */
static void
session_registered (DcSupportPage *self)
{
  g_autoptr (GTask) task = NULL;
  Preparation *prep;

  if (self->account == NULL)
    return;
  self->account->registered = TRUE;
  prep = g_new0 (Preparation, 1);
  prep->domain = g_strdup (self->chat_config->domain);
  prep->account = g_new0 (DcSupportAccount, 1);
  prep->account->username = g_strdup (self->account->username);
  prep->account->password = g_strdup (self->account->password);
  prep->account->registered = TRUE;
  task = g_task_new (self, NULL, account_marked_cb, NULL);
  g_task_set_task_data (task, prep, (GDestroyNotify)preparation_free);
  g_task_run_in_thread (task, account_marked_thread);
}

static void
session_state_changed (DcSupportPage *self)
{
  g_autofree char *text = dc_chat_state_describe (self->session);
  gboolean closed = dc_support_session_get_state (self->session) == DC_SUPPORT_STATE_CLOSED;

  adw_action_row_set_subtitle (self->chat_row,
                               closed ? _ ("Write to a person from support") : text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "support.end-chat", !closed);
  if (closed)
    refresh_past_chats (self);
}

static void
start_session (DcSupportPage *self)
{
  DcSupportConfig config = *self->chat_config;

  if (self->account != NULL)
    {
      config.username = self->account->username;
      config.password = self->account->password;
      config.create_account = !self->account->registered;
    }
  g_clear_object (&self->session);
  self->session = dc_support_session_new (&config, self->store);
  g_signal_connect_object (self->session, "registered", G_CALLBACK (session_registered), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_changed), self,
                           G_CONNECT_SWAPPED);
  dc_chat_view_set_session (self->chat_view, self->session);
  dc_support_session_start (self->session);
  session_state_changed (self);
}

static void
prepared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (source);
  Preparation *prep = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->preparing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      adw_status_page_set_description (self->problem_page, error->message);
      gtk_stack_set_visible_child_name (self->conversation_stack, "problem");
      return;
    }
  if (self->store == NULL)
    self->store = g_steal_pointer (&prep->store);
  if (self->account == NULL)
    self->account = g_steal_pointer (&prep->account);
  gtk_stack_set_visible_child_name (self->conversation_stack, "chat");
  start_session (self);
  refresh_past_chats (self);
}

static void
show_conversation (DcSupportPage *self, const char *child, const char *title)
{
  adw_window_title_set_title (self->conversation_title, title);
  gtk_widget_set_visible (self->chat_menu_button, g_str_equal (child, "chat"));
  gtk_stack_set_visible_child_name (self->conversation_stack, child);
  adw_leaflet_set_visible_child_name (self->leaflet, "conversation");
}

static void
open_chat_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (widget);
  g_autoptr (GTask) task = NULL;
  Preparation *prep;

  if (self->chat_config == NULL)
    return;
  show_conversation (self, "chat", _ ("Support Chat"));
  if (self->preparing
      || (self->session != NULL
          && dc_support_session_get_state (self->session) != DC_SUPPORT_STATE_CLOSED))
    return;
  if (self->store != NULL && (self->account != NULL || self->chat_config->guest))
    {
      start_session (self);
      return;
    }
  /* "Connecting…" while the account and the store open. */
  dc_chat_view_set_session (self->chat_view, NULL);
  self->preparing = TRUE;
  prep = g_new0 (Preparation, 1);
  prep->domain = g_strdup (self->chat_config->domain);
  prep->guest = self->chat_config->guest;
  prep->store = self->store ? g_object_ref (self->store) : NULL;
  task = g_task_new (self, self->cancellable, prepared_cb, NULL);
  g_task_set_task_data (task, prep, (GDestroyNotify)preparation_free);
  g_task_run_in_thread (task, prepare_thread);
}

/* ---- Transcripts, back, end ---- */

static void
transcript_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcSupportPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages
    = dc_support_store_load_messages_finish (DC_SUPPORT_STORE (source), result, &error);
  g_autoptr (GListStore) model = g_list_store_new (DC_TYPE_CHAT_MESSAGE);

  if (messages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_description (self->problem_page, error->message);
          gtk_stack_set_visible_child_name (self->conversation_stack, "problem");
        }
      return;
    }
  g_list_store_splice (model, 0, 0, messages->pdata, messages->len);
  dc_chat_view_set_transcript (self->transcript_view, G_LIST_MODEL (model));
}

static void
open_transcript_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  const char *title = _ ("Past Chat");

  if (self->store == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->past_chats)); i++)
    {
      g_autoptr (DcPastChat) chat = g_list_model_get_item (G_LIST_MODEL (self->past_chats), i);
      if (dc_past_chat_get_id (chat) == id)
        title = dc_past_chat_get_title (chat); /* the store keeps it alive */
    }
  dc_chat_view_set_transcript (self->transcript_view, NULL);
  show_conversation (self, "transcript", title);
  dc_support_store_load_messages_async (self->store, id, self->cancellable, transcript_loaded_cb,
                                        g_object_ref (self));
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  adw_leaflet_navigate (DC_SUPPORT_PAGE (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
end_chat_confirmed (AdwMessageDialog *dialog, const char *response, DcSupportPage *self)
{
  if (g_strcmp0 (response, "end") == 0 && self->session != NULL)
    dc_support_session_close (self->session);
}

static void
end_chat_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("End the Chat?"),
    _ ("Support will no longer read what you write here. The chat stays on this phone under "
       "Past Chats."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "end",
                                    _ ("_End Chat"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_chat_confirmed), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Setup ---- */

static void
store_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (source);
  g_autoptr (DcSupportStore) store = g_task_propagate_pointer (G_TASK (result), NULL);

  if (store == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (self->store == NULL)
    self->store = g_steal_pointer (&store);
  refresh_past_chats (self);
}

static void
open_store_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_autofree char *path = dc_support_store_default_path ();
  GError *error = NULL;
  DcSupportStore *store;

  /* Opening creates the file: a customer who never chatted gets none. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  store = dc_support_store_new (path, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/**
 * dc_support_page_setup_chat:
 * @self: the page, its vendor configuration loaded
 *
 * Shows "Chat with Support" and the past chats when the vendor runs a chat.
 */
void
dc_support_page_setup_chat (DcSupportPage *self)
{
  const char *domain = NULL, *desk = NULL, *rooms = NULL;
  gboolean guest = FALSE;
  const char *service
    = dc_vendor_config_get_support_service (self->config, &domain, &desk, &rooms, &guest);
  g_autoptr (GTask) task = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->chat_row), service != NULL);
  if (service == NULL || self->chat_config != NULL)
    return;
  self->chat_config = g_new0 (DcSupportConfig, 1);
  self->chat_config->service = g_strdup (service);
  self->chat_config->domain = g_strdup (domain);
  self->chat_config->desk = g_strdup (desk);
  self->chat_config->muc = rooms ? g_strdup (rooms) : g_strdup_printf ("conference.%s", domain);
  self->chat_config->guest = guest;

  self->past_chats = g_list_store_new (DC_TYPE_PAST_CHAT);
  gtk_list_box_bind_model (self->past_list, G_LIST_MODEL (self->past_chats), create_past_row, self,
                           NULL);
  task = g_task_new (self, self->cancellable, store_opened_cb, NULL);
  g_task_run_in_thread (task, open_store_thread);
}

void
dc_support_page_chat_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "support.open-chat", NULL, open_chat_activated);
  gtk_widget_class_install_action (widget_class, "support.open-transcript", "x",
                                   open_transcript_activated);
  gtk_widget_class_install_action (widget_class, "support.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "support.end-chat", NULL, end_chat_activated);
}

void
dc_support_page_chat_dispose (DcSupportPage *self)
{
  if (self->chat_view != NULL)
    dc_chat_view_set_session (self->chat_view, NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->past_chats);
  g_clear_pointer (&self->account, dc_support_account_free);
  g_clear_pointer (&self->chat_config, dc_support_config_free);
}

/**
 * dc_support_page_get_chat_view:
 * @self: the page
 *
 * Returns: (transfer none): the live chat's view (a seam for the tests)
 */
DcChatView *
dc_support_page_get_chat_view (DcSupportPage *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_PAGE (self), NULL);
  return self->chat_view;
}

/**
 * dc_support_page_get_session:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the live chat, once started (a seam for the tests)
 */
DcSupportSession *
dc_support_page_get_session (DcSupportPage *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_PAGE (self), NULL);
  return self->session;
}
