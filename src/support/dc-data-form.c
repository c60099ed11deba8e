/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dc-data-form-private.h"

/* The form as a model the sheets bind to, and the answer or form it becomes on the wire. Reading
 * the desk's form is in dc-data-form-parse.c. */

/**
 * DcDataForm:
 *
 * A data form (XEP-0004) the desk sent, as a model the pre-chat and rating sheets bind to.
 *
 * Every field stays in the field list in the desk's order, the hidden ones too (FORM_TYPE among
 * them): the sheet skips hidden fields, and they go back to the desk unchanged, as XEP-0004 asks.
 * A text-multi field holds its text as one value with lines joined by "\n"; it is split into one
 * `<value/>` a line only on the wire. A boolean holds "1" or "0".
 */
G_DEFINE_FINAL_TYPE (DcDataForm, dc_data_form, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (dc-data-form-error-quark, dc_data_form_error)
/* clang-format on */

DcFormField *
dc_form_field_new (const char *var, const char *type, const char *label, gboolean required)
{
  DcFormField *field = g_new0 (DcFormField, 1);

  field->var = g_strdup (var);
  field->type = g_strdup (type != NULL ? type : "text-single");
  field->label = g_strdup (label);
  field->required = required;
  field->values = g_ptr_array_new_with_free_func (g_free);
  field->options = g_ptr_array_new_with_free_func (g_free);
  return field;
}

void
dc_form_field_free (DcFormField *field)
{
  g_free (field->var);
  g_free (field->type);
  g_free (field->label);
  g_free (field->description);
  g_ptr_array_unref (field->values);
  g_ptr_array_unref (field->options);
  g_free (field);
}

gboolean
dc_form_field_is (DcFormField *field, const char *type)
{
  return g_strcmp0 (field->type, type) == 0;
}

/* The sheet shows a field by its label; the var is a fallback for a careless desk. */
static const char *
field_name (DcFormField *field)
{
  if (field->label != NULL && *field->label != '\0')
    return field->label;
  return field->var != NULL ? field->var : "";
}

/* XEP-0004 allows both spellings; one spelling keeps the UI and the answer simple. */
const char *
dc_data_form_normalise_boolean (const char *value)
{
  if (g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0)
    return "1";
  if (g_strcmp0 (value, "0") == 0 || g_strcmp0 (value, "false") == 0)
    return "0";
  return NULL;
}

static void
dc_data_form_finalize (GObject *object)
{
  DcDataForm *self = DC_DATA_FORM (object);

  g_free (self->title);
  g_free (self->instructions);
  g_ptr_array_unref (self->fields);
  g_hash_table_unref (self->excluded);

  G_OBJECT_CLASS (dc_data_form_parent_class)->finalize (object);
}

static void
dc_data_form_class_init (DcDataFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dc_data_form_finalize;
}

static void
dc_data_form_init (DcDataForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_form_field_free);
  self->excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---- The model ---- */

/**
 * dc_data_form_get_form_type:
 * @self: a #DcDataForm
 *
 * Returns: (nullable): the value of the hidden FORM_TYPE field, such as %DC_FORM_TYPE_PRECHAT
 */
const char *
dc_data_form_get_form_type (DcDataForm *self)
{
  DcFormField *field = dc_data_form_lookup (self, FORM_TYPE_VAR);

  if (field == NULL || field->values->len == 0)
    return NULL;
  return g_ptr_array_index (field->values, 0);
}

/**
 * dc_data_form_get_title:
 * @self: a #DcDataForm
 *
 * Returns: (nullable): the title of the sheet
 */
const char *
dc_data_form_get_title (DcDataForm *self)
{
  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);
  return self->title;
}

/**
 * dc_data_form_get_instructions:
 * @self: a #DcDataForm
 *
 * Returns: (nullable): the instructions, one paragraph a line
 */
const char *
dc_data_form_get_instructions (DcDataForm *self)
{
  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);
  return self->instructions;
}

/**
 * dc_data_form_get_n_fields:
 * @self: a #DcDataForm
 *
 * Returns: the number of fields, hidden and fixed ones included
 */
guint
dc_data_form_get_n_fields (DcDataForm *self)
{
  g_return_val_if_fail (DC_IS_DATA_FORM (self), 0);
  return self->fields->len;
}

/**
 * dc_data_form_get_field:
 * @self: a #DcDataForm
 * @index: a position, below dc_data_form_get_n_fields()
 *
 * Fields come in the desk's order. The sheet skips those of type "hidden": FORM_TYPE is one.
 *
 * Returns: (transfer none): the field
 */
DcFormField *
dc_data_form_get_field (DcDataForm *self, guint index)
{
  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return g_ptr_array_index (self->fields, index);
}

/**
 * dc_data_form_lookup:
 * @self: a #DcDataForm
 * @var: (nullable): a field name
 *
 * Returns: (transfer none) (nullable): the field named @var; %NULL for a %NULL @var
 */
DcFormField *
dc_data_form_lookup (DcDataForm *self, const char *var)
{
  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);

  /* A fixed field has no name, so "no name" finds nothing rather than complaining. */
  if (var == NULL)
    return NULL;
  for (guint i = 0; i < self->fields->len; i++)
    {
      DcFormField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->var, var) == 0)
        return field;
    }
  return NULL;
}

/**
 * dc_data_form_get_value:
 * @self: a #DcDataForm
 * @var: a field name
 *
 * Returns: (nullable): the first value of @var (the whole text of a text-multi field), or %NULL
 */
const char *
dc_data_form_get_value (DcDataForm *self, const char *var)
{
  DcFormField *field = dc_data_form_lookup (self, var);

  if (field == NULL || field->values->len == 0)
    return NULL;
  return g_ptr_array_index (field->values, 0);
}

/**
 * dc_data_form_set_value:
 * @self: a #DcDataForm
 * @var: a field name
 * @value: (nullable): the answer, lines joined by "\n" for text-multi, "1"/"0" or
 *   "true"/"false" for a boolean; %NULL clears it
 *
 * Replaces the answer to @var. Hidden and fixed fields keep the desk's value: the customer
 * cannot see them, so nothing the app fills in may hide there.
 *
 * Returns: %FALSE when the form has no field @var the customer answers
 */
gboolean
dc_data_form_set_value (DcDataForm *self, const char *var, const char *value)
{
  DcFormField *field = dc_data_form_lookup (self, var);

  if (field == NULL || dc_form_field_is (field, "hidden") || dc_form_field_is (field, "fixed"))
    return FALSE;
  if (dc_form_field_is (field, "boolean") && value != NULL)
    {
      value = dc_data_form_normalise_boolean (value);
      g_return_val_if_fail (value != NULL, FALSE);
    }

  g_ptr_array_set_size (field->values, 0);
  if (value != NULL)
    g_ptr_array_add (field->values, g_strdup (value));
  return TRUE;
}

/**
 * dc_data_form_set_included:
 * @self: a #DcDataForm
 * @var: a field name
 * @included: whether the customer shares the answer
 *
 * The customer's switch beside a field: a field switched off is left out of the answer entirely,
 * whatever its value.
 */
void
dc_data_form_set_included (DcDataForm *self, const char *var, gboolean included)
{
  g_return_if_fail (DC_IS_DATA_FORM (self));

  if (dc_data_form_lookup (self, var) == NULL)
    return;
  if (included)
    g_hash_table_remove (self->excluded, var);
  else
    g_hash_table_add (self->excluded, g_strdup (var));
}

/**
 * dc_data_form_get_included:
 * @self: a #DcDataForm
 * @var: a field name
 *
 * Returns: whether @var is a field of the form and part of the answer
 */
gboolean
dc_data_form_get_included (DcDataForm *self, const char *var)
{
  g_return_val_if_fail (DC_IS_DATA_FORM (self), FALSE);

  return dc_data_form_lookup (self, var) != NULL && !g_hash_table_contains (self->excluded, var);
}

/* ---- Writing forms and answers ---- */

static void
add_value (DcXmlNode *field_node, const char *text)
{
  DcXmlNode *value = dc_xml_node_add_child (field_node, "value", NS_DATA);

  dc_xml_node_set_text (value, text);
}

/* One <value/> a line for text-multi, as XEP-0004 wants. */
static void
add_lines (DcXmlNode *field_node, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    add_value (field_node, lines[i]);
}

static gboolean
has_answer (DcFormField *field)
{
  for (guint i = 0; i < field->values->len; i++)
    {
      const char *value = g_ptr_array_index (field->values, i);

      if (value != NULL && *value != '\0')
        return TRUE;
    }
  return FALSE;
}

static void
add_answer (DcXmlNode *x, DcFormField *field)
{
  DcXmlNode *node = dc_xml_node_add_child (x, "field", NS_DATA);
  gboolean multi = dc_form_field_is (field, "list-multi") || dc_form_field_is (field, "jid-multi");

  dc_xml_node_set_attr (node, "var", field->var);
  for (guint i = 0; i < field->values->len; i++)
    {
      const char *value = g_ptr_array_index (field->values, i);

      if (dc_form_field_is (field, "text-multi"))
        add_lines (node, value);
      else if (*value != '\0')
        add_value (node, value);
      if (*value != '\0' && !multi)
        break;
    }
}

static gboolean
check_answer (DcFormField *field, GError **error)
{
  if (!has_answer (field))
    {
      if (field->required)
        g_set_error (error, DC_DATA_FORM_ERROR, DC_DATA_FORM_ERROR_REQUIRED,
                     _ ("Please fill in “%s”."), field_name (field));
      return FALSE;
    }
  /* The server closes the whole connection on an oversized stanza; a shorter text is better. */
  for (guint i = 0; i < field->values->len; i++)
    if (strlen (g_ptr_array_index (field->values, i)) > MAX_TEXT)
      {
        g_set_error (error, DC_DATA_FORM_ERROR, DC_DATA_FORM_ERROR_TOO_LARGE,
                     _ ("“%s” is too long to send. Please shorten it to less than %d KiB."),
                     field_name (field), MAX_TEXT / 1024);
        return FALSE;
      }
  return TRUE;
}

/**
 * dc_data_form_to_submit:
 * @self: a #DcDataForm
 * @error: return location for a #DC_DATA_FORM_ERROR
 *
 * Builds the answer: FORM_TYPE first, then every included field with a non-empty value, in the
 * form's order. Fixed fields and fields the customer switched off are never sent.
 *
 * A required field fails only when it is included: an identifier the customer refuses to share
 * must not stop them from getting help, even if the desk marked it required — the desk copes
 * with what is missing.
 *
 * Returns: (transfer full): the `<x type='submit'>` element, or %NULL with @error set
 */
DcXmlNode *
dc_data_form_to_submit (DcDataForm *self, GError **error)
{
  g_autoptr (DcXmlNode) x = NULL;
  const char *form_type;

  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);

  x = dc_xml_node_new ("x", NS_DATA);
  dc_xml_node_set_attr (x, "type", "submit");
  form_type = dc_data_form_get_form_type (self);
  if (form_type != NULL)
    {
      DcXmlNode *node = dc_xml_node_add_child (x, "field", NS_DATA);

      dc_xml_node_set_attr (node, "var", FORM_TYPE_VAR);
      dc_xml_node_set_attr (node, "type", "hidden");
      add_value (node, form_type);
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      DcFormField *field = g_ptr_array_index (self->fields, i);
      g_autoptr (GError) local_error = NULL;

      if (field->var == NULL || dc_form_field_is (field, "fixed")
          || g_str_equal (field->var, FORM_TYPE_VAR)
          || g_hash_table_contains (self->excluded, field->var))
        continue;
      if (!check_answer (field, &local_error))
        {
          if (local_error == NULL)
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      add_answer (x, field);
    }
  return g_steal_pointer (&x);
}

static void
add_field_node (DcXmlNode *x, DcFormField *field)
{
  DcXmlNode *node = dc_xml_node_add_child (x, "field", NS_DATA);

  if (field->var != NULL)
    dc_xml_node_set_attr (node, "var", field->var);
  dc_xml_node_set_attr (node, "type", field->type);
  if (field->label != NULL)
    dc_xml_node_set_attr (node, "label", field->label);
  if (field->description != NULL)
    dc_xml_node_set_text (dc_xml_node_add_child (node, "desc", NS_DATA), field->description);
  if (field->required)
    dc_xml_node_add_child (node, "required", NS_DATA);

  for (guint i = 0; i < field->values->len; i++)
    {
      if (dc_form_field_is (field, "text-multi"))
        add_lines (node, g_ptr_array_index (field->values, i));
      else
        add_value (node, g_ptr_array_index (field->values, i));
    }
  for (guint i = 0; i + 1 < field->options->len; i += 2)
    {
      DcXmlNode *option = dc_xml_node_add_child (node, "option", NS_DATA);

      dc_xml_node_set_attr (option, "label", g_ptr_array_index (field->options, i));
      add_value (option, g_ptr_array_index (field->options, i + 1));
    }
}

/**
 * dc_data_form_to_node:
 * @self: a #DcDataForm
 *
 * Builds the form to send, as the desk does: every field with its values and choices.
 *
 * Returns: (transfer full): the `<x type='form'>` element
 */
DcXmlNode *
dc_data_form_to_node (DcDataForm *self)
{
  DcXmlNode *x;

  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);

  x = dc_xml_node_new ("x", NS_DATA);
  dc_xml_node_set_attr (x, "type", "form");
  if (self->title != NULL)
    dc_xml_node_set_text (dc_xml_node_add_child (x, "title", NS_DATA), self->title);
  if (self->instructions != NULL)
    {
      g_auto (GStrv) lines = g_strsplit (self->instructions, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        dc_xml_node_set_text (dc_xml_node_add_child (x, "instructions", NS_DATA), lines[i]);
    }
  for (guint i = 0; i < self->fields->len; i++)
    add_field_node (x, g_ptr_array_index (self->fields, i));
  return x;
}

/**
 * dc_data_form_new:
 * @form_type: (nullable): the FORM_TYPE, such as %DC_FORM_TYPE_RATING
 * @title: (nullable): the title of the sheet
 * @instructions: (nullable): the instructions, one paragraph a line
 *
 * Starts a form to send; the FORM_TYPE becomes its first, hidden field.
 *
 * Returns: (transfer full): an empty form
 */
DcDataForm *
dc_data_form_new (const char *form_type, const char *title, const char *instructions)
{
  DcDataForm *self = g_object_new (DC_TYPE_DATA_FORM, NULL);

  self->title = g_strdup (title);
  self->instructions = g_strdup (instructions);
  if (form_type != NULL)
    {
      DcFormField *field = dc_data_form_add_field (self, FORM_TYPE_VAR, "hidden", NULL, FALSE);

      g_ptr_array_add (field->values, g_strdup (form_type));
    }
  return self;
}

/**
 * dc_data_form_add_field:
 * @self: a #DcDataForm
 * @var: (nullable): a name not yet in the form; %NULL only for a fixed field
 * @type: (nullable): the XEP-0004 type; %NULL for text-single
 * @label: (nullable): what the sheet shows
 * @required: whether the desk needs an answer
 *
 * Appends a field; give it a default with dc_data_form_set_value() and choices with
 * dc_form_field_add_option().
 *
 * Returns: (transfer none): the new field
 */
DcFormField *
dc_data_form_add_field (DcDataForm *self, const char *var, const char *type, const char *label,
                        gboolean required)
{
  DcFormField *field;

  g_return_val_if_fail (DC_IS_DATA_FORM (self), NULL);
  g_return_val_if_fail (var != NULL || g_strcmp0 (type, "fixed") == 0, NULL);
  g_return_val_if_fail (var == NULL || dc_data_form_lookup (self, var) == NULL, NULL);
  g_return_val_if_fail (self->fields->len < MAX_FIELDS, NULL);

  field = dc_form_field_new (var, type, label, required);
  g_ptr_array_add (self->fields, field);
  return field;
}

/**
 * dc_form_field_add_option:
 * @field: a list field
 * @label: (nullable): what the sheet shows; %NULL shows @value
 * @value: what the answer carries
 *
 * Appends a choice to a list-single or list-multi field.
 */
void
dc_form_field_add_option (DcFormField *field, const char *label, const char *value)
{
  g_return_if_fail (field != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (field->options, g_strdup (label != NULL ? label : value));
  g_ptr_array_add (field->options, g_strdup (value));
}
