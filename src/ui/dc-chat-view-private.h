/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-chat-view.h"

G_BEGIN_DECLS

struct _DcChatView
{
  GtkWidget parent_instance;

  DcSupportSession *session; /* the live chat, or NULL */
  GListModel *messages;      /* what the list shows: the session's, or a past transcript */
  gboolean read_only;
  GCancellable *cancellable;

  GtkWindow *window; /* the root, watched for whether the customer is looking */
  gulong active_handler;
  gboolean active;
  gboolean notified;
  guint n_handled;    /* messages already checked for markers and notifications */
  GPtrArray *unseen;  /* received while the customer was not looking */
  gboolean at_bottom; /* the list follows new messages */

  GtkWindow *sheet;         /* the open form sheet, or NULL */
  DcDataForm *dismissed;    /* a form the customer cancelled: not shown again by itself */
  GtkNativeDialog *chooser; /* the screenshot's file chooser, while open */
  gboolean attaching;

  guint typing_source; /* while composing: ends the "typing" state after a pause */
  gint64 last_keystroke;
  gboolean typing_sent;

  AdwToastOverlay *toast_overlay;
  GtkWidget *status_box;
  GtkLabel *status_label;
  GtkWidget *form_button;
  GtkWidget *new_chat_button;
  GtkLabel *error_label;
  GtkRevealer *offline_revealer;
  GtkLabel *offline_label;
  GtkLabel *offline_reason_label;
  GtkScrolledWindow *scroller;
  GtkListView *list_view;
  GtkRevealer *typing_revealer;
  GtkLabel *typing_label;
  GtkWidget *composer_box;
  GtkWidget *attach_button;
  GtkWidget *attach_spinner;
  GtkEntry *message_entry;
};

/* dc-chat-view.c */
void dc_chat_view_update_status (DcChatView *self);
void dc_chat_view_update_actions (DcChatView *self);
void dc_chat_view_toast (DcChatView *self, const char *text);

/* dc-chat-view-forms.c */
void dc_chat_view_forms_class_init (GtkWidgetClass *widget_class);
void dc_chat_view_present_form (DcChatView *self);
void dc_chat_view_form_changed (DcChatView *self);
void dc_chat_view_close_sheet (DcChatView *self);

/* dc-chat-view-composer.c */
void dc_chat_view_composer_class_init (GtkWidgetClass *widget_class);
void dc_chat_view_composer_init (DcChatView *self);
void dc_chat_view_stop_typing (DcChatView *self, gboolean tell);

G_END_DECLS
