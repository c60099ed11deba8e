/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dc-chat-bubble.h"
#include "dc-chat-view.h"
#include "dc-form-sheet.h"
#include "dc-support-page-private.h"
#include "prosody-harness.h"
#include "ui-harness.h"

/* The support chat at phone size, driven as a customer drives it, against a real Prosody on
 * loopback with slixmpp playing the desk and the agent: "Chat with Support", the pre-chat sheet
 * showing exactly what it would send with the serial number off, the queue, messages both ways
 * with their delivery, the line cut and "Try Again", the rating with stars, and the transcript
 * under Past Chats. The app reaches Prosody through a relay the test can cut. */

typedef struct
{
  ProsodyHarness *harness;
  XmppPeer *desk;
  XmppPeer *agent;
  char *room;
  DcWindow *window;
  DcSupportPage *page;
  DcChatView *view;
  TcpRelay *relay;
} Chat;

/* ---- Setting up: the server, the desk, the vendor's file pointing at the relay ---- */

static void
write_vendor_conf_for (guint16 port, const char *rooms)
{
  g_autofree char *path = g_build_filename (g_getenv ("XDG_DATA_HOME"), "vendor.conf", NULL);
  g_autofree char *contents
    = g_strdup_printf ("[Vendor]\nName=Device Care\n\n"
                       "[Support]\nService=ws://127.0.0.1:%u/xmpp-websocket\nDomain=localhost\n"
                       "Desk=desk@localhost\nRoomService=%s\n\n"
                       "[Channel email]\nType=email\nAddress=support@example.com\n",
                       port, rooms);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_setenv ("DEVICE_CARE_VENDOR_CONF", path, TRUE);
}

static void
write_vendor_conf (Chat *chat)
{
  write_vendor_conf_for (tcp_relay_get_port (chat->relay), prosody_harness_get_muc (chat->harness));
}

/* ---- Reading the screen ---- */

static gboolean
label_contains (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_is_drawable (child)
          && strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (label_contains (child, text))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GtkWidget *root;
  const char *text;
} Shown;

static gboolean
is_shown (gpointer data)
{
  Shown *shown = data;
  return label_contains (shown->root, shown->text);
}

static void
wait_for_text (GtkWidget *root, const char *text)
{
  Shown shown = { root, text };
  g_autofree char *what = g_strdup_printf ("“%s” on screen", text);

  wait_until (is_shown, &shown, what);
}

/* The bubble showing @body, or NULL while there is none. */
static DcChatBubble *
find_bubble (GtkWidget *root, const char *body)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      DcChatBubble *found;

      if (DC_IS_CHAT_BUBBLE (child) && dc_chat_bubble_get_message (DC_CHAT_BUBBLE (child))
          && g_strcmp0 (
               dc_chat_message_get_body (dc_chat_bubble_get_message (DC_CHAT_BUBBLE (child))), body)
               == 0)
        return DC_CHAT_BUBBLE (child);
      if ((found = find_bubble (child, body)))
        return found;
    }
  return NULL;
}

typedef struct
{
  Chat *chat;
  const char *body;
  const char *delivery; /* the delivery icon's label, or NULL for any */
} BubbleWanted;

/* What the customer reads beside their message: the icon's tooltip and accessible label. */
static const char *
delivery_of (DcChatBubble *bubble)
{
  GtkWidget *icon = find_widget (GTK_WIDGET (bubble), GTK_TYPE_IMAGE, NULL);

  return icon && gtk_widget_get_visible (icon) ? gtk_widget_get_tooltip_text (icon) : NULL;
}

static gboolean
bubble_shown (gpointer data)
{
  BubbleWanted *wanted = data;
  DcChatBubble *bubble = find_bubble (GTK_WIDGET (wanted->chat->view), wanted->body);

  return bubble != NULL && gtk_widget_get_mapped (GTK_WIDGET (bubble))
         && (wanted->delivery == NULL || g_strcmp0 (delivery_of (bubble), wanted->delivery) == 0);
}

static DcChatBubble *
wait_for_bubble (Chat *chat, const char *body, const char *delivery)
{
  BubbleWanted wanted = { chat, body, delivery };
  g_autofree char *what = g_strdup_printf ("the bubble “%s” (%s)", body, delivery ?: "any");

  wait_until (bubble_shown, &wanted, what);
  return find_bubble (GTK_WIDGET (chat->view), body);
}

static GtkAlign
bubble_side (DcChatBubble *bubble)
{
  return gtk_widget_get_halign (gtk_widget_get_first_child (GTK_WIDGET (bubble)));
}

static DcFormSheet *
open_sheet (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (DC_IS_FORM_SHEET (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return DC_FORM_SHEET (window);
    }
  return NULL;
}

static gboolean
sheet_ready (gpointer data)
{
  DcFormSheet *sheet = open_sheet ();
  GtkWidget *row;

  if (sheet == NULL || !gtk_widget_get_mapped (GTK_WIDGET (sheet)))
    return FALSE;
  /* Every identifier read: no row says "Reading…" any more. */
  for (row = find_widget (GTK_WIDGET (sheet), ADW_TYPE_ACTION_ROW, NULL); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row)
        && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Reading…") == 0)
      return FALSE;
  return TRUE;
}

static gboolean
no_sheet (gpointer data)
{
  return open_sheet () == NULL;
}

static GtkSwitch *
switch_of (GtkWidget *sheet, const char *row_title)
{
  GtkWidget *row = find_widget (sheet, ADW_TYPE_ACTION_ROW, row_title);

  g_assert_nonnull (row);
  return GTK_SWITCH (find_widget (row, GTK_TYPE_SWITCH, NULL));
}

static const char *
row_subtitle (GtkWidget *sheet, const char *row_title)
{
  GtkWidget *row = find_widget (sheet, ADW_TYPE_ACTION_ROW, row_title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* ---- The chat ---- */

static gboolean
chat_shown (gpointer data)
{
  Chat *chat = data;
  return is_laid_out (chat->view);
}

static gboolean
slid_in (gpointer leaflet)
{
  return !adw_leaflet_get_child_transition_running (leaflet);
}

static void
open_chat (Chat *chat)
{
  GtkWidget *row;
  g_autoptr (JsonObject) invite = NULL;
  g_autoptr (JsonObject) joined = NULL;

  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (chat->window), "win.show-page", "s", "support"));
  settle ();
  chat->page
    = DC_SUPPORT_PAGE (find_widget (GTK_WIDGET (chat->window), DC_TYPE_SUPPORT_PAGE, NULL));
  g_assert_nonnull (chat->page);
  chat->view = dc_support_page_get_chat_view (chat->page);

  /* The vendor runs a chat: it comes first among the ways to reach support. */
  row = find_widget (GTK_WIDGET (chat->page), ADW_TYPE_ACTION_ROW, "Chat with Support");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_drawable (row));
  g_assert_true (gtk_widget_activate (row));
  wait_until (chat_shown, chat, "the chat");
  wait_until (slid_in, chat->page->leaflet, "the chat to slide in");
  /* On a phone the chat takes the page. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chat->view)), ==, 360);

  invite = xmpp_peer_wait (chat->desk, "invite");
  chat->room = g_strdup (json_object_get_string_member (invite, "room"));
  joined = xmpp_peer_wait (chat->desk, "joined");
  wait_for_text (GTK_WIDGET (chat->view), "Waiting for the support desk…");
}

static void
desk_sends_prechat_form (Chat *chat)
{
  xmpp_peer_sendf (
    chat->desk,
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"title\":\"Before We Start\","
    "\"instructions\":\"Tell us about your phone and the problem.\","
    "\"body\":\"Hello! Please tell us about your device.\",\"fields\":["
    "{\"var\":\"FORM_TYPE\",\"type\":\"hidden\",\"value\":\"urn:devicecare:support:prechat\"},"
    "{\"var\":\"serial\",\"type\":\"text-single\",\"label\":\"Serial number\"},"
    "{\"var\":\"imei\",\"type\":\"text-single\",\"label\":\"IMEI\"},"
    "{\"var\":\"model\",\"type\":\"text-single\",\"label\":\"Model\"},"
    "{\"var\":\"os\",\"type\":\"text-single\",\"label\":\"System\"},"
    "{\"var\":\"category\",\"type\":\"list-single\",\"label\":\"Topic\",\"options\":["
    "{\"label\":\"Battery\",\"value\":\"battery\"},{\"label\":\"Display\",\"value\":\"display\"},"
    "{\"label\":\"Other\",\"value\":\"other\"}]},"
    "{\"var\":\"description\",\"type\":\"text-multi\",\"label\":\"Problem\","
    "\"required\":true}]}",
    chat->room);
}

/* The desk's copy of the customer's answer: the fields sent, and only those. */
static JsonObject *
desk_receives_answer (Chat *chat)
{
  for (;;)
    {
      g_autoptr (JsonObject) form = xmpp_peer_wait (chat->desk, "form");
      if (g_strcmp0 (json_object_get_string_member (form, "form_type"), "submit") == 0)
        return json_object_ref (json_object_get_object_member (form, "fields"));
    }
}

static const char *
first_value (JsonObject *fields, const char *var)
{
  return json_array_get_string_element (json_object_get_array_member (fields, var), 0);
}

static gboolean
is_active (gpointer window)
{
  return gtk_window_is_active (window);
}

/* What a window manager does when a sheet closes (Xvfb has none): the window has the focus. */
static void
focus_window (Chat *chat)
{
  gtk_window_present (GTK_WINDOW (chat->window));
  wait_until (is_active, chat->window, "the window to be active");
}

static void
answer_prechat (Chat *chat)
{
  DcFormSheet *sheet;
  g_autoptr (JsonObject) fields = NULL;
  GtkWidget *text;

  desk_sends_prechat_form (chat);
  wait_until (sheet_ready, NULL, "the pre-chat sheet");
  sheet = open_sheet ();

  /* Exactly what would be sent, each with its own switch: the serial number off. */
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (sheet), "Serial number"), ==, "deadbeef00c0ffee");
  g_assert_false (gtk_switch_get_active (switch_of (GTK_WIDGET (sheet), "Serial number")));
  g_assert_true (
    gtk_widget_get_sensitive (GTK_WIDGET (switch_of (GTK_WIDGET (sheet), "Serial number"))));
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (sheet), "Model"), ==, "Pine64 PinePhone (1.2)");
  g_assert_true (gtk_switch_get_active (switch_of (GTK_WIDGET (sheet), "Model")));
  g_assert_nonnull (strstr (row_subtitle (GTK_WIDGET (sheet), "System"), "Mobian"));
  g_assert_true (gtk_switch_get_active (switch_of (GTK_WIDGET (sheet), "System")));
  /* No modem here: nothing to share, nothing to switch on. */
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (sheet), "IMEI"), ==, "Not available on this phone");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (switch_of (GTK_WIDGET (sheet), "IMEI"))));
  save_window_screenshot (GTK_WINDOW (sheet), adw_window_get_content (ADW_WINDOW (sheet)),
                          "chat-form-phone.png");

  /* Cancel sends nothing; the questions wait behind the status line's button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "sheet.cancel", NULL));
  wait_until (no_sheet, NULL, "the sheet to close");
  g_assert_nonnull (dc_support_session_get_form (dc_support_page_get_session (chat->page)));
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (chat->view), "_Answer")));
  save_screenshot (chat->window, "chat-form-pending-phone.png");
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (chat->view), "_Answer")));
  wait_until (sheet_ready, NULL, "the pre-chat sheet again");
  sheet = open_sheet ();

  adw_combo_row_set_selected (
    ADW_COMBO_ROW (find_widget (GTK_WIDGET (sheet), ADW_TYPE_COMBO_ROW, "Topic")), 1);
  text = find_widget (GTK_WIDGET (sheet), GTK_TYPE_TEXT_VIEW, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)),
                            "The battery drains overnight.", -1);
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (sheet), "_Send")));
  wait_until (no_sheet, NULL, "the sheet to close after Send");
  focus_window (chat);

  fields = desk_receives_answer (chat);
  g_assert_false (json_object_has_member (fields, "serial"));
  g_assert_false (json_object_has_member (fields, "imei"));
  g_assert_cmpstr (first_value (fields, "model"), ==, "Pine64 PinePhone (1.2)");
  g_assert_cmpstr (first_value (fields, "category"), ==, "battery");
  g_assert_cmpstr (first_value (fields, "description"), ==, "The battery drains overnight.");
}

static void
queue_and_agent (Chat *chat)
{
  g_autoptr (JsonObject) joined = NULL;
  g_autoptr (JsonObject) sent = NULL;
  g_autoptr (JsonObject) displayed = NULL;
  DcChatBubble *bubble;

  xmpp_peer_sendf (
    chat->desk,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"All our agents "
    "are busy; one will be with you soon.\",\"xml\":\"<status "
    "xmlns='urn:devicecare:support:0' state='queued' position='2' wait='300'/>\"}",
    chat->room);
  wait_for_text (GTK_WIDGET (chat->view), "You are number 2 in the queue — about 5 minutes");

  chat->agent = xmpp_peer_start (chat->harness, "agent@localhost", "agent-secret", "--auto-join",
                                 "Sam", NULL);
  xmpp_peer_sendf (chat->desk, "{\"cmd\":\"invite\",\"room\":\"%s\",\"jid\":\"agent@localhost\"}",
                   chat->room);
  joined = xmpp_peer_wait (chat->agent, "joined");
  xmpp_peer_sendf (
    chat->agent,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"Hi, I am Sam. "
    "Which apps do you use most?\"}",
    chat->room);
  sent = xmpp_peer_wait (chat->agent, "sent");
  bubble = wait_for_bubble (chat, "Hi, I am Sam. Which apps do you use most?", NULL);
  /* Shown in the active window: Sam is told it was read. */
  displayed = xmpp_peer_wait_for (chat->agent, "displayed", "id",
                                  json_object_get_string_member (sent, "origin_id"));
  /* Support's messages on the left, under the sender's name, with no delivery mark. */
  g_assert_cmpint (bubble_side (bubble), ==, GTK_ALIGN_START);
  g_assert_true (label_contains (GTK_WIDGET (bubble), "Sam"));
  g_assert_null (delivery_of (bubble));
  wait_for_text (GTK_WIDGET (chat->view), "Chatting with Sam");
}

/* What the agent's client received from the customer. */
static void
agent_receives (Chat *chat, const char *body)
{
  g_autoptr (JsonObject) message = xmpp_peer_wait_for (chat->agent, "message", "body", body);

  g_assert_cmpstr (json_object_get_string_member (message, "nick"), ==, "customer");
}

static GtkEntry *
composer (Chat *chat)
{
  return GTK_ENTRY (find_widget (GTK_WIDGET (chat->view), GTK_TYPE_ENTRY, NULL));
}

static gboolean
banner_shown (gpointer view)
{
  return gtk_revealer_get_child_revealed (
    GTK_REVEALER (find_widget (GTK_WIDGET (view), GTK_TYPE_REVEALER, NULL)));
}

static gboolean
banner_gone (gpointer view)
{
  /* The first revealer, under the status line. */
  return !gtk_revealer_get_child_revealed (
    GTK_REVEALER (find_widget (GTK_WIDGET (view), GTK_TYPE_REVEALER, NULL)));
}

static void
write_messages (Chat *chat)
{
  GtkEntry *entry = composer (chat);
  DcChatBubble *bubble;
  g_autoptr (JsonObject) typing = NULL;

  /* Typing tells the agent, once. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Mostly the browser and maps.");
  typing = xmpp_peer_wait_for (chat->agent, "chatstate", "state", "composing");
  /* Enter sends; the entry is emptied once the message is stored. */
  /* What the Return key does, through the entry's text widget. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (entry), GTK_TYPE_TEXT, NULL), "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  agent_receives (chat, "Mostly the browser and maps.");
  bubble = wait_for_bubble (chat, "Mostly the browser and maps.", "Sent");
  g_assert_cmpint (bubble_side (bubble), ==, GTK_ALIGN_END);

  /* The line drops: written messages wait, shown as such, and go once it is back. */
  tcp_relay_cut (chat->relay);
  wait_for_text (GTK_WIDGET (chat->view), "Offline");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Is it the battery?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chat->view), "chat.send", NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  wait_for_bubble (chat, "Is it the battery?", "Waiting to be sent");
  wait_for_text (GTK_WIDGET (chat->view), "Offline — 1 message waiting");
  wait_until (banner_shown, chat->view, "the offline banner");
  save_screenshot (chat->window, "chat-offline-phone.png");
  tcp_relay_restore (chat->relay);
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (chat->view), "_Try Again")));
  agent_receives (chat, "Is it the battery?");
  wait_for_bubble (chat, "Is it the battery?", "Sent");

  xmpp_peer_sendf (
    chat->agent,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"Maps keeps the "
    "GPS on. Try closing it at night; I will mark this as solved.\"}",
    chat->room);
  wait_for_bubble (chat,
                   "Maps keeps the GPS on. Try closing it at night; I will mark this as "
                   "solved.",
                   NULL);
  wait_until (banner_gone, chat->view, "the offline banner to slide away");
  save_screenshot (chat->window, "chat-phone.png");
}

static gboolean
star_given (gpointer star)
{
  return gtk_toggle_button_get_active (star);
}

static AdwMessageDialog *
open_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return open_dialog () != NULL;
}

static gboolean
attached (gpointer view)
{
  return gtk_widget_is_drawable (find_widget (view, GTK_TYPE_MENU_BUTTON, NULL));
}

/* The customer sends the diagnostics report, told first what it holds: the agent gets its
 * address, and the file there is the report. */
static void
attach_report (Chat *chat)
{
  AdwMessageDialog *dialog;
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (SoupSession) http = soup_session_new ();
  g_autoptr (SoupMessage) get = NULL;
  g_autoptr (GBytes) fetched = NULL;
  g_autoptr (GError) error = NULL;
  const char *url;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chat->view), "chat.attach-report", NULL));
  wait_until (dialog_shown, NULL, "the question before the report is sent");
  dialog = open_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send the Diagnostics Report?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "serial number"));
  adw_message_dialog_response (dialog, "send");
  /* A spinner where the attach button was, while the phone is checked and the file uploaded. */
  g_assert_false (
    gtk_widget_get_visible (find_widget (GTK_WIDGET (chat->view), GTK_TYPE_MENU_BUTTON, NULL)));

  /* Earlier messages of the room come first. */
  do
    {
      g_clear_pointer (&message, json_object_unref);
      message = xmpp_peer_wait (chat->agent, "message");
      url = json_object_get_string_member (message, "body");
    }
  while (g_strcmp0 (json_object_get_string_member (message, "nick"), "customer") != 0
         || !g_str_has_prefix (url, "http"));
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, ".json"));
  g_assert_nonnull (strstr (url, "/device-report-"));
  get = soup_message_new ("GET", url);
  fetched = soup_session_send_and_read (http, get, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (get), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (fetched, NULL), g_bytes_get_size (fetched),
                                  "\"device-care/report/1\""));
  wait_for_bubble (chat, url, "Sent");
  /* The spinner gives the attach button its place back. */
  wait_until (attached, chat->view, "the attachment to be done");
  save_screenshot (chat->window, "chat-report-phone.png");
}

static void
rate (Chat *chat)
{
  g_autoptr (JsonObject) fields = NULL;
  DcFormSheet *sheet;
  GtkWidget *star = NULL;
  GtkWidget *comment;

  xmpp_peer_sendf (
    chat->desk,
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"title\":\"How did we do?\","
    "\"fields\":[{\"var\":\"FORM_TYPE\",\"type\":\"hidden\","
    "\"value\":\"urn:devicecare:support:rating\"},{\"var\":\"rating\",\"type\":"
    "\"list-single\",\"label\":\"Rating\",\"required\":true,\"options\":["
    "{\"label\":\"1\",\"value\":\"1\"},{\"label\":\"2\",\"value\":\"2\"},"
    "{\"label\":\"3\",\"value\":\"3\"},{\"label\":\"4\",\"value\":\"4\"},"
    "{\"label\":\"5\",\"value\":\"5\"}]},"
    "{\"var\":\"comment\",\"type\":\"text-multi\",\"label\":\"Comment\"}]}",
    chat->room);
  wait_until (sheet_ready, NULL, "the rating sheet");
  sheet = open_sheet ();
  /* No stars given yet: nothing to send. */
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (sheet), "_Send")));
  for (GtkWidget *child = gtk_widget_get_first_child (
         gtk_widget_get_parent (find_widget (GTK_WIDGET (sheet), GTK_TYPE_TOGGLE_BUTTON, NULL)));
       child; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_tooltip_text (child), "4 stars") == 0)
      star = child;
  g_assert_nonnull (star);
  g_assert_true (gtk_widget_activate (star));
  /* A button shows itself pressed for a moment before it counts as clicked. */
  wait_until (star_given, star, "the fourth star");
  g_assert_false (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (gtk_widget_get_next_sibling (star)))); /* the fifth stays empty */
  comment = find_widget (GTK_WIDGET (sheet), GTK_TYPE_TEXT_VIEW, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (comment)), "Quick and kind.",
                            -1);
  save_window_screenshot (GTK_WINDOW (sheet), adw_window_get_content (ADW_WINDOW (sheet)),
                          "chat-rating-phone.png");
  g_assert_true (gtk_widget_activate (find_button (GTK_WIDGET (sheet), "_Send")));
  wait_until (no_sheet, NULL, "the rating sheet to close");

  fields = desk_receives_answer (chat);
  g_assert_cmpstr (first_value (fields, "rating"), ==, "4");
  g_assert_cmpstr (first_value (fields, "comment"), ==, "Quick and kind.");

  xmpp_peer_sendf (chat->desk,
                   "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"Thank you!\","
                   "\"xml\":\"<status xmlns='urn:devicecare:support:0' state='closed'/>\"}",
                   chat->room);
  wait_for_text (GTK_WIDGET (chat->view), "Chat ended");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (composer (chat))));
}

static gboolean
past_chat_listed (gpointer data)
{
  Chat *chat = data;
  return gtk_widget_get_mapped (GTK_WIDGET (chat->page->past_group));
}

static void
read_past_chat (Chat *chat)
{
  GtkWidget *row;
  DcChatView *transcript;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chat->view), "support.back", NULL));
  wait_until (past_chat_listed, chat, "Past Chats");
  row = find_widget (GTK_WIDGET (chat->page->past_list), ADW_TYPE_ACTION_ROW, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Thank you!");
  g_assert_true (gtk_widget_activate (row));

  transcript = chat->page->transcript_view;
  chat->view = transcript;
  wait_for_bubble (chat, "Mostly the browser and maps.", "Sent");
  wait_until (slid_in, chat->page->leaflet, "the transcript to slide in");
  save_screenshot (chat->window, "chat-transcript-phone.png");
  /* Read-only: nothing to write. */
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (composer (chat))));
}

static void
test_whole_chat (void)
{
  Chat chat = { 0 };
  g_autoptr (GUri) uri = NULL;

  chat.harness = prosody_harness_start ();
  uri = g_uri_parse (prosody_harness_get_ws_url (chat.harness), G_URI_FLAGS_NONE, NULL);
  prosody_harness_register (chat.harness, "desk", "desk-secret");
  prosody_harness_register (chat.harness, "agent", "agent-secret");
  chat.desk
    = xmpp_peer_start (chat.harness, "desk@localhost", "desk-secret", "--auto-join", "Desk", NULL);
  chat.relay = tcp_relay_new (g_uri_get_port (uri));
  write_vendor_conf (&chat);
  chat.window = open_window (360, 720);

  open_chat (&chat);
  answer_prechat (&chat);
  queue_and_agent (&chat);
  write_messages (&chat);
  attach_report (&chat);
  rate (&chat);
  read_past_chat (&chat);

  gtk_window_destroy (GTK_WINDOW (chat.window));
  g_clear_pointer (&chat.agent, xmpp_peer_free);
  g_clear_pointer (&chat.desk, xmpp_peer_free);
  g_clear_pointer (&chat.relay, tcp_relay_free);
  g_clear_pointer (&chat.harness, prosody_harness_free);
  g_free (chat.room);
}

/* The app's style sheet, which AdwApplication loads from the resources: the tests open the window
 * without the application, and the screenshots are to look as the app does. */
static void
load_app_style (void)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* No server answers: at desktop size, the chat says it is offline and keeps what the customer
 * writes, waiting. */
static void
test_unreachable_server (void)
{
  Chat chat = { 0 };
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  GtkEntry *entry;

  /* A port that was free a moment ago and is closed now. */
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  write_vendor_conf_for (port, "rooms.localhost");
  chat.window = open_window (1200, 800);
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (chat.window), "win.show-page", "s", "support"));
  settle ();
  chat.page = DC_SUPPORT_PAGE (find_widget (GTK_WIDGET (chat.window), DC_TYPE_SUPPORT_PAGE, NULL));
  chat.view = dc_support_page_get_chat_view (chat.page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chat.page), "support.open-chat", NULL));
  wait_for_text (GTK_WIDGET (chat.view), "Offline");
  g_assert_true (gtk_widget_is_drawable (find_button (GTK_WIDGET (chat.view), "_Try Again")));

  entry = composer (&chat);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Hello?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chat.view), "chat.send", NULL));
  wait_for_bubble (&chat, "Hello?", "Waiting to be sent");
  wait_for_text (GTK_WIDGET (chat.view), "Offline — 1 message waiting");
  wait_until (banner_shown, chat.view, "the offline banner");
  save_screenshot (chat.window, "chat-offline-wide.png");

  gtk_window_destroy (GTK_WINDOW (chat.window));
}

int
main (int argc, char *argv[])
{
  g_autofree char *root = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* Not on the session's accessibility bus, as the other UI tests (see test-device-page.c). */
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* The account and the transcript go to a directory of the test's own. */
  data = g_dir_make_tmp ("dc-chat-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_app_style ();

  root = g_test_build_filename (G_TEST_DIST, "data", "device", "pinephone", NULL);
  g_setenv ("DEVICE_CARE_ROOT", root, TRUE);
  /* No ModemManager: the IMEI row says there is none, at once. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket", TRUE);

  g_test_add_func ("/ui/support-chat/whole-chat", test_whole_chat);
  /* Last: it leaves a chat open, with a message waiting, in the shared data directory. */
  g_test_add_func ("/ui/support-chat/unreachable-server", test_unreachable_server);

  status = g_test_run ();
  test_remove_tree (data);
  return status;
}
