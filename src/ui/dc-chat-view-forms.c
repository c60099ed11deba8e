/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include "dc-chat-view-private.h"
#include "dc-form-sheet.h"

/* The desk's forms over the chat: a new one opens as a sheet while the chat is on screen (else
 * when it is next shown); one the customer cancelled waits behind the status line's "Answer";
 * one the desk withdrew or replaced closes. */

static void
sheet_destroyed (DcChatView *self, GtkWidget *sheet)
{
  DcDataForm *form = dc_form_sheet_get_form (DC_FORM_SHEET (sheet));

  /* Closed with the form still asked for: cancelled. It waits behind the status line's button. */
  if (self->session != NULL && dc_support_session_get_form (self->session) == form)
    g_set_object (&self->dismissed, form);
  self->sheet = NULL;
  dc_chat_view_update_status (self);
}

static void
present_sheet (DcChatView *self, DcDataForm *form)
{
  int width = 0, height = 0;

  if (self->window != NULL)
    gtk_window_get_default_size (self->window, &width, &height);
  self->sheet = GTK_WINDOW (dc_form_sheet_new (self->session, form));
  gtk_window_set_transient_for (self->sheet, self->window);
  /* On a phone the sheet takes the screen, as the window does; elsewhere it stays a sheet. */
  if (width > 0 && height > 0)
    gtk_window_set_default_size (self->sheet, MIN (width, 480),
                                 width <= 480 ? height : MIN (height, 720));
  g_signal_connect_object (self->sheet, "destroy", G_CALLBACK (sheet_destroyed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (self->sheet);
  dc_chat_view_update_status (self);
}

void
dc_chat_view_close_sheet (DcChatView *self)
{
  if (self->sheet != NULL)
    gtk_window_destroy (self->sheet);
}

/* A new form shows at once while the chat is on screen, and else when it is next shown. */
void
dc_chat_view_present_form (DcChatView *self)
{
  DcDataForm *form = self->session ? dc_support_session_get_form (self->session) : NULL;

  if (self->sheet != NULL
      && (form == NULL || dc_form_sheet_get_form (DC_FORM_SHEET (self->sheet)) != form))
    dc_chat_view_close_sheet (self);
  if (form == NULL || self->sheet != NULL || form == self->dismissed
      || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  present_sheet (self, form);
}

void
dc_chat_view_form_changed (DcChatView *self)
{
  dc_chat_view_present_form (self);
  dc_chat_view_update_status (self);
}

static void
open_form_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcChatView *self = DC_CHAT_VIEW (widget);

  g_clear_object (&self->dismissed);
  dc_chat_view_present_form (self);
}

void
dc_chat_view_forms_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chat.open-form", NULL, open_form_activated);
}
