/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-chat-bubble.h"
#include "dc-chat-state-text.h"

/**
 * DcChatBubble:
 *
 * One message of a support chat: the customer's own on the right in the
 * accent colour, with whether it was sent and read; the desk's and the
 * agent's on the left under the sender's name; what the app itself says in
 * the transcript centred and dim. The text can be selected and copied.
 */
struct _DcChatBubble
{
  GtkWidget parent_instance;

  DcChatMessage *message;
  gulong delivery_handler;

  GtkWidget *bubble;
  GtkLabel *sender_label;
  GtkLabel *body_label;
  GtkLabel *time_label;
  GtkImage *delivery_icon;
};

G_DEFINE_FINAL_TYPE (DcChatBubble, dc_chat_bubble, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Bubbles stop short of the far side, so whose message it is shows at a glance. */
#define INDENT 48

static void
show_delivery (DcChatBubble *self)
{
  DcDelivery delivery = dc_chat_message_get_delivery (self->message);
  const char *icon = NULL;
  const char *label = NULL;

  switch (delivery)
    {
      case DC_DELIVERY_WAITING:
        icon = "document-open-recent-symbolic";
        label = _ ("Waiting to be sent");
        break;
      case DC_DELIVERY_SENT:
        icon = "object-select-symbolic";
        label = _ ("Sent");
        break;
      case DC_DELIVERY_READ:
        icon = "view-reveal-symbolic";
        label = _ ("Read");
        break;
      case DC_DELIVERY_RECEIVED:
      default:
        break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->delivery_icon), icon != NULL);
  if (icon == NULL)
    return;
  gtk_image_set_from_icon_name (self->delivery_icon, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->delivery_icon), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delivery_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static const char *
sender_class (DcChatSender sender)
{
  switch (sender)
    {
      case DC_CHAT_SENDER_CUSTOMER:
        return "customer";
      case DC_CHAT_SENDER_DESK:
        return "desk";
      case DC_CHAT_SENDER_AGENT:
        return "agent";
      case DC_CHAT_SENDER_SYSTEM:
      default:
        return "system";
    }
}

/* Bubbles are recycled as the list scrolls: everything a message decides is set each time. */
static void
show_sender (DcChatBubble *self, DcChatSender sender)
{
  static const char *const classes[] = { "customer", "desk", "agent", "system" };
  const char *name = dc_chat_message_get_sender_name (self->message);
  gboolean named = sender == DC_CHAT_SENDER_DESK || sender == DC_CHAT_SENDER_AGENT;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->bubble, classes[i]);
  gtk_widget_add_css_class (self->bubble, sender_class (sender));

  gtk_label_set_text (self->sender_label, name != NULL ? name : _ ("Support"));
  gtk_widget_set_visible (GTK_WIDGET (self->sender_label), named);
  gtk_widget_set_halign (self->bubble, sender == DC_CHAT_SENDER_CUSTOMER ? GTK_ALIGN_END
                                       : sender == DC_CHAT_SENDER_SYSTEM ? GTK_ALIGN_CENTER
                                                                         : GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->bubble, sender == DC_CHAT_SENDER_CUSTOMER ? INDENT : 0);
  gtk_widget_set_margin_end (self->bubble, named ? INDENT : 0);
  gtk_label_set_justify (self->body_label,
                         sender == DC_CHAT_SENDER_SYSTEM ? GTK_JUSTIFY_CENTER : GTK_JUSTIFY_LEFT);
  gtk_label_set_xalign (self->body_label, sender == DC_CHAT_SENDER_SYSTEM ? 0.5 : 0);
}

static void
show_message (DcChatBubble *self)
{
  DcChatSender sender = dc_chat_message_get_sender (self->message);
  g_autofree char *time = dc_chat_format_time (dc_chat_message_get_time (self->message));

  show_sender (self, sender);
  gtk_label_set_text (self->body_label, dc_chat_message_get_body (self->message));
  gtk_label_set_text (self->time_label, time);
  show_delivery (self);
}

/**
 * dc_chat_bubble_set_message:
 * @self: a #DcChatBubble
 * @message: (nullable): the message to show
 *
 * Shows @message, and follows its delivery as the server and the agent
 * acknowledge it.
 */
void
dc_chat_bubble_set_message (DcChatBubble *self, DcChatMessage *message)
{
  g_return_if_fail (DC_IS_CHAT_BUBBLE (self));

  if (self->message == message)
    return;
  g_clear_signal_handler (&self->delivery_handler, self->message);
  g_set_object (&self->message, message);
  if (message != NULL)
    {
      self->delivery_handler
        = g_signal_connect_swapped (message, "notify::delivery", G_CALLBACK (show_delivery), self);
      show_message (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/**
 * dc_chat_bubble_get_message:
 * @self: a #DcChatBubble
 *
 * Returns: (transfer none) (nullable): the message shown
 */
DcChatMessage *
dc_chat_bubble_get_message (DcChatBubble *self)
{
  g_return_val_if_fail (DC_IS_CHAT_BUBBLE (self), NULL);
  return self->message;
}

static void
dc_chat_bubble_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcChatBubble *self = DC_CHAT_BUBBLE (object);

  switch (prop_id)
    {
      case PROP_MESSAGE:
        g_value_set_object (value, self->message);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_chat_bubble_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcChatBubble *self = DC_CHAT_BUBBLE (object);

  switch (prop_id)
    {
      case PROP_MESSAGE:
        dc_chat_bubble_set_message (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_chat_bubble_dispose (GObject *object)
{
  DcChatBubble *self = DC_CHAT_BUBBLE (object);

  g_clear_signal_handler (&self->delivery_handler, self->message);
  g_clear_object (&self->message);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_CHAT_BUBBLE);

  G_OBJECT_CLASS (dc_chat_bubble_parent_class)->dispose (object);
}

static void
dc_chat_bubble_class_init (DcChatBubbleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_chat_bubble_dispose;
  object_class->get_property = dc_chat_bubble_get_property;
  object_class->set_property = dc_chat_bubble_set_property;

  properties[PROP_MESSAGE]
    = g_param_spec_object ("message", NULL, NULL, DC_TYPE_CHAT_MESSAGE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-chat-bubble.ui");
  gtk_widget_class_bind_template_child (widget_class, DcChatBubble, bubble);
  gtk_widget_class_bind_template_child (widget_class, DcChatBubble, sender_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatBubble, body_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatBubble, time_label);
  gtk_widget_class_bind_template_child (widget_class, DcChatBubble, delivery_icon);
}

static void
dc_chat_bubble_init (DcChatBubble *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dc_chat_bubble_new:
 *
 * Returns: (transfer floating): a bubble showing no message yet
 */
GtkWidget *
dc_chat_bubble_new (void)
{
  return g_object_new (DC_TYPE_CHAT_BUBBLE, NULL);
}
