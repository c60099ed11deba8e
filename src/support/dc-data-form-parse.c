/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dc-data-form-private.h"

/* Reading the form a desk sent (XEP-0004) into a DcDataForm: only a form to fill, and no more
 * than a sheet can show (the limits in dc-data-form-private.h). */

static gboolean G_GNUC_PRINTF (3, 4)
  form_error (GError **error, DcDataFormError code, const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (code == DC_DATA_FORM_ERROR_TOO_LARGE)
    g_set_error (error, DC_DATA_FORM_ERROR, code,
                 _ ("The support desk sent a form too large to show (%s). Please try again later; "
                    "if it keeps happening, tell the desk’s administrator."),
                 detail);
  else
    g_set_error (error, DC_DATA_FORM_ERROR, code,
                 _ ("The support desk sent a form Device Care cannot show (%s). Please try again "
                    "later; if it keeps happening, tell the desk’s administrator."),
                 detail);
  return FALSE;
}

static gboolean
check_text (const char *text, const char *what, GError **error)
{
  if (text != NULL && strlen (text) > MAX_TEXT)
    return form_error (error, DC_DATA_FORM_ERROR_TOO_LARGE, "%s is longer than %d KiB", what,
                       MAX_TEXT / 1024);
  return TRUE;
}

static gboolean
is_data_child (DcXmlNode *node, const char *name)
{
  return g_strcmp0 (dc_xml_node_get_xmlns (node), NS_DATA) == 0
         && g_strcmp0 (dc_xml_node_get_name (node), name) == 0;
}

static gboolean
parse_option (DcFormField *field, DcXmlNode *option, GError **error)
{
  DcXmlNode *value = dc_xml_node_get_child (option, "value", NS_DATA);
  const char *label = dc_xml_node_get_attr (option, "label");
  const char *text;

  if (field->options->len / 2 >= MAX_OPTIONS)
    return form_error (error, DC_DATA_FORM_ERROR_TOO_LARGE, "more than %d choices in “%s”",
                       MAX_OPTIONS, field->var);
  if (value == NULL)
    return form_error (error, DC_DATA_FORM_ERROR_INVALID, "a choice in “%s” has no value",
                       field->var);

  text = dc_xml_node_get_text (value);
  if (text == NULL)
    text = "";
  if (!check_text (label, "a choice", error) || !check_text (text, "a choice", error))
    return FALSE;
  dc_form_field_add_option (field, label, text);
  return TRUE;
}

static gboolean
parse_value (DcFormField *field, DcXmlNode *value, GError **error)
{
  const char *text = dc_xml_node_get_text (value);

  if (field->values->len >= MAX_VALUES)
    return form_error (error, DC_DATA_FORM_ERROR_TOO_LARGE, "more than %d values in “%s”",
                       MAX_VALUES, field->var);
  if (!check_text (text, "a value", error))
    return FALSE;
  g_ptr_array_add (field->values, g_strdup (text != NULL ? text : ""));
  return TRUE;
}

/* Brings the values into the shape the model promises (see #DcDataForm). */
static gboolean
normalise_values (DcFormField *field, GError **error)
{
  if (dc_form_field_is (field, "text-multi") && field->values->len > 0)
    {
      char *joined;

      g_ptr_array_add (field->values, NULL);
      joined = g_strjoinv ("\n", (char **)field->values->pdata);
      g_ptr_array_set_size (field->values, 0);
      g_ptr_array_add (field->values, joined);
      return check_text (joined, "a text", error);
    }
  if (dc_form_field_is (field, "boolean") && field->values->len > 0)
    {
      /* A desk that says "yes" gets an unanswered box rather than no support at all. */
      const char *value = dc_data_form_normalise_boolean (g_ptr_array_index (field->values, 0));

      g_ptr_array_set_size (field->values, 0);
      if (value != NULL)
        g_ptr_array_add (field->values, g_strdup (value));
    }
  return TRUE;
}

static gboolean
parse_field_children (DcFormField *field, DcXmlNode *node, GError **error)
{
  for (DcXmlNode *c = dc_xml_node_get_first_child (node); c; c = dc_xml_node_get_next_sibling (c))
    {
      if (is_data_child (c, "value") && !parse_value (field, c, error))
        return FALSE;
      if (is_data_child (c, "option") && !parse_option (field, c, error))
        return FALSE;
    }
  return normalise_values (field, error);
}

static DcFormField *
parse_field (DcXmlNode *node, guint index, GError **error)
{
  g_autoptr (DcFormField) field = NULL;
  const char *var = dc_xml_node_get_attr (node, "var");
  const char *type = dc_xml_node_get_attr (node, "type");
  const char *label = dc_xml_node_get_attr (node, "label");
  const char *desc = dc_xml_node_get_child_text (node, "desc", NS_DATA);

  if (var == NULL && g_strcmp0 (type, "fixed") != 0)
    {
      form_error (error, DC_DATA_FORM_ERROR_INVALID, "field %u has no name", index + 1);
      return NULL;
    }
  if (!check_text (var, "a field name", error) || !check_text (label, "a label", error)
      || !check_text (desc, "a description", error))
    return NULL;

  /* FORM_TYPE says which form this is, never something to ask the customer. */
  if (g_strcmp0 (var, FORM_TYPE_VAR) == 0)
    type = "hidden";

  field = dc_form_field_new (var, type, label,
                             dc_xml_node_get_child (node, "required", NS_DATA) != NULL);
  field->description = g_strdup (desc);
  if (!parse_field_children (field, node, error))
    return NULL;
  return g_steal_pointer (&field);
}

static gboolean
add_parsed_field (DcDataForm *self, DcXmlNode *node, GError **error)
{
  DcFormField *field;

  if (self->fields->len >= MAX_FIELDS)
    return form_error (error, DC_DATA_FORM_ERROR_TOO_LARGE, "more than %d fields", MAX_FIELDS);

  field = parse_field (node, self->fields->len, error);
  if (field == NULL)
    return FALSE;
  /* One answer per name: with two "serial" fields, switching one off would leave the other. */
  if (field->var != NULL && dc_data_form_lookup (self, field->var) != NULL)
    {
      form_error (error, DC_DATA_FORM_ERROR_INVALID, "two fields are named “%s”", field->var);
      dc_form_field_free (field);
      return FALSE;
    }
  g_ptr_array_add (self->fields, field);
  return TRUE;
}

static gboolean
parse_form_children (DcDataForm *self, DcXmlNode *x, GError **error)
{
  g_autoptr (GPtrArray) instructions = g_ptr_array_new ();

  for (DcXmlNode *c = dc_xml_node_get_first_child (x); c; c = dc_xml_node_get_next_sibling (c))
    {
      const char *text = dc_xml_node_get_text (c);

      if (is_data_child (c, "field") && !add_parsed_field (self, c, error))
        return FALSE;
      if (is_data_child (c, "title") && self->title == NULL)
        {
          if (!check_text (text, "the title", error))
            return FALSE;
          self->title = g_strdup (text);
        }
      if (is_data_child (c, "instructions"))
        g_ptr_array_add (instructions, (char *)(text != NULL ? text : ""));
    }

  if (instructions->len > 0)
    {
      g_ptr_array_add (instructions, NULL);
      self->instructions = g_strjoinv ("\n", (char **)instructions->pdata);
    }
  return check_text (self->instructions, "the instructions", error);
}

/**
 * dc_data_form_new_from_node:
 * @x: an `<x xmlns='jabber:x:data' type='form'>` element
 * @error: return location for a #DC_DATA_FORM_ERROR
 *
 * Reads the form a desk sent. Fails on anything but a form to fill, on a field without a name
 * (but a fixed one) or a name used twice, and on a form larger than a sheet should be (more than
 * 50 fields, 100 choices in a field, 64 KiB in a text).
 *
 * Returns: (transfer full): the form, or %NULL with @error set
 */
DcDataForm *
dc_data_form_new_from_node (DcXmlNode *x, GError **error)
{
  g_autoptr (DcDataForm) self = NULL;
  const char *type;

  g_return_val_if_fail (x != NULL, NULL);

  if (g_strcmp0 (dc_xml_node_get_name (x), "x") != 0
      || g_strcmp0 (dc_xml_node_get_xmlns (x), NS_DATA) != 0)
    {
      form_error (error, DC_DATA_FORM_ERROR_INVALID, "not a jabber:x:data form");
      return NULL;
    }
  type = dc_xml_node_get_attr (x, "type");
  if (g_strcmp0 (type, "form") != 0)
    {
      form_error (error, DC_DATA_FORM_ERROR_INVALID, "a form of type “%s”, not one to fill",
                  type != NULL ? type : "");
      return NULL;
    }

  self = g_object_new (DC_TYPE_DATA_FORM, NULL);
  if (!parse_form_children (self, x, error))
    return NULL;
  return g_steal_pointer (&self);
}
