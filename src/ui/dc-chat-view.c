/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-chat-bubble.h"
#include "dc-chat-state-text.h"
#include "dc-chat-view-private.h"

/**
 * DcChatView:
 *
 * A support chat as the customer sees it: where it stands on top (the
 * state in words, "Offline" with "Try Again", the desk's questions waiting
 * to be answered), the messages as bubbles following the newest, whether the
 * other side is typing, and the composer at the bottom. The desk's forms open
 * as a sheet. While the customer is not looking, messages from support come
 * as notifications; once they look, the sender is told they were read. A past
 * chat is shown the same way, read-only.
 */

G_DEFINE_FINAL_TYPE (DcChatView, dc_chat_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define NOTIFICATION_ID "support-message"

/**
 * dc_chat_view_toast:
 * @self: a #DcChatView
 * @text: what went wrong, for the customer
 *
 * Shows @text over the chat for a few seconds.
 */
void
dc_chat_view_toast (DcChatView *self, const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
has_text (GtkEntry *entry)
{
  for (const char *p = gtk_editable_get_text (GTK_EDITABLE (entry)); *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_closed (DcChatView *self)
{
  return self->session == NULL
         || dc_support_session_get_state (self->session) == DC_SUPPORT_STATE_CLOSED;
}

void
dc_chat_view_update_actions (DcChatView *self)
{
  gboolean open = !is_closed (self);
  gboolean has_form = self->session != NULL && dc_support_session_get_form (self->session) != NULL;

  gtk_widget_set_sensitive (self->composer_box, open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.send",
                                 open && has_text (self->message_entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.attach-report", open && !self->attaching);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.attach-screenshot",
                                 open && !self->attaching);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.open-form",
                                 has_form && self->sheet == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.reconnect",
                                 self->session != NULL
                                   && dc_support_session_get_state (self->session)
                                        == DC_SUPPORT_STATE_OFFLINE);
}

void
dc_chat_view_update_status (DcChatView *self)
{
  DcSupportState state
    = self->session ? dc_support_session_get_state (self->session) : DC_SUPPORT_STATE_CONNECTING;
  const char *error = self->session ? dc_support_session_get_error (self->session) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *offline = NULL;

  if (self->read_only)
    return;
  text = self->session ? dc_chat_state_describe (self->session) : g_strdup (_ ("Connecting…"));
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (self->new_chat_button, state == DC_SUPPORT_STATE_CLOSED);
  gtk_widget_set_visible (self->form_button, self->session != NULL
                                               && dc_support_session_get_form (self->session)
                                               && self->sheet == NULL);
  /* Offline, the banner says it all: what happened, what waits, and what to do. */
  gtk_widget_set_visible (self->status_box, state != DC_SUPPORT_STATE_OFFLINE);
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_label_set_text (self->offline_reason_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->offline_reason_label), error != NULL);

  offline = dc_chat_offline_describe (
    self->session ? dc_support_session_get_waiting_count (self->session) : 0);
  gtk_label_set_text (self->offline_label, offline);
  gtk_revealer_set_reveal_child (self->offline_revealer, state == DC_SUPPORT_STATE_OFFLINE);
  dc_chat_view_update_actions (self);
}

static void
update_typing (DcChatView *self)
{
  gboolean typing = self->session != NULL && dc_support_session_get_peer_typing (self->session);
  const char *agent = self->session ? dc_chat_agent_name (self->session) : NULL;
  g_autofree char *text = NULL;

  if (agent != NULL)
    /* Translators: %s is the support agent's name */
    text = g_strdup_printf (_ ("%s is typing…"), agent);
  gtk_label_set_text (self->typing_label, text ? text : _ ("Support is typing…"));
  gtk_revealer_set_reveal_child (self->typing_revealer, typing);
}

/* ---- Following the newest message ---- */

static void
scroll_to_bottom (DcChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                          - gtk_adjustment_get_page_size (adjustment));
}

/* The list follows new messages unless the customer scrolled up to read. */
static void
scrolled (DcChatView *self, GtkAdjustment *adjustment)
{
  self->at_bottom
    = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
      >= gtk_adjustment_get_upper (adjustment) - 8;
}

static void
extent_changed (DcChatView *self)
{
  if (self->at_bottom)
    scroll_to_bottom (self);
}

/* ---- Seen, read markers and notifications ---- */

static GApplication *
application_of (DcChatView *self)
{
  GtkApplication *app = self->window ? gtk_window_get_application (self->window) : NULL;

  return app ? G_APPLICATION (app) : NULL;
}

static void
notify_message (DcChatView *self, DcChatMessage *message)
{
  GApplication *app = application_of (self);
  g_autoptr (GNotification) notification = NULL;

  if (app == NULL)
    return;
  notification = g_notification_new (_ ("New message from support"));
  g_notification_set_body (notification, dc_chat_message_get_body (message));
  g_notification_set_default_action (notification, "app.open-chat");
  /* One at a time: the newest replaces the one before. */
  g_application_send_notification (app, NOTIFICATION_ID, notification);
  self->notified = TRUE;
}

static void
mark_unseen_displayed (DcChatView *self)
{
  for (guint i = 0; i < self->unseen->len; i++)
    dc_support_session_mark_displayed (self->session, g_ptr_array_index (self->unseen, i));
  g_ptr_array_set_size (self->unseen, 0);
}

static void
handle_new_messages (DcChatView *self)
{
  guint n = g_list_model_get_n_items (self->messages);

  for (; self->n_handled < n; self->n_handled++)
    {
      g_autoptr (DcChatMessage) message = g_list_model_get_item (self->messages, self->n_handled);
      DcChatSender sender = dc_chat_message_get_sender (message);

      if (sender == DC_CHAT_SENDER_CUSTOMER)
        self->at_bottom = TRUE; /* what the customer just wrote is always shown */
      if (sender != DC_CHAT_SENDER_DESK && sender != DC_CHAT_SENDER_AGENT)
        continue;
      g_ptr_array_add (self->unseen, g_object_ref (message));
      if (!self->active)
        notify_message (self, message);
    }
  if (self->active)
    mark_unseen_displayed (self);
}

static void
messages_changed (DcChatView *self, guint position, guint removed, guint added)
{
  if (self->session != NULL)
    handle_new_messages (self);
  /* The agent's name comes with their first message. */
  dc_chat_view_update_status (self);
  update_typing (self);
}

/* The customer looks at the chat when its window is the active one and the chat is shown. */
static void
update_active (DcChatView *self)
{
  gboolean active = self->window != NULL && gtk_window_is_active (self->window)
                    && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (active == self->active)
    return;
  self->active = active;
  if (self->session == NULL)
    return;
  dc_support_session_set_active (self->session, active);
  if (!active)
    return;
  mark_unseen_displayed (self);
  if (self->notified && application_of (self) != NULL)
    g_application_withdraw_notification (application_of (self), NOTIFICATION_ID);
  self->notified = FALSE;
}

static void
reconnect_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcChatView *self = DC_CHAT_VIEW (widget);

  if (self->session != NULL)
    dc_support_session_reconnect (self->session);
}

/* ---- Binding ---- */

static void
setup_bubble (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, dc_chat_bubble_new ());
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_bubble (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  dc_chat_bubble_set_message (DC_CHAT_BUBBLE (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item));
}

static void
unbind_bubble (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  dc_chat_bubble_set_message (DC_CHAT_BUBBLE (gtk_list_item_get_child (item)), NULL);
}

static void
show_messages (DcChatView *self, GListModel *messages)
{
  g_autoptr (GtkNoSelection) selection = NULL;

  if (self->messages != NULL)
    g_signal_handlers_disconnect_by_data (self->messages, self);
  g_set_object (&self->messages, messages);
  g_ptr_array_set_size (self->unseen, 0);
  /* Messages from before are history: no notification, no marker. */
  self->n_handled = messages ? g_list_model_get_n_items (messages) : 0;
  self->at_bottom = TRUE;
  if (messages != NULL)
    {
      selection = gtk_no_selection_new (g_object_ref (messages));
      g_signal_connect_object (messages, "items-changed", G_CALLBACK (messages_changed), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

static void
unbind_session (DcChatView *self)
{
  dc_chat_view_close_sheet (self);
  dc_chat_view_stop_typing (self, TRUE);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->dismissed);
}

/**
 * dc_chat_view_set_session:
 * @self: a #DcChatView
 * @session: (nullable): the live chat, or %NULL while it is being prepared
 *
 * Shows @session and lets the customer write in it.
 */
void
dc_chat_view_set_session (DcChatView *self, DcSupportSession *session)
{
  g_return_if_fail (DC_IS_CHAT_VIEW (self));
  g_return_if_fail (session == NULL || DC_IS_SUPPORT_SESSION (session));

  if (self->session == session && !self->read_only)
    return;
  unbind_session (self);
  self->read_only = FALSE;
  self->session = session ? g_object_ref (session) : NULL;
  gtk_widget_set_visible (self->status_box, TRUE);
  gtk_widget_set_visible (self->composer_box, TRUE);
  show_messages (self, session ? dc_support_session_get_messages (session) : NULL);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (dc_chat_view_update_status),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::error", G_CALLBACK (dc_chat_view_update_status),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::queue-position",
                               G_CALLBACK (dc_chat_view_update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::estimated-wait",
                               G_CALLBACK (dc_chat_view_update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::waiting-count",
                               G_CALLBACK (dc_chat_view_update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::peer-typing", G_CALLBACK (update_typing), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::form", G_CALLBACK (dc_chat_view_form_changed),
                               self, G_CONNECT_SWAPPED);
      dc_support_session_set_active (session, self->active);
    }
  dc_chat_view_update_status (self);
  update_typing (self);
  dc_chat_view_present_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * dc_chat_view_get_session:
 * @self: a #DcChatView
 *
 * Returns: (transfer none) (nullable): the live chat shown
 */
DcSupportSession *
dc_chat_view_get_session (DcChatView *self)
{
  g_return_val_if_fail (DC_IS_CHAT_VIEW (self), NULL);
  return self->session;
}

/**
 * dc_chat_view_set_transcript:
 * @self: a #DcChatView
 * @messages: (nullable): a past chat's messages, of #DcChatMessage
 *
 * Shows a chat that has ended, with nothing to write or answer.
 */
void
dc_chat_view_set_transcript (DcChatView *self, GListModel *messages)
{
  g_return_if_fail (DC_IS_CHAT_VIEW (self));

  unbind_session (self);
  self->read_only = TRUE;
  gtk_widget_set_visible (self->status_box, FALSE);
  gtk_widget_set_visible (self->composer_box, FALSE);
  gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->typing_revealer, FALSE);
  show_messages (self, messages);
  dc_chat_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* ---- GtkWidget ---- */

static void
dc_chat_view_root (GtkWidget *widget)
{
  DcChatView *self = DC_CHAT_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (dc_chat_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    return;
  self->window = GTK_WINDOW (root);
  self->active_handler
    = g_signal_connect_swapped (root, "notify::is-active", G_CALLBACK (update_active), self);
}

static void
dc_chat_view_unroot (GtkWidget *widget)
{
  DcChatView *self = DC_CHAT_VIEW (widget);

  g_clear_signal_handler (&self->active_handler, self->window);
  self->window = NULL;
  update_active (self);

  GTK_WIDGET_CLASS (dc_chat_view_parent_class)->unroot (widget);
}

static void
dc_chat_view_map (GtkWidget *widget)
{
  DcChatView *self = DC_CHAT_VIEW (widget);

  GTK_WIDGET_CLASS (dc_chat_view_parent_class)->map (widget);
  update_active (self);
  dc_chat_view_present_form (self);
}

static void
dc_chat_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dc_chat_view_parent_class)->unmap (widget);
  update_active (DC_CHAT_VIEW (widget));
}

static void
dc_chat_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcChatView *self = DC_CHAT_VIEW (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_chat_view_dispose (GObject *object)
{
  DcChatView *self = DC_CHAT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  unbind_session (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->messages != NULL)
    g_signal_handlers_disconnect_by_data (self->messages, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_CHAT_VIEW);
  g_clear_object (&self->messages);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->unseen, g_ptr_array_unref);

  G_OBJECT_CLASS (dc_chat_view_parent_class)->dispose (object);
}

static void
dc_chat_view_class_init (DcChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_chat_view_dispose;
  object_class->get_property = dc_chat_view_get_property;
  widget_class->root = dc_chat_view_root;
  widget_class->unroot = dc_chat_view_unroot;
  widget_class->map = dc_chat_view_map;
  widget_class->unmap = dc_chat_view_unmap;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, DC_TYPE_SUPPORT_SESSION,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DcChatView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, status_box);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, status_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, form_button);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, new_chat_button);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, offline_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, offline_reason_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, scroller);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, list_view);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, typing_revealer);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, typing_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, composer_box);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, attach_button);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, attach_spinner);
  gtk_widget_class_bind_template_child (widget_class, DcChatView, message_entry);

  dc_chat_view_forms_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "chat.reconnect", NULL, reconnect_activated);
  dc_chat_view_composer_class_init (widget_class);
}

static void
dc_chat_view_init (DcChatView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->unseen = g_ptr_array_new_with_free_func (g_object_unref);
  self->at_bottom = TRUE;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_bubble), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_bubble), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_bubble), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (scrolled), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (extent_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (extent_changed), self,
                           G_CONNECT_SWAPPED);

  dc_chat_view_composer_init (self);
  dc_chat_view_update_status (self);
}
