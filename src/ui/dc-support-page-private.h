/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-chat-view.h"
#include "dc-support-account.h"
#include "dc-support-page.h"
#include "dc-support-session.h"
#include "dc-vendor-config.h"

G_BEGIN_DECLS

struct _DcSupportPage
{
  AdwBin parent_instance;

  GSettings *settings;
  GCancellable *cancellable;
  DcVendorConfig *config;
  GStrv countries; /* the codes the country row offers, "ZZ" last for any other */
  char *country;   /* shown now; NULL for "other countries" */
  char *serial;

  /* The chat, when the vendor runs one. */
  DcSupportConfig *chat_config; /* the vendor's server, without the account */
  DcSupportStore *store;        /* opened in a thread when first needed */
  DcSupportAccount *account;
  DcSupportSession *session;
  GListStore *past_chats; /* of DcPastChat */
  gboolean preparing;

  AdwLeaflet *leaflet;
  AdwPreferencesGroup *channels_group;
  AdwActionRow *chat_row;
  AdwComboRow *country_row;
  GtkListBox *channels_list;
  AdwPreferencesGroup *past_group;
  GtkListBox *past_list;
  AdwActionRow *serial_in_mail_row;
  GtkSwitch *serial_in_mail_switch;
  AdwActionRow *privacy_policy_row;
  AdwWindowTitle *conversation_title;
  GtkWidget *chat_menu_button;
  GtkStack *conversation_stack;
  DcChatView *chat_view;
  DcChatView *transcript_view;
  AdwStatusPage *problem_page;
};

/* dc-support-page-chat.c */
void dc_support_page_setup_chat (DcSupportPage *self);
void dc_support_page_chat_class_init (GtkWidgetClass *widget_class);
void dc_support_page_chat_dispose (DcSupportPage *self);

/* Seams for the tests. */
DcChatView *dc_support_page_get_chat_view (DcSupportPage *self);
DcSupportSession *dc_support_page_get_session (DcSupportPage *self);

G_END_DECLS
