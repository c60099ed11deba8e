/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-form-sheet-private.h"

/* The sheet's fields, made from whatever the desk asks (XEP-0004): the phone's identifiers each
 * with its own switch, and the other fields as the rows and boxes a customer knows — a choice,
 * a line, a text, a switch — then read back into the form when the customer sends it. */

static const char *const identifiers[] = { "serial", "imei", "model", "os", NULL };

gboolean
dc_form_sheet_is_identifier (const char *var)
{
  return var != NULL && g_strv_contains (identifiers, var);
}

void
dc_sheet_field_free (DcSheetField *field)
{
  g_free (field->var);
  g_free (field->type);
  g_clear_pointer (&field->choices, g_ptr_array_unref);
  g_free (field->device_value);
  g_free (field);
}

static const char *
label_of (DcFormField *field)
{
  return field->label != NULL ? field->label : field->var;
}

/* The desk's default answer; a text's lines joined. */
static char *
value_of (DcFormField *field)
{
  g_autoptr (GStrvBuilder) lines = g_strv_builder_new ();
  g_auto (GStrv) strv = NULL;

  for (guint i = 0; i < field->values->len; i++)
    g_strv_builder_add (lines, g_ptr_array_index (field->values, i));
  strv = g_strv_builder_end (lines);
  return strv[0] != NULL ? g_strjoinv ("\n", strv) : NULL;
}

static DcSheetField *
track (DcFormSheet *self, DcFormField *field, GtkWidget *widget)
{
  DcSheetField *tracked = g_new0 (DcSheetField, 1);

  tracked->var = g_strdup (field->var);
  tracked->type = g_strdup (field->type);
  tracked->widget = widget;
  g_ptr_array_add (self->fields, tracked);
  return tracked;
}

static void
add_identifier (DcFormSheet *self, DcFormField *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  DcSheetField *tracked;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_of (field));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Reading…"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dc-value-row");
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (toggle, FALSE);
  /* The serial number and the IMEI are off until the customer switches them on: each names this
   * one phone, and so its owner, in every chat, repair and database it reaches. Model and system
   * are shared by thousands of phones: they tell the agent what they need to know without
   * saying whose phone it is. */
  gtk_switch_set_active (GTK_SWITCH (toggle), g_strcmp0 (field->var, "serial") != 0
                                                && g_strcmp0 (field->var, "imei") != 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label_of (field), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (self->identity_group, row);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_group), TRUE);

  tracked = track (self, field, toggle);
  tracked->row = row;
  tracked->identifier = TRUE;
}

/**
 * dc_form_sheet_show_device_value:
 * @field: an identifier's field, its device value read
 * @known: whether the phone was read (else the row still says "Reading…")
 *
 * The row's subtitle is exactly what Send would share; without a value there is nothing to
 * switch on.
 */
void
dc_form_sheet_show_device_value (DcSheetField *field, gboolean known)
{
  gboolean has_value = field->device_value != NULL && *field->device_value != '\0';

  if (!known)
    return;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row),
                               has_value ? field->device_value : _ ("Not available on this phone"));
  if (!has_value)
    gtk_switch_set_active (GTK_SWITCH (field->widget), FALSE);
  gtk_widget_set_sensitive (field->widget, has_value);
}

static GtkWidget *
entry_row (DcFormField *field)
{
  gboolean secret = g_strcmp0 (field->type, "text-private") == 0;
  GtkWidget *row = secret ? adw_password_entry_row_new () : adw_entry_row_new ();
  g_autofree char *value = value_of (field);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_of (field));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  return row;
}

static GtkWidget *
combo_row (DcFormField *field, GPtrArray *choices)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *value = value_of (field);
  guint selected = 0;

  /* Without a default, the first item is "no answer": nothing is chosen for the customer. */
  if (value == NULL)
    {
      gtk_string_list_append (labels, _ ("Not Chosen"));
      g_ptr_array_add (choices, NULL);
    }
  for (guint i = 0; i + 1 < field->options->len; i += 2)
    {
      const char *option_label = g_ptr_array_index (field->options, i);
      const char *option_value = g_ptr_array_index (field->options, i + 1);

      if (g_strcmp0 (option_value, value) == 0)
        selected = choices->len;
      gtk_string_list_append (labels, option_label ? option_label : option_value);
      g_ptr_array_add (choices, g_strdup (option_value));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_of (field));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (field->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), field->description);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

static GtkWidget *
switch_row (DcFormField *field, GtkWidget **toggle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *value = value_of (field);

  *toggle = gtk_switch_new ();
  gtk_widget_set_valign (*toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (*toggle),
                         g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label_of (field), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_of (field));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (field->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), field->description);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), *toggle);
  return row;
}

/* A text of several lines has its own group: the label above, the box below. */
static GtkWidget *
text_group (DcFormField *field, GtkWidget **view)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  g_autofree char *value = value_of (field);

  *view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (*view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (*view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (*view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (*view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (*view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (*view), 12);
  gtk_widget_set_size_request (*view, -1, 100);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (*view)), value ? value : "",
                            -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label_of (field), -1);
  gtk_widget_add_css_class (frame, "dc-text-frame");
  gtk_frame_set_child (GTK_FRAME (frame), *view);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), label_of (field));
  if (field->description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), field->description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  return group;
}

static gboolean
field_is (DcFormField *field, const char *type)
{
  return g_strcmp0 (field->type, type) == 0;
}

/* Rows go into one group until a text interrupts them. */
static void
add_row (DcFormSheet *self, GtkWidget **group, GtkWidget *row)
{
  if (*group == NULL)
    {
      *group = adw_preferences_group_new ();
      gtk_box_append (GTK_BOX (self->fields_box), *group);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (*group), row);
}

static void
add_field (DcFormSheet *self, DcFormField *field, GtkWidget **group)
{
  GtkWidget *widget = NULL;
  DcSheetField *tracked;

  if (field_is (field, "fixed"))
    {
      g_autofree char *text = value_of (field);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (self->fields_box), label);
      *group = NULL;
      return;
    }
  if (field_is (field, "text-multi"))
    {
      gtk_box_append (GTK_BOX (self->fields_box), text_group (field, &widget));
      *group = NULL;
      track (self, field, widget);
      return;
    }
  if (field_is (field, "list-single"))
    {
      g_autoptr (GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);
      add_row (self, group, widget = combo_row (field, choices));
      tracked = track (self, field, widget);
      tracked->choices = g_steal_pointer (&choices);
      return;
    }
  if (field_is (field, "boolean"))
    {
      add_row (self, group, switch_row (field, &widget));
      track (self, field, widget);
      return;
    }
  /* text-single, text-private, and what a phone has no better widget for. */
  add_row (self, group, widget = entry_row (field));
  track (self, field, widget);
}

/**
 * dc_form_sheet_add_fields:
 * @self: a #DcFormSheet
 *
 * Adds a row or a box for each field the customer answers, in the desk's order; on the pre-chat
 * form the phone's identifiers go together on top, each with its own switch.
 */
void
dc_form_sheet_add_fields (DcFormSheet *self)
{
  const char *form_type = dc_data_form_get_form_type (self->form);
  gboolean prechat = g_strcmp0 (form_type, DC_FORM_TYPE_PRECHAT) == 0;
  gboolean rating = g_strcmp0 (form_type, DC_FORM_TYPE_RATING) == 0;
  GtkWidget *group = NULL;

  for (guint i = 0; i < dc_data_form_get_n_fields (self->form); i++)
    {
      DcFormField *field = dc_data_form_get_field (self->form, i);

      if (field->var == NULL && !field_is (field, "fixed"))
        continue;
      if (field_is (field, "hidden"))
        continue;
      if (prechat && dc_form_sheet_is_identifier (field->var))
        add_identifier (self, field);
      else if (rating && g_strcmp0 (field->var, "rating") == 0)
        dc_form_sheet_add_stars (self);
      else
        add_field (self, field, &group);
    }
}

static char *
answer_of (DcSheetField *field)
{
  GtkWidget *widget = field->widget;
  g_autofree char *text = NULL;

  if (ADW_IS_COMBO_ROW (widget))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));
      return selected < field->choices->len
               ? g_strdup (g_ptr_array_index (field->choices, selected))
               : NULL;
    }
  if (GTK_IS_SWITCH (widget))
    return g_strdup (gtk_switch_get_active (GTK_SWITCH (widget)) ? "true" : "false");
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  else
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/**
 * dc_form_sheet_apply_answers:
 * @self: a #DcFormSheet
 *
 * Writes what the sheet shows into the form: an identifier goes in only with its switch on,
 * and then exactly as its row shows it; the rating as the number of stars.
 */
void
dc_form_sheet_apply_answers (DcFormSheet *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      DcSheetField *field = g_ptr_array_index (self->fields, i);

      if (field->identifier)
        {
          gboolean shared = gtk_switch_get_active (GTK_SWITCH (field->widget))
                            && field->device_value != NULL && *field->device_value != '\0';

          dc_data_form_set_value (self->form, field->var, shared ? field->device_value : NULL);
          dc_data_form_set_included (self->form, field->var, shared);
        }
      else
        {
          g_autofree char *answer = answer_of (field);
          dc_data_form_set_value (self->form, field->var, answer);
        }
    }
  if (self->rating > 0)
    {
      g_autofree char *stars = g_strdup_printf ("%d", self->rating);
      dc_data_form_set_value (self->form, "rating", stars);
    }
}
