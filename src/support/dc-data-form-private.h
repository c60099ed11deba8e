/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-data-form.h"

G_BEGIN_DECLS

/* A desk that lies or is broken must not make the phone build a sheet nobody can scroll through:
 * these bound what one form may hold, well below what a stanza could carry. */
#define MAX_FIELDS 50
#define MAX_OPTIONS 100
#define MAX_VALUES 100
#define MAX_TEXT (64 * 1024)

#define FORM_TYPE_VAR "FORM_TYPE"

/* The model (dc-data-form.c) and the reader of the desk's form (dc-data-form-parse.c) share it. */
struct _DcDataForm
{
  GObject parent_instance;

  char *title;
  char *instructions;
  GPtrArray *fields;    /* of DcFormField */
  GHashTable *excluded; /* vars the customer switched off */
};

/* dc-data-form.c */
DcFormField *dc_form_field_new (const char *var, const char *type, const char *label,
                                gboolean required);
void dc_form_field_free (DcFormField *field);
gboolean dc_form_field_is (DcFormField *field, const char *type);
const char *dc_data_form_normalise_boolean (const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcFormField, dc_form_field_free)

G_END_DECLS
