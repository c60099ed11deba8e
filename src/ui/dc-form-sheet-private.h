/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-form-sheet.h"

G_BEGIN_DECLS

/* One field the customer sees, and the widget its answer is read from. */
typedef struct
{
  char *var;
  char *type;
  GtkWidget *widget;  /* AdwEntryRow, AdwComboRow, GtkTextView or GtkSwitch */
  GPtrArray *choices; /* list-single: the value of each combo item, NULL for "no answer" */
  GtkWidget *row;     /* an identifier's row, whose subtitle is exactly what would be sent */
  char *device_value; /* an identifier's value, read from the phone; NULL when it has none */
  gboolean identifier;
} DcSheetField;

struct _DcFormSheet
{
  AdwWindow parent_instance;

  DcSupportSession *session;
  DcDataForm *form;
  GCancellable *cancellable;
  GPtrArray *fields; /* of DcSheetField */
  gboolean identity_pending;
  int rating; /* 0 until the customer taps a star */
  GtkWidget *stars[5];

  AdwWindowTitle *window_title;
  GtkLabel *instructions_label;
  GtkLabel *error_label;
  AdwPreferencesGroup *identity_group;
  GtkWidget *stars_box;
  GtkWidget *fields_box;
};

/* dc-form-sheet-fields.c */
gboolean dc_form_sheet_is_identifier (const char *var);
void dc_form_sheet_add_fields (DcFormSheet *self);
void dc_form_sheet_add_stars (DcFormSheet *self);
void dc_form_sheet_show_device_value (DcSheetField *field, gboolean known);
void dc_form_sheet_apply_answers (DcFormSheet *self);
void dc_sheet_field_free (DcSheetField *field);

G_END_DECLS
