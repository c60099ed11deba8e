/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-xml-node.h"

G_BEGIN_DECLS

#define NS_DATA "jabber:x:data"

/* The FORM_TYPE of the forms a Device Care desk sends. */
#define DC_FORM_TYPE_PRECHAT "urn:devicecare:support:prechat"
#define DC_FORM_TYPE_RATING "urn:devicecare:support:rating"

#define DC_DATA_FORM_ERROR (dc_data_form_error_quark ())
GQuark dc_data_form_error_quark (void);

typedef enum
{
  DC_DATA_FORM_ERROR_INVALID,   /* the desk sent something that is not a form to fill */
  DC_DATA_FORM_ERROR_TOO_LARGE, /* more fields, options or text than a sheet may show or send */
  DC_DATA_FORM_ERROR_REQUIRED,  /* a required field the customer included has no answer */
} DcDataFormError;

/* One field of a data form (XEP-0004): what the UI renders and the customer fills. */
typedef struct
{
  char *var;
  char *type; /* text-single, text-multi, list-single, boolean, hidden, fixed… */
  char *label;
  char *description;
  gboolean required;
  GPtrArray *values;  /* of char*: the current answer (pre-filled or the desk's default) */
  GPtrArray *options; /* of char*, label then value, for list-single */
} DcFormField;

/* A data form (XEP-0004) as a model: parsed from the desk's message, filled, and turned into the
 * answer. A field that is left out of the answer is never sent. */
#define DC_TYPE_DATA_FORM (dc_data_form_get_type ())
G_DECLARE_FINAL_TYPE (DcDataForm, dc_data_form, DC, DATA_FORM, GObject)

DcDataForm *dc_data_form_new_from_node (DcXmlNode *x, GError **error);
const char *dc_data_form_get_form_type (DcDataForm *self);
const char *dc_data_form_get_title (DcDataForm *self);
const char *dc_data_form_get_instructions (DcDataForm *self);
guint dc_data_form_get_n_fields (DcDataForm *self);
DcFormField *dc_data_form_get_field (DcDataForm *self, guint index);
DcFormField *dc_data_form_lookup (DcDataForm *self, const char *var);
const char *dc_data_form_get_value (DcDataForm *self, const char *var);
/* Sets the answer of @var (NULL clears it); FALSE when the form has no such field. */
gboolean dc_data_form_set_value (DcDataForm *self, const char *var, const char *value);
/* Whether @var is part of the answer (the customer's switch); all are, at first. */
void dc_data_form_set_included (DcDataForm *self, const char *var, gboolean included);
gboolean dc_data_form_get_included (DcDataForm *self, const char *var);
/* The answer: <x type='submit'> with FORM_TYPE and every included field that has a value.
 * NULL with @error when a required field has no value. */
DcXmlNode *dc_data_form_to_submit (DcDataForm *self, GError **error);
/* A form to send (the desk's side, and tests). */
DcXmlNode *dc_data_form_to_node (DcDataForm *self);
DcDataForm *dc_data_form_new (const char *form_type, const char *title, const char *instructions);
DcFormField *dc_data_form_add_field (DcDataForm *self, const char *var, const char *type,
                                     const char *label, gboolean required);
/* Adds a choice to a list field (the desk's side, and tests). */
void dc_form_field_add_option (DcFormField *field, const char *label, const char *value);

G_END_DECLS
