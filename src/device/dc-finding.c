/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dc-finding.h"

/**
 * DcFinding:
 *
 * What one probe found about one part of the device: an id the report keys
 * on ("battery", "storage:/home"), a verdict, a sentence for the customer,
 * what to do about it, and the values it is based on. Values keep their
 * order, a key for the report and a label and text for people; a value
 * that is not known is JSON null, never left out.
 */
struct _DcFinding
{
  GObject parent_instance;

  char *id;
  char *category;
  char *title;
  DcFindingStatus status;
  char *summary;
  char *advice;
  GPtrArray *values; /* of Value */
};

typedef struct
{
  char *key;
  char *label;
  char *text;
  JsonNode *node;
} Value;

G_DEFINE_FINAL_TYPE (DcFinding, dc_finding, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DcFindingStatus, dc_finding_status,
                    G_DEFINE_ENUM_VALUE (DC_FINDING_STATUS_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (DC_FINDING_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (DC_FINDING_STATUS_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (DC_FINDING_STATUS_CRITICAL, "critical"))

enum
{
  PROP_0,
  PROP_ID,
  PROP_CATEGORY,
  PROP_TITLE,
  PROP_STATUS,
  PROP_SUMMARY,
  PROP_ADVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * dc_finding_status_to_string:
 * @status: a #DcFindingStatus
 *
 * Returns: the status as the report writes it: "ok", "warning", "critical"
 *   or "unknown"
 */
const char *
dc_finding_status_to_string (DcFindingStatus status)
{
  switch (status)
    {
      case DC_FINDING_STATUS_OK:
        return "ok";
      case DC_FINDING_STATUS_WARNING:
        return "warning";
      case DC_FINDING_STATUS_CRITICAL:
        return "critical";
      case DC_FINDING_STATUS_UNKNOWN:
      default:
        return "unknown";
    }
}

static void
value_free (gpointer data)
{
  Value *value = data;

  g_free (value->key);
  g_free (value->label);
  g_free (value->text);
  json_node_unref (value->node);
  g_free (value);
}

static void
dc_finding_finalize (GObject *object)
{
  DcFinding *self = DC_FINDING (object);

  g_free (self->id);
  g_free (self->category);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->advice);
  g_ptr_array_unref (self->values);

  G_OBJECT_CLASS (dc_finding_parent_class)->finalize (object);
}

static void
dc_finding_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcFinding *self = DC_FINDING (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_string (value, self->id);
        break;
      case PROP_CATEGORY:
        g_value_set_string (value, self->category);
        break;
      case PROP_TITLE:
        g_value_set_string (value, self->title);
        break;
      case PROP_STATUS:
        g_value_set_enum (value, self->status);
        break;
      case PROP_SUMMARY:
        g_value_set_string (value, self->summary);
        break;
      case PROP_ADVICE:
        g_value_set_string (value, self->advice);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_finding_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcFinding *self = DC_FINDING (object);

  switch (prop_id)
    {
      case PROP_ID:
        self->id = g_value_dup_string (value);
        break;
      case PROP_CATEGORY:
        self->category = g_value_dup_string (value);
        break;
      case PROP_TITLE:
        self->title = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_finding_class_init (DcFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dc_finding_finalize;
  object_class->get_property = dc_finding_get_property;
  object_class->set_property = dc_finding_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, construct);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, construct);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, DC_TYPE_FINDING_STATUS,
                                               DC_FINDING_STATUS_UNKNOWN, readable);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, readable);
  properties[PROP_ADVICE] = g_param_spec_string ("advice", NULL, NULL, NULL, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_finding_init (DcFinding *self)
{
  self->status = DC_FINDING_STATUS_UNKNOWN;
  self->values = g_ptr_array_new_with_free_func (value_free);
}

/**
 * dc_finding_new:
 * @id: the id the report keys on, such as "battery" or "storage:/home"
 * @category: the area, such as "battery" or "storage"
 * @title: the translated name of the area for people, such as "Battery"
 *
 * A finding whose status is unknown until dc_finding_set_verdict().
 *
 * Returns: (transfer full): a new #DcFinding
 */
DcFinding *
dc_finding_new (const char *id, const char *category, const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (category != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (DC_TYPE_FINDING, "id", id, "category", category, "title", title, NULL);
}

/**
 * dc_finding_get_id:
 * @self: a #DcFinding
 *
 * Returns: the id, such as "battery" or "storage:/"
 */
const char *
dc_finding_get_id (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);
  return self->id;
}

/**
 * dc_finding_get_category:
 * @self: a #DcFinding
 *
 * Returns: the area, such as "storage"
 */
const char *
dc_finding_get_category (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);
  return self->category;
}

/**
 * dc_finding_get_title:
 * @self: a #DcFinding
 *
 * Returns: the translated name of the area, such as "Battery"
 */
const char *
dc_finding_get_title (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);
  return self->title;
}

/**
 * dc_finding_get_status:
 * @self: a #DcFinding
 *
 * Returns: the verdict
 */
DcFindingStatus
dc_finding_get_status (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), DC_FINDING_STATUS_UNKNOWN);
  return self->status;
}

/**
 * dc_finding_get_summary:
 * @self: a #DcFinding
 *
 * Returns: (nullable): one translated sentence on what was found, or for an
 *   unknown status why nothing could be
 */
const char *
dc_finding_get_summary (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);
  return self->summary;
}

/**
 * dc_finding_get_advice:
 * @self: a #DcFinding
 *
 * Returns: (nullable): what the customer can do, translated, or %NULL when
 *   nothing needs doing
 */
const char *
dc_finding_get_advice (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);
  return self->advice;
}

/**
 * dc_finding_set_verdict:
 * @self: a #DcFinding
 * @status: the verdict
 * @summary: a translated sentence on what was found
 * @advice: (nullable): what to do, translated
 *
 * Sets what the probe concluded.
 */
void
dc_finding_set_verdict (DcFinding *self, DcFindingStatus status, const char *summary,
                        const char *advice)
{
  g_return_if_fail (DC_IS_FINDING (self));

  self->status = status;
  g_free (self->summary);
  self->summary = g_strdup (summary);
  g_free (self->advice);
  self->advice = g_strdup (advice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADVICE]);
}

static void
add_value (DcFinding *self, const char *key, const char *label, JsonNode *node, char *text)
{
  Value *value = g_new0 (Value, 1);

  value->key = g_strdup (key);
  value->label = g_strdup (label);
  value->node = node;
  value->text = text != NULL ? text : g_strdup (_ ("Unknown"));
  g_ptr_array_add (self->values, value);
}

static char *
format_number (double number, DcFindingUnit unit, gboolean integral)
{
  switch (unit)
    {
      case DC_FINDING_UNIT_PERCENT:
        /* Translators: a percentage, such as "76 %", with a no-break space; write it as your
         * language does. */
        return g_strdup_printf (_ ("%.0f %%"), number);
      case DC_FINDING_UNIT_BYTES:
        return g_format_size ((guint64)MAX (number, 0));
      case DC_FINDING_UNIT_CELSIUS:
        /* Translators: a temperature in degrees Celsius, such as "31.2 °C", with a no-break
         * space. */
        return g_strdup_printf (_ ("%.1f °C"), number);
      case DC_FINDING_UNIT_MEGAHERTZ:
        /* Translators: a processor's clock frequency, such as "1152 MHz". */
        return g_strdup_printf (_ ("%.0f MHz"), number);
      case DC_FINDING_UNIT_NONE:
      default:
        return g_strdup_printf (integral ? "%.0f" : "%.1f", number);
    }
}

/**
 * dc_finding_add_integer:
 * @self: a #DcFinding
 * @key: the report's key, such as "cycle_count"
 * @label: the translated label, such as "Charge Cycles"
 * @value: the value
 * @unit: how to show it
 *
 * Adds a whole number.
 */
void
dc_finding_add_integer (DcFinding *self, const char *key, const char *label, gint64 value,
                        DcFindingUnit unit)
{
  JsonNode *node;

  g_return_if_fail (DC_IS_FINDING (self));

  node = json_node_init_int (json_node_alloc (), value);
  add_value (self, key, label, node, format_number ((double)value, unit, TRUE));
}

/**
 * dc_finding_add_double:
 * @self: a #DcFinding
 * @key: the report's key, such as "temperature_c"
 * @label: the translated label
 * @value: the value; NAN when it is not known
 * @unit: how to show it
 *
 * Adds a number, rounded to one decimal: no probe measures finer.
 */
void
dc_finding_add_double (DcFinding *self, const char *key, const char *label, double value,
                       DcFindingUnit unit)
{
  double rounded;
  JsonNode *node;

  g_return_if_fail (DC_IS_FINDING (self));

  if (!isfinite (value))
    {
      dc_finding_add_unknown (self, key, label);
      return;
    }
  rounded = round (value * 10.0) / 10.0;
  /* 87.0 is written 87, as a reader of the report expects. */
  if (rounded == floor (rounded) && fabs (rounded) < 1e15)
    node = json_node_init_int (json_node_alloc (), (gint64)rounded);
  else
    node = json_node_init_double (json_node_alloc (), rounded);
  add_value (self, key, label, node, format_number (rounded, unit, rounded == floor (rounded)));
}

/**
 * dc_finding_add_string:
 * @self: a #DcFinding
 * @key: the report's key, such as "state"
 * @label: the translated label
 * @value: (nullable): the value as the report writes it, %NULL when unknown
 * @display: (nullable): the value for people, when it differs from @value
 *
 * Adds a text value.
 */
void
dc_finding_add_string (DcFinding *self, const char *key, const char *label, const char *value,
                       const char *display)
{
  g_return_if_fail (DC_IS_FINDING (self));

  if (value == NULL)
    {
      dc_finding_add_unknown (self, key, label);
      return;
    }
  add_value (self, key, label, json_node_init_string (json_node_alloc (), value),
             g_strdup (display != NULL ? display : value));
}

/**
 * dc_finding_add_boolean:
 * @self: a #DcFinding
 * @key: the report's key, such as "proximity"
 * @label: the translated label
 * @value: the value
 *
 * Adds a yes-or-no value.
 */
void
dc_finding_add_boolean (DcFinding *self, const char *key, const char *label, gboolean value)
{
  g_return_if_fail (DC_IS_FINDING (self));

  add_value (self, key, label, json_node_init_boolean (json_node_alloc (), value),
             g_strdup (value ? _ ("Yes") : _ ("No")));
}

/**
 * dc_finding_add_unknown:
 * @self: a #DcFinding
 * @key: the report's key
 * @label: the translated label
 *
 * Adds a value that could not be read: null in the report, "Unknown" on
 * screen.
 */
void
dc_finding_add_unknown (DcFinding *self, const char *key, const char *label)
{
  g_return_if_fail (DC_IS_FINDING (self));

  add_value (self, key, label, json_node_init_null (json_node_alloc ()), NULL);
}

/**
 * dc_finding_get_n_values:
 * @self: a #DcFinding
 *
 * Returns: how many values the finding holds
 */
guint
dc_finding_get_n_values (DcFinding *self)
{
  g_return_val_if_fail (DC_IS_FINDING (self), 0);
  return self->values->len;
}

static Value *
value_at (DcFinding *self, guint index)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->values->len, NULL);
  return g_ptr_array_index (self->values, index);
}

/**
 * dc_finding_get_value_key:
 * @self: a #DcFinding
 * @index: which value, from 0
 *
 * Returns: the report's key of the value
 */
const char *
dc_finding_get_value_key (DcFinding *self, guint index)
{
  Value *value = value_at (self, index);
  return value != NULL ? value->key : NULL;
}

/**
 * dc_finding_get_value_label:
 * @self: a #DcFinding
 * @index: which value, from 0
 *
 * Returns: the translated label of the value
 */
const char *
dc_finding_get_value_label (DcFinding *self, guint index)
{
  Value *value = value_at (self, index);
  return value != NULL ? value->label : NULL;
}

/**
 * dc_finding_get_value_text:
 * @self: a #DcFinding
 * @index: which value, from 0
 *
 * Returns: the value for people, such as "76 %" or "Unknown"
 */
const char *
dc_finding_get_value_text (DcFinding *self, guint index)
{
  Value *value = value_at (self, index);
  return value != NULL ? value->text : NULL;
}

/**
 * dc_finding_get_value:
 * @self: a #DcFinding
 * @key: the report's key
 *
 * Returns: (transfer none) (nullable): the value as the report writes it,
 *   or %NULL when the finding has no such key
 */
JsonNode *
dc_finding_get_value (DcFinding *self, const char *key)
{
  g_return_val_if_fail (DC_IS_FINDING (self), NULL);

  for (guint i = 0; i < self->values->len; i++)
    {
      Value *value = g_ptr_array_index (self->values, i);

      if (g_strcmp0 (value->key, key) == 0)
        return value->node;
    }
  return NULL;
}

static void
add_member (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * dc_finding_to_json:
 * @self: a #DcFinding
 *
 * The finding as the report writes it:
 * `{"id", "category", "status", "title", "summary", "advice", "values"}`.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
dc_finding_to_json (DcFinding *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (DC_IS_FINDING (self), NULL);

  json_builder_begin_object (builder);
  add_member (builder, "id", self->id);
  add_member (builder, "category", self->category);
  add_member (builder, "status", dc_finding_status_to_string (self->status));
  add_member (builder, "title", self->title);
  add_member (builder, "summary", self->summary);
  add_member (builder, "advice", self->advice);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->values->len; i++)
    {
      Value *value = g_ptr_array_index (self->values, i);

      json_builder_set_member_name (builder, value->key);
      json_builder_add_value (builder, json_node_copy (value->node));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
