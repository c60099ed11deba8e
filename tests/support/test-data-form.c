/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include <string.h>

#include "dc-data-form.h"

/* What a desk sends after it joined the room: the pre-chat form. */
static const char PRECHAT_FORM[]
  = "<x xmlns='jabber:x:data' type='form'>"
    "<title>Before we start</title>"
    "<instructions>Tell us about your phone.</instructions>"
    "<instructions>Switch off what you do not want to share.</instructions>"
    "<field var='FORM_TYPE' type='hidden'><value>urn:devicecare:support:prechat</value></field>"
    "<field type='fixed'><value>Your device</value></field>"
    "<field var='serial' type='text-single' label='Serial number'>"
    "<desc>Printed under the battery</desc><value>unknown</value></field>"
    "<field var='model' label='Model'/>"
    "<field var='category' type='list-single' label='Category'>"
    "<value>other</value>"
    "<option label='Battery'><value>battery</value></option>"
    "<option label='Display'><value>display</value></option>"
    "<option label='Something else'><value>other</value></option>"
    "</field>"
    "<field var='description' type='text-multi' label='Problem description'>"
    "<required/></field>"
    "<field var='consent' type='boolean' label='Attach the diagnosis report'>"
    "<value>false</value></field>"
    "<field var='privacy' type='fixed'><value>We delete your data after 30 days.</value></field>"
    "</x>";

static DcDataForm *
parse_form (const char *text, GError **error)
{
  g_autoptr (DcXmlNode) x = dc_xml_parse (text, strlen (text), error);

  if (x == NULL)
    return NULL;
  return dc_data_form_new_from_node (x, error);
}

static DcDataForm *
parse_form_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  DcDataForm *form = parse_form (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

static char *
submit_to_string (DcDataForm *form)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcXmlNode) x = dc_data_form_to_submit (form, &error);

  g_assert_no_error (error);
  g_assert_nonnull (x);
  return dc_xml_node_to_string (x);
}

static DcXmlNode *
parse_xml_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  DcXmlNode *x = dc_xml_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return x;
}

/* The values of the submitted field @var, joined by "|", or NULL when it was not sent. */
static char *
submitted_values (DcXmlNode *x, const char *var)
{
  for (DcXmlNode *f = dc_xml_node_get_first_child (x); f; f = dc_xml_node_get_next_sibling (f))
    {
      g_autoptr (GString) values = NULL;

      if (g_strcmp0 (dc_xml_node_get_attr (f, "var"), var) != 0)
        continue;
      values = g_string_new (NULL);
      for (DcXmlNode *v = dc_xml_node_get_first_child (f); v; v = dc_xml_node_get_next_sibling (v))
        {
          const char *text = dc_xml_node_get_text (v);

          g_assert_cmpstr (dc_xml_node_get_name (v), ==, "value");
          if (v != dc_xml_node_get_first_child (f))
            g_string_append_c (values, '|');
          g_string_append (values, text != NULL ? text : "");
        }
      return g_string_free (g_steal_pointer (&values), FALSE);
    }
  return NULL;
}

static void
test_prechat_fields (void)
{
  g_autoptr (DcDataForm) form = parse_form_ok (PRECHAT_FORM);
  DcFormField *field;

  g_assert_cmpstr (dc_data_form_get_form_type (form), ==, DC_FORM_TYPE_PRECHAT);
  g_assert_cmpstr (dc_data_form_get_title (form), ==, "Before we start");
  g_assert_cmpstr (dc_data_form_get_instructions (form), ==,
                   "Tell us about your phone.\nSwitch off what you do not want to share.");
  g_assert_cmpuint (dc_data_form_get_n_fields (form), ==, 8);

  /* FORM_TYPE stays in the list, hidden, so the sheet skips it. */
  field = dc_data_form_get_field (form, 0);
  g_assert_cmpstr (field->var, ==, "FORM_TYPE");
  g_assert_cmpstr (field->type, ==, "hidden");

  field = dc_data_form_get_field (form, 1);
  g_assert_null (field->var);
  g_assert_cmpstr (field->type, ==, "fixed");

  field = dc_data_form_lookup (form, "serial");
  g_assert_true (field == dc_data_form_get_field (form, 2));
  g_assert_cmpstr (field->label, ==, "Serial number");
  g_assert_cmpstr (field->description, ==, "Printed under the battery");
  g_assert_false (field->required);
  g_assert_cmpstr (dc_data_form_get_value (form, "serial"), ==, "unknown");

  field = dc_data_form_lookup (form, "model");
  g_assert_cmpstr (field->type, ==, "text-single");
  g_assert_null (dc_data_form_get_value (form, "model"));

  field = dc_data_form_lookup (form, "category");
  g_assert_cmpstr (field->type, ==, "list-single");
  g_assert_cmpuint (field->options->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (field->options, 2), ==, "Display");
  g_assert_cmpstr (g_ptr_array_index (field->options, 3), ==, "display");
  g_assert_cmpstr (dc_data_form_get_value (form, "category"), ==, "other");

  field = dc_data_form_lookup (form, "description");
  g_assert_cmpstr (field->type, ==, "text-multi");
  g_assert_true (field->required);
  g_assert_null (dc_data_form_get_value (form, "description"));

  g_assert_cmpstr (dc_data_form_get_value (form, "consent"), ==, "0");
  g_assert_null (dc_data_form_lookup (form, "imei"));
  /* A fixed field has no name to find it by; the sheet walks the list instead. */
  g_assert_null (dc_data_form_lookup (form, NULL));
  g_assert_null (dc_data_form_get_value (form, NULL));
  g_assert_false (dc_data_form_get_included (form, NULL));
  g_assert_true (dc_data_form_get_included (form, "serial"));
}

static void
fill_prechat (DcDataForm *form)
{
  g_assert_true (dc_data_form_set_value (form, "serial", "SN-4711-SECRET"));
  g_assert_true (dc_data_form_set_value (form, "model", "Librem 5"));
  g_assert_true (dc_data_form_set_value (form, "category", "battery"));
  g_assert_true (dc_data_form_set_value (form, "description", "Drains overnight.\n\nSince 6.1."));
  g_assert_true (dc_data_form_set_value (form, "consent", "true"));
}

static void
test_prechat_excluded_serial (void)
{
  g_autoptr (DcDataForm) form = parse_form_ok (PRECHAT_FORM);
  g_autoptr (DcXmlNode) x = NULL;
  g_autofree char *text = NULL;
  g_autofree char *values = NULL;
  DcXmlNode *first;

  fill_prechat (form);
  dc_data_form_set_included (form, "serial", FALSE);
  g_assert_false (dc_data_form_get_included (form, "serial"));
  g_assert_true (dc_data_form_get_included (form, "model"));

  text = submit_to_string (form);
  g_assert_null (strstr (text, "SN-4711"));
  g_assert_null (strstr (text, "serial"));
  g_assert_null (strstr (text, "unknown"));
  g_assert_null (strstr (text, "Your device"));
  g_assert_null (strstr (text, "30 days"));

  x = parse_xml_ok (text);
  g_assert_cmpstr (dc_xml_node_get_xmlns (x), ==, NS_DATA);
  g_assert_cmpstr (dc_xml_node_get_attr (x, "type"), ==, "submit");
  first = dc_xml_node_get_first_child (x);
  g_assert_cmpstr (dc_xml_node_get_attr (first, "var"), ==, "FORM_TYPE");
  g_assert_cmpstr (dc_xml_node_get_attr (first, "type"), ==, "hidden");
  g_assert_cmpstr (dc_xml_node_get_child_text (first, "value", NS_DATA), ==, DC_FORM_TYPE_PRECHAT);

  /* In form order, one <value/> a line of the description, the box as "1". */
  values = submitted_values (x, "model");
  g_assert_cmpstr (values, ==, "Librem 5");
  g_clear_pointer (&values, g_free);
  values = submitted_values (x, "description");
  g_assert_cmpstr (values, ==, "Drains overnight.||Since 6.1.");
  g_clear_pointer (&values, g_free);
  values = submitted_values (x, "consent");
  g_assert_cmpstr (values, ==, "1");
  g_clear_pointer (&values, g_free);
  values = submitted_values (x, "category");
  g_assert_cmpstr (values, ==, "battery");

  /* Switched back on, the serial is sent again. */
  dc_data_form_set_included (form, "serial", TRUE);
  g_clear_pointer (&text, g_free);
  text = submit_to_string (form);
  g_assert_nonnull (strstr (text, "SN-4711-SECRET"));
}

static void
test_submit_order (void)
{
  g_autoptr (DcDataForm) form = parse_form_ok (PRECHAT_FORM);
  g_autoptr (DcXmlNode) x = NULL;
  g_autofree char *text = NULL;
  const char *expected[] = { "FORM_TYPE", "serial", "model", "category", "description", "consent" };
  guint i = 0;

  fill_prechat (form);
  text = submit_to_string (form);
  x = parse_xml_ok (text);
  for (DcXmlNode *f = dc_xml_node_get_first_child (x); f; f = dc_xml_node_get_next_sibling (f), i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (dc_xml_node_get_attr (f, "var"), ==, expected[i]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));
}

static void
test_required_empty (void)
{
  g_autoptr (DcDataForm) form = parse_form_ok (PRECHAT_FORM);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcXmlNode) x = NULL;
  g_autofree char *text = NULL;

  fill_prechat (form);
  g_assert_true (dc_data_form_set_value (form, "description", ""));
  x = dc_data_form_to_submit (form, &error);
  g_assert_error (error, DC_DATA_FORM_ERROR, DC_DATA_FORM_ERROR_REQUIRED);
  g_assert_null (x);
  g_assert_nonnull (strstr (error->message, "“Problem description”"));
  g_clear_error (&error);

  g_assert_true (dc_data_form_set_value (form, "description", NULL));
  x = dc_data_form_to_submit (form, &error);
  g_assert_error (error, DC_DATA_FORM_ERROR, DC_DATA_FORM_ERROR_REQUIRED);
  g_clear_error (&error);

  /* What the customer refuses to share never blocks the answer, required or not. */
  dc_data_form_set_included (form, "description", FALSE);
  text = submit_to_string (form);
  g_assert_null (strstr (text, "description"));
  g_assert_nonnull (strstr (text, "Librem 5"));
}

static void
test_set_value (void)
{
  g_autoptr (DcDataForm) form = parse_form_ok (PRECHAT_FORM);
  g_autofree char *text = NULL;

  g_assert_false (dc_data_form_set_value (form, "imei", "490154203237518"));
  g_assert_false (dc_data_form_get_included (form, "imei"));

  /* Nothing the app fills in may hide where the customer cannot see it. */
  g_assert_false (dc_data_form_set_value (form, "FORM_TYPE", "490154203237518"));
  g_assert_cmpstr (dc_data_form_get_form_type (form), ==, DC_FORM_TYPE_PRECHAT);

  g_assert_false (dc_data_form_set_value (form, "privacy", "490154203237518"));
  g_assert_cmpstr (dc_data_form_get_value (form, "privacy"), ==,
                   "We delete your data after 30 days.");

  g_assert_true (dc_data_form_set_value (form, "serial", NULL));
  g_assert_null (dc_data_form_get_value (form, "serial"));
  g_assert_true (dc_data_form_set_value (form, "consent", "1"));
  g_assert_cmpstr (dc_data_form_get_value (form, "consent"), ==, "1");
  g_assert_true (dc_data_form_set_value (form, "consent", "false"));
  g_assert_cmpstr (dc_data_form_get_value (form, "consent"), ==, "0");

  /* An unanswered field is not sent, even when included. */
  g_assert_true (dc_data_form_set_value (form, "description", "Broken"));
  text = submit_to_string (form);
  g_assert_null (strstr (text, "serial"));
  g_assert_null (strstr (text, "'model'"));
  g_assert_nonnull (strstr (text, "consent"));
}

/* What XEP-0004 does not allow but a careless desk may send still makes a sheet. */
static void
test_careless_desk (void)
{
  g_autoptr (DcDataForm) form
    = parse_form_ok ("<x xmlns='jabber:x:data' type='form'>"
                     "<field var='FORM_TYPE' "
                     "type='text-single'><value>urn:devicecare:support:prechat</value></field>"
                     "<field var='model'><value>Librem 5</value><value>PinePhone</value></field>"
                     "<field var='consent' type='boolean'><value>yes</value></field>"
                     "<field var='os' type='list-single'><option><value>pureos</value></option>"
                     "<option label='None'><value/></option></field>"
                     "</x>");
  g_autofree char *text = NULL;
  DcFormField *os = dc_data_form_lookup (form, "os");

  g_assert_cmpstr (dc_data_form_lookup (form, "FORM_TYPE")->type, ==, "hidden");
  g_assert_false (dc_data_form_set_value (form, "FORM_TYPE", "urn:other"));
  g_assert_null (dc_data_form_get_value (form, "consent"));
  g_assert_cmpstr (dc_data_form_get_value (form, "model"), ==, "Librem 5");
  g_assert_cmpuint (os->options->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (os->options, 0), ==, "pureos");
  g_assert_cmpstr (g_ptr_array_index (os->options, 3), ==, "");

  text = submit_to_string (form);
  g_assert_nonnull (strstr (text, "Librem 5"));
  g_assert_null (strstr (text, "PinePhone"));
  g_assert_null (strstr (text, "consent"));
}

static void
assert_same_fields (DcDataForm *a, DcDataForm *b)
{
  g_assert_cmpstr (dc_data_form_get_form_type (a), ==, dc_data_form_get_form_type (b));
  g_assert_cmpstr (dc_data_form_get_title (a), ==, dc_data_form_get_title (b));
  g_assert_cmpstr (dc_data_form_get_instructions (a), ==, dc_data_form_get_instructions (b));
  g_assert_cmpuint (dc_data_form_get_n_fields (a), ==, dc_data_form_get_n_fields (b));

  for (guint i = 0; i < dc_data_form_get_n_fields (a); i++)
    {
      DcFormField *fa = dc_data_form_get_field (a, i);
      DcFormField *fb = dc_data_form_get_field (b, i);

      g_assert_cmpstr (fa->var, ==, fb->var);
      g_assert_cmpstr (fa->type, ==, fb->type);
      g_assert_cmpstr (fa->label, ==, fb->label);
      g_assert_cmpstr (fa->description, ==, fb->description);
      g_assert_cmpint (fa->required, ==, fb->required);
      g_assert_cmpuint (fa->values->len, ==, fb->values->len);
      for (guint j = 0; j < fa->values->len; j++)
        g_assert_cmpstr (g_ptr_array_index (fa->values, j), ==, g_ptr_array_index (fb->values, j));
      g_assert_cmpuint (fa->options->len, ==, fb->options->len);
      for (guint j = 0; j < fa->options->len; j++)
        g_assert_cmpstr (g_ptr_array_index (fa->options, j), ==,
                         g_ptr_array_index (fb->options, j));
    }
}

static DcDataForm *
round_trip (DcDataForm *form)
{
  g_autoptr (DcXmlNode) x = dc_data_form_to_node (form);
  g_autofree char *text = dc_xml_node_to_string (x);

  g_assert_cmpstr (dc_xml_node_get_attr (x, "type"), ==, "form");
  return parse_form_ok (text);
}

static void
test_round_trip (void)
{
  g_autoptr (DcDataForm) desk = parse_form_ok (PRECHAT_FORM);
  g_autoptr (DcDataForm) again = NULL;
  g_autoptr (DcDataForm) built = NULL;
  DcFormField *field;

  g_assert_true (dc_data_form_set_value (desk, "description", "First line\nSecond line"));
  again = round_trip (desk);
  assert_same_fields (desk, again);
  g_assert_cmpstr (dc_data_form_get_value (again, "description"), ==, "First line\nSecond line");

  g_clear_object (&again);
  built = dc_data_form_new (DC_FORM_TYPE_PRECHAT, "Before we start", "One\nTwo");
  dc_data_form_add_field (built, NULL, "fixed", NULL, FALSE);
  dc_data_form_add_field (built, "os", NULL, "Operating system", TRUE);
  field = dc_data_form_add_field (built, "category", "list-single", "Category", FALSE);
  dc_form_field_add_option (field, "Battery", "battery");
  dc_form_field_add_option (field, NULL, "other");
  g_assert_true (dc_data_form_set_value (built, "os", "PureOS 10"));
  g_assert_cmpstr (dc_data_form_get_form_type (built), ==, DC_FORM_TYPE_PRECHAT);
  g_assert_cmpstr (dc_data_form_get_field (built, 0)->type, ==, "hidden");

  again = round_trip (built);
  assert_same_fields (built, again);
  g_assert_cmpstr (g_ptr_array_index (field->options, 2), ==, "other");
}

static void
test_rating (void)
{
  g_autoptr (DcDataForm) desk = dc_data_form_new (DC_FORM_TYPE_RATING, "How did we do?", NULL);
  g_autoptr (DcDataForm) customer = NULL;
  g_autoptr (DcXmlNode) x = NULL;
  g_autofree char *text = NULL;
  g_autofree char *values = NULL;
  DcFormField *stars = dc_data_form_add_field (desk, "rating", "list-single", "Rating", TRUE);

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", i);

      dc_form_field_add_option (stars, value, value);
    }
  dc_data_form_add_field (desk, "comment", "text-multi", "Comment", FALSE);

  customer = round_trip (desk);
  g_assert_cmpstr (dc_data_form_get_form_type (customer), ==, DC_FORM_TYPE_RATING);
  g_assert_cmpuint (dc_data_form_lookup (customer, "rating")->options->len, ==, 10);
  g_assert_null (dc_data_form_to_submit (customer, NULL));

  g_assert_true (dc_data_form_set_value (customer, "rating", "4"));
  text = submit_to_string (customer);
  g_assert_null (strstr (text, "comment"));
  g_clear_pointer (&text, g_free);

  g_assert_true (dc_data_form_set_value (customer, "comment", "Quick help.\nThanks!"));
  text = submit_to_string (customer);
  x = parse_xml_ok (text);
  values = submitted_values (x, "rating");
  g_assert_cmpstr (values, ==, "4");
  g_clear_pointer (&values, g_free);
  values = submitted_values (x, "comment");
  g_assert_cmpstr (values, ==, "Quick help.|Thanks!");
}

static char *
form_with_fields (guint n)
{
  GString *text = g_string_new ("<x xmlns='jabber:x:data' type='form'>");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "<field var='f%u'/>", i);
  g_string_append (text, "</x>");
  return g_string_free (text, FALSE);
}

static char *
form_with_options (guint n)
{
  GString *text = g_string_new ("<x xmlns='jabber:x:data' type='form'><field var='c' "
                                "type='list-single'>");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "<option label='%u'><value>%u</value></option>", i, i);
  g_string_append (text, "</field></x>");
  return g_string_free (text, FALSE);
}

static char *
form_with_value_of (gsize length)
{
  g_autofree char *value = g_strnfill (length, 'a');

  return g_strdup_printf ("<x xmlns='jabber:x:data' type='form'><field var='v'><value>%s"
                          "</value></field></x>",
                          value);
}

static void
assert_rejected (const char *text, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDataForm) form = parse_form (text, &error);

  g_assert_error (error, DC_DATA_FORM_ERROR, code);
  g_assert_null (form);
}

static void
test_malformed (void)
{
  g_autofree char *fifty = form_with_fields (50);
  g_autofree char *fifty_one = form_with_fields (51);
  g_autofree char *hundred = form_with_options (100);
  g_autofree char *hundred_one = form_with_options (101);
  g_autofree char *just_fits = form_with_value_of (64 * 1024);
  g_autofree char *huge = form_with_value_of (64 * 1024 + 1);
  g_autoptr (DcDataForm) ok = NULL;

  assert_rejected ("<x xmlns='jabber:x:oob' type='form'/>", DC_DATA_FORM_ERROR_INVALID);
  assert_rejected ("<form xmlns='jabber:x:data' type='form'/>", DC_DATA_FORM_ERROR_INVALID);
  assert_rejected ("<x xmlns='jabber:x:data' type='submit'><field var='a'/></x>",
                   DC_DATA_FORM_ERROR_INVALID);
  assert_rejected ("<x xmlns='jabber:x:data'/>", DC_DATA_FORM_ERROR_INVALID);
  assert_rejected ("<x xmlns='jabber:x:data' type='form'><field type='text-single'/></x>",
                   DC_DATA_FORM_ERROR_INVALID);
  assert_rejected ("<x xmlns='jabber:x:data' type='form'><field var='a'/><field var='a'/></x>",
                   DC_DATA_FORM_ERROR_INVALID);
  assert_rejected ("<x xmlns='jabber:x:data' type='form'><field var='c' type='list-single'>"
                   "<option label='No value'/></field></x>",
                   DC_DATA_FORM_ERROR_INVALID);
  assert_rejected (fifty_one, DC_DATA_FORM_ERROR_TOO_LARGE);
  assert_rejected (hundred_one, DC_DATA_FORM_ERROR_TOO_LARGE);
  assert_rejected (huge, DC_DATA_FORM_ERROR_TOO_LARGE);

  /* The limits themselves are allowed. */
  ok = parse_form_ok (fifty);
  g_assert_cmpuint (dc_data_form_get_n_fields (ok), ==, 50);
  g_clear_object (&ok);
  ok = parse_form_ok (hundred);
  g_assert_cmpuint (dc_data_form_lookup (ok, "c")->options->len, ==, 200);
  g_clear_object (&ok);
  ok = parse_form_ok (just_fits);
  g_assert_cmpuint (strlen (dc_data_form_get_value (ok, "v")), ==, 64 * 1024);
}

static void
test_answer_too_long (void)
{
  g_autoptr (DcDataForm) form = parse_form_ok (PRECHAT_FORM);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcXmlNode) x = NULL;
  g_autofree char *pasted = g_strnfill (64 * 1024 + 1, 'x');

  fill_prechat (form);
  g_assert_true (dc_data_form_set_value (form, "description", pasted));
  x = dc_data_form_to_submit (form, &error);
  g_assert_error (error, DC_DATA_FORM_ERROR, DC_DATA_FORM_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "“Problem description”"));
  g_assert_null (x);
}

static void
test_escaping (void)
{
  const char *tricky = "<b>Größe & \"Übel\"</b> 'ä' ß]]>";
  g_autoptr (DcDataForm) desk = dc_data_form_new (DC_FORM_TYPE_PRECHAT, "Fehler & <Ärger>", NULL);
  g_autoptr (DcDataForm) customer = NULL;
  g_autoptr (DcXmlNode) x = NULL;
  g_autofree char *form_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *values = NULL;
  DcFormField *field = dc_data_form_add_field (desk, "note", NULL, "Größe \"<&>\"", FALSE);

  dc_form_field_add_option (field, "Ö & <ü>", "'&'");
  g_assert_true (dc_data_form_set_value (desk, "note", tricky));
  x = dc_data_form_to_node (desk);
  form_text = dc_xml_node_to_string (x);
  g_assert_null (strstr (form_text, "<b>"));
  g_assert_null (strstr (form_text, "<Ärger>"));
  g_assert_nonnull (strstr (form_text, "&amp;"));
  g_assert_nonnull (strstr (form_text, "&lt;"));

  customer = parse_form_ok (form_text);
  assert_same_fields (desk, customer);
  g_assert_cmpstr (dc_data_form_get_value (customer, "note"), ==, tricky);

  text = submit_to_string (customer);
  g_assert_null (strstr (text, "<b>"));
  g_clear_pointer (&x, dc_xml_node_unref);
  x = parse_xml_ok (text);
  values = submitted_values (x, "note");
  g_assert_cmpstr (values, ==, tricky);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data-form/prechat/fields", test_prechat_fields);
  g_test_add_func ("/data-form/prechat/excluded-serial", test_prechat_excluded_serial);
  g_test_add_func ("/data-form/prechat/submit-order", test_submit_order);
  g_test_add_func ("/data-form/prechat/required-empty", test_required_empty);
  g_test_add_func ("/data-form/set-value", test_set_value);
  g_test_add_func ("/data-form/careless-desk", test_careless_desk);
  g_test_add_func ("/data-form/round-trip", test_round_trip);
  g_test_add_func ("/data-form/rating", test_rating);
  g_test_add_func ("/data-form/malformed", test_malformed);
  g_test_add_func ("/data-form/answer-too-long", test_answer_too_long);
  g_test_add_func ("/data-form/escaping", test_escaping);

  return g_test_run ();
}
