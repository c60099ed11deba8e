/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dc-identity.h"
#include "dc-support-account.h"
#include "dc-support-session.h"
#include "dc-tool-private.h"
#include "dc-vendor-config.h"

/* `device-care-tool chat`: a support session as the app opens it, for scripts, agents' tests and
 * factory lines. Each line of standard input is a message; each event is a JSON line. */

typedef struct
{
  GMainLoop *loop;
  DcSupportSession *session;
  DcIdentity *identity;
  char *domain;
  DcSupportAccount *account;
  char **share;
  char *problem;
  char *category;
  GDataInputStream *input;
  guint history; /* messages of the transcript before this run */
  gboolean input_done;
  gboolean quit;
  int status;
} Chat;

static void
emit (JsonBuilder *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);

  dc_tool_write_line (text);
}

static void
emit_simple (const char *type, const char *key, const char *value)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  emit (builder);
}

static void
maybe_finish (Chat *chat)
{
  if ((chat->input_done || chat->quit) && dc_support_session_is_flushed (chat->session))
    {
      if (chat->quit)
        dc_support_session_close (chat->session);
      g_main_loop_quit (chat->loop);
    }
}

static gboolean
shared (Chat *chat, const char *what)
{
  return chat->share != NULL && g_strv_contains ((const char *const *)chat->share, what);
}

/* The device's value for a pre-chat field, or NULL: only what --share names ever leaves. */
static const char *
device_value (Chat *chat, const char *var, char **owned)
{
  if (g_strcmp0 (var, "serial") == 0 && shared (chat, "serial"))
    return dc_identity_get_serial (chat->identity);
  if (g_strcmp0 (var, "model") == 0 && shared (chat, "model"))
    return dc_identity_get_model (chat->identity);
  if (g_strcmp0 (var, "os") == 0 && shared (chat, "os"))
    {
      const char *pretty = dc_identity_get_os_pretty_name (chat->identity);
      return pretty ? pretty
                    : (*owned = g_strjoin (" ", dc_identity_get_os_name (chat->identity) ?: "",
                                           dc_identity_get_os_version (chat->identity), NULL));
    }
  if (g_strcmp0 (var, "imei") == 0 && shared (chat, "imei")
      && dc_identity_get_imei (chat->identity) != NULL)
    return dc_identity_get_imei (chat->identity)[0];
  return NULL;
}

static void
answer_prechat (Chat *chat, DcDataForm *form)
{
  static const char *const identifiers[] = { "serial", "imei", "model", "os" };

  for (gsize i = 0; i < G_N_ELEMENTS (identifiers); i++)
    {
      g_autofree char *owned = NULL;
      const char *value = device_value (chat, identifiers[i], &owned);
      if (dc_data_form_lookup (form, identifiers[i]) == NULL)
        continue;
      dc_data_form_set_value (form, identifiers[i], value);
      dc_data_form_set_included (form, identifiers[i], value != NULL);
    }
  if (chat->category != NULL)
    dc_data_form_set_value (form, "category", chat->category);
  if (chat->problem != NULL)
    dc_data_form_set_value (form, "description", chat->problem);
}

static gboolean
answer_rating (Chat *chat, DcDataForm *form, const char *line)
{
  g_autofree char *stars = NULL;
  const char *comment = line;
  char *end;
  long rating = strtol (line, &end, 10);

  if (end == line || rating < 1 || rating > 5)
    return FALSE;
  comment = end;
  while (*comment == ' ')
    comment++;
  stars = g_strdup_printf ("%ld", rating);
  dc_data_form_set_value (form, "rating", stars);
  dc_data_form_set_value (form, "comment", *comment != '\0' ? comment : NULL);
  return TRUE;
}

static void
emit_form (DcDataForm *form, gboolean answered_fields)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, answered_fields ? "form-answer" : "form");
  json_builder_set_member_name (builder, "form_type");
  json_builder_add_string_value (builder, dc_data_form_get_form_type (form));
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  for (guint i = 0; i < dc_data_form_get_n_fields (form); i++)
    {
      DcFormField *field = dc_data_form_get_field (form, i);
      const char *value;

      if (field->var == NULL || g_strcmp0 (field->var, "FORM_TYPE") == 0)
        continue;
      value = dc_data_form_get_value (form, field->var);
      if (answered_fields && (!dc_data_form_get_included (form, field->var) || value == NULL))
        continue;
      json_builder_set_member_name (builder, field->var);
      if (answered_fields)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_string_value (builder, field->label ? field->label : field->var);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  emit (builder);
}

static void
form_cb (DcSupportSession *session, GParamSpec *pspec, Chat *chat)
{
  DcDataForm *form = dc_support_session_get_form (session);
  g_autoptr (GError) error = NULL;

  if (form == NULL)
    return;
  emit_form (form, FALSE);
  if (g_strcmp0 (dc_data_form_get_form_type (form), DC_FORM_TYPE_RATING) == 0)
    return; /* answered by "/rate N comment" */
  answer_prechat (chat, form);
  emit_form (form, TRUE);
  if (!dc_support_session_submit_form (session, form, &error))
    emit_simple ("error", "message", error->message);
}

static void
state_cb (DcSupportSession *session, GParamSpec *pspec, Chat *chat)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  DcSupportState state = dc_support_session_get_state (session);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "state");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, dc_support_state_to_string (state));
  if (state == DC_SUPPORT_STATE_QUEUED)
    {
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, dc_support_session_get_queue_position (session));
      json_builder_set_member_name (builder, "wait");
      json_builder_add_int_value (builder, dc_support_session_get_estimated_wait (session));
    }
  if (state == DC_SUPPORT_STATE_OFFLINE)
    {
      json_builder_set_member_name (builder, "waiting");
      json_builder_add_int_value (builder, dc_support_session_get_waiting_count (session));
    }
  json_builder_end_object (builder);
  emit (builder);
}

static void
queue_cb (DcSupportSession *session, GParamSpec *pspec, Chat *chat)
{
  if (dc_support_session_get_state (session) == DC_SUPPORT_STATE_QUEUED)
    state_cb (session, pspec, chat);
}

static void
error_cb (DcSupportSession *session, GParamSpec *pspec, Chat *chat)
{
  if (dc_support_session_get_error (session) != NULL)
    emit_simple ("error", "message", dc_support_session_get_error (session));
}

static void
delivery_cb (DcChatMessage *message, GParamSpec *pspec, Chat *chat)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GEnumValue *value = g_enum_get_value (g_type_class_peek (DC_TYPE_DELIVERY),
                                        dc_chat_message_get_delivery (message));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "delivery");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, dc_chat_message_get_origin_id (message));
  json_builder_set_member_name (builder, "delivery");
  json_builder_add_string_value (builder, value->value_nick);
  json_builder_end_object (builder);
  emit (builder);
  maybe_finish (chat);
}

static void
watch_message (Chat *chat, DcChatMessage *message)
{
  g_autoptr (JsonBuilder) builder = NULL;
  DcChatSender sender = dc_chat_message_get_sender (message);

  if (sender == DC_CHAT_SENDER_CUSTOMER)
    {
      /* Stored: from now on it is not lost, and a script learns its id. */
      delivery_cb (message, NULL, chat);
      g_signal_connect (message, "notify::delivery", G_CALLBACK (delivery_cb), chat);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "message");
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, sender == DC_CHAT_SENDER_DESK    ? "desk"
                                          : sender == DC_CHAT_SENDER_AGENT ? "agent"
                                                                           : "app");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, dc_chat_message_get_body (message));
  json_builder_end_object (builder);
  emit (builder);
  dc_support_session_mark_displayed (chat->session, message);
}

static void
messages_changed_cb (GListModel *model, guint position, guint removed, guint added, Chat *chat)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (DcChatMessage) message = g_list_model_get_item (model, i);
      watch_message (chat, message);
    }
}

static void
registered_cb (DcSupportSession *session, Chat *chat)
{
  g_autoptr (GError) error = NULL;

  if (!dc_support_account_mark_registered (chat->domain, chat->account, &error))
    emit_simple ("error", "message", error->message);
}

static void read_line (Chat *chat);

static void
handle_line (Chat *chat, const char *line)
{
  g_autoptr (GError) error = NULL;
  DcDataForm *form = dc_support_session_get_form (chat->session);

  if (g_strcmp0 (line, "/quit") == 0)
    {
      chat->quit = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "/rate "))
    {
      if (form == NULL || g_strcmp0 (dc_data_form_get_form_type (form), DC_FORM_TYPE_RATING) != 0
          || !answer_rating (chat, form, line + strlen ("/rate ")))
        emit_simple ("error", "message",
                     _ ("There is no rating to give now, or it is not “/rate 1–5 comment”."));
      else if (!dc_support_session_submit_form (chat->session, form, &error))
        emit_simple ("error", "message", error->message);
      return;
    }
  if (*line == '\0')
    return;
  if (!dc_support_session_send (chat->session, line, &error))
    emit_simple ("error", "message", error->message);
}

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Chat *chat = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  if (line == NULL)
    {
      if (error != NULL)
        emit_simple ("error", "message", error->message);
      chat->input_done = TRUE;
      maybe_finish (chat);
      return;
    }
  handle_line (chat, g_strchomp (line));
  if (chat->quit)
    {
      maybe_finish (chat);
      return;
    }
  read_line (chat);
}

static void
read_line (Chat *chat)
{
  g_data_input_stream_read_line_async (chat->input, G_PRIORITY_DEFAULT, NULL, line_read_cb, chat);
}

/* The session's destination: the options, else the vendor configuration. */
static gboolean
fill_config (DcSupportConfig *config, const char *service, const char *domain, const char *desk,
             const char *rooms, gboolean *guest, GError **error)
{
  g_autoptr (DcVendorConfig) vendor = dc_vendor_config_load (NULL);
  const char *v_domain = NULL, *v_desk = NULL, *v_rooms = NULL;
  const char *v_service = NULL;

  if (vendor != NULL)
    v_service = dc_vendor_config_get_support_service (vendor, &v_domain, &v_desk, &v_rooms, guest);
  config->service = g_strdup (service ? service : v_service);
  config->domain = g_strdup (domain ? domain : v_domain);
  config->desk = g_strdup (desk ? desk : v_desk);
  config->muc = g_strdup (rooms ? rooms : v_rooms);
  if (config->muc == NULL && config->domain != NULL)
    config->muc = g_strdup_printf ("conference.%s", config->domain);
  if (config->service == NULL || config->domain == NULL || config->desk == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("No support chat is configured: give --service, --domain and "
                              "--desk, or set them in the vendor configuration ([Support])."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_share (char **share, GError **error)
{
  static const char *const known[] = { "serial", "imei", "model", "os", "report", NULL };

  for (guint i = 0; share != NULL && share[i] != NULL; i++)
    if (!g_strv_contains (known, share[i]))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _ ("Cannot share “%s”: choose among serial, imei, model, os and report."),
                     share[i]);
        return FALSE;
      }
  return TRUE;
}

static int
run_chat (Chat *chat, DcSupportConfig *config)
{
  g_autoptr (DcSupportStore) store = NULL;
  g_autoptr (GInputStream) stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GError) error = NULL;
  GListModel *messages;

  store = dc_support_store_new (NULL, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_FAILURE;
    }
  if (!config->guest)
    {
      chat->account = dc_support_account_load_or_create (config->domain, &error);
      if (chat->account == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return DC_TOOL_EXIT_FAILURE;
        }
      config->username = g_strdup (chat->account->username);
      config->password = g_strdup (chat->account->password);
      config->create_account = !chat->account->registered;
    }
  chat->domain = g_strdup (config->domain);
  chat->loop = g_main_loop_new (NULL, FALSE);
  chat->session = dc_support_session_new (config, store);
  g_signal_connect (chat->session, "notify::state", G_CALLBACK (state_cb), chat);
  /* The queue moves without the state changing: each move is news to the customer. */
  g_signal_connect (chat->session, "notify::queue-position", G_CALLBACK (queue_cb), chat);
  g_signal_connect (chat->session, "notify::form", G_CALLBACK (form_cb), chat);
  g_signal_connect (chat->session, "notify::error", G_CALLBACK (error_cb), chat);
  g_signal_connect (chat->session, "registered", G_CALLBACK (registered_cb), chat);
  g_signal_connect_swapped (chat->session, "notify::waiting-count", G_CALLBACK (maybe_finish),
                            chat);
  messages = dc_support_session_get_messages (chat->session);
  g_signal_connect (messages, "items-changed", G_CALLBACK (messages_changed_cb), chat);
  dc_support_session_start (chat->session);
  /* What waits from an earlier run reports its delivery too; earlier messages are not printed. */
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (DcChatMessage) message = g_list_model_get_item (messages, i);
      if (dc_chat_message_get_delivery (message) == DC_DELIVERY_WAITING)
        g_signal_connect (message, "notify::delivery", G_CALLBACK (delivery_cb), chat);
    }
  chat->input = g_data_input_stream_new (stdin_stream);
  read_line (chat);
  g_main_loop_run (chat->loop);
  return chat->status;
}

/**
 * dc_tool_chat:
 * @argc: the number of arguments, the command's name included
 * @argv: (array length=argc): the arguments, starting with "chat"
 *
 * `device-care-tool chat [--service URL --domain D --desk JID] [--share LIST]`.
 *
 * Returns: the exit status
 */
int
dc_tool_chat (int argc, char **argv)
{
  g_autofree char *service = NULL, *domain = NULL, *desk = NULL, *rooms = NULL;
  g_autofree char *share = NULL, *problem = NULL, *category = NULL;
  const GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &service,
      N_ ("The chat server’s WebSocket address (wss://, or ws:// on this machine)"), N_ ("URL") },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain, N_ ("The domain of the customer’s account"),
      N_ ("DOMAIN") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_ ("The support desk’s address"), N_ ("JID") },
    { "rooms", 0, 0, G_OPTION_ARG_STRING, &rooms, N_ ("The server’s chat room service"),
      N_ ("DOMAIN") },
    { "share", 0, 0, G_OPTION_ARG_STRING, &share,
      N_ ("What the pre-chat form may send: serial, imei, model, os, report (nothing unless "
          "named)"),
      N_ ("LIST") },
    { "problem", 0, 0, G_OPTION_ARG_STRING, &problem,
      N_ ("The problem description for the pre-chat form"), N_ ("TEXT") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category,
      N_ ("The problem category for the pre-chat form"), N_ ("CATEGORY") },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportConfig) config = g_new0 (DcSupportConfig, 1);
  Chat chat = { 0 };
  int status;

  g_set_prgname ("device-care-tool chat");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _ ("Chat with support: each line of input is a message, "
                                            "each event a line of JSON"));
  g_option_context_set_description (
    context, _ ("“/rate N comment” answers a rating form; “/quit” ends the chat. At the end of "
                "input the command waits until the server has every message."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !fill_config (config, service, domain, desk, rooms, &config->guest, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_USAGE;
    }
  chat.share = share ? g_strsplit (share, ",", -1) : NULL;
  if (!check_share (chat.share, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_strfreev (chat.share);
      return DC_TOOL_EXIT_USAGE;
    }
  chat.identity = dc_identity_read (NULL, NULL, NULL);
  chat.problem = problem;
  chat.category = category;
  status = run_chat (&chat, config);

  g_clear_object (&chat.input);
  g_clear_object (&chat.session);
  g_clear_object (&chat.identity);
  g_clear_pointer (&chat.account, dc_support_account_free);
  g_clear_pointer (&chat.loop, g_main_loop_unref);
  g_free (chat.domain);
  g_strfreev (chat.share);
  return status;
}
