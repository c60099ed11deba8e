/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dc-geojson-feature-private.h"
#include "dc-place-collection-private.h"
#include "dc-places-resources.h"

/**
 * DcPlaceCollection:
 *
 * The places of one GeoJSON FeatureCollection (DESIGN §4), as a #GListModel
 * of #DcPlace in the file's order. A feature that does not hold up is
 * skipped and kept as a #DcPlaceProblem, so one bad entry in a vendor's feed
 * costs one place, not the whole list. Immutable once loaded, so it can be
 * built in a worker thread and handed to the main one.
 */
struct _DcPlaceCollection
{
  GObject parent_instance;

  GPtrArray *places;   /* DcPlace */
  GPtrArray *problems; /* DcPlaceProblem */
  char *dataset_name;
  gboolean is_demo;
};

static void dc_place_collection_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DcPlaceCollection, dc_place_collection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      dc_place_collection_list_model_init))

/* clang-format off */
G_DEFINE_QUARK (dc-places-error-quark, dc_places_error)
/* clang-format on */

enum
{
  PROP_0,
  PROP_IS_DEMO,
  PROP_DATASET_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEMO_RESOURCE "/io/github/devicecare/DeviceCare/places/demo.geojson"

/* json-glib 1.6 parses recursively and overflows the stack on a few
 * hundred thousand nested brackets; a FeatureCollection of Points needs
 * six levels. */
#define MAX_NESTING 64

/**
 * dc_place_problem_free:
 * @problem: (nullable): a #DcPlaceProblem
 *
 * Frees @problem and its strings.
 */
void
dc_place_problem_free (DcPlaceProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->id);
  g_free (problem->message);
  g_free (problem);
}

static void
dc_place_collection_finalize (GObject *object)
{
  DcPlaceCollection *self = DC_PLACE_COLLECTION (object);

  g_clear_pointer (&self->places, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_free (self->dataset_name);

  G_OBJECT_CLASS (dc_place_collection_parent_class)->finalize (object);
}

static void
dc_place_collection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcPlaceCollection *self = DC_PLACE_COLLECTION (object);

  switch (prop_id)
    {
      case PROP_IS_DEMO:
        g_value_set_boolean (value, self->is_demo);
        break;
      case PROP_DATASET_NAME:
        g_value_set_string (value, self->dataset_name);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_place_collection_class_init (DcPlaceCollectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_place_collection_finalize;
  object_class->get_property = dc_place_collection_get_property;

  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATASET_NAME] = g_param_spec_string ("dataset-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_place_collection_init (DcPlaceCollection *self)
{
  self->places = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_place_problem_free);
}

static GType
dc_place_collection_get_item_type (GListModel *model)
{
  return DC_TYPE_PLACE;
}

static guint
dc_place_collection_get_n_items (GListModel *model)
{
  return DC_PLACE_COLLECTION (model)->places->len;
}

static gpointer
dc_place_collection_get_item (GListModel *model, guint position)
{
  DcPlaceCollection *self = DC_PLACE_COLLECTION (model);

  if (position >= self->places->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->places, position));
}

static void
dc_place_collection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dc_place_collection_get_item_type;
  iface->get_n_items = dc_place_collection_get_n_items;
  iface->get_item = dc_place_collection_get_item;
}

static gboolean
nests_too_deep (const char *data, gsize size)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (in_string)
        {
          if (data[i] == '\\')
            i++;
          else if (data[i] == '"')
            in_string = FALSE;
        }
      else if (data[i] == '"')
        in_string = TRUE;
      else if (data[i] == '[' || data[i] == '{')
        {
          if (++depth > MAX_NESTING)
            return TRUE;
        }
      else if ((data[i] == ']' || data[i] == '}') && depth > 0)
        depth--;
    }

  return FALSE;
}

typedef struct
{
  guint line;
  guint column;
} ParsePosition;

static void
on_parser_error (JsonParser *parser, gpointer error, gpointer user_data)
{
  ParsePosition *position = user_data;

  position->line = json_parser_get_current_line (parser);
  position->column = json_parser_get_current_pos (parser);
}

/* json-glib says "<data>:3:7: Parse error: unexpected …" (translated in its
 * own domain); we say where in our own words, so keep only the "unexpected
 * …" part, found through json-glib's template rather than its English. */
static const char *
json_error_detail (const char *message)
{
  const char *template = g_dgettext ("json-glib-1.0", "%s:%d:%d: Parse error: %s");
  const char *label = g_strrstr (template, "%d: ");
  const char *label_end = g_strrstr (template, "%s");
  const char *detail = message;
  gsize label_length;

  if (!g_str_has_prefix (detail, "<data>:"))
    return message;
  detail += strlen ("<data>:");
  while (g_ascii_isdigit (*detail) || *detail == ':')
    detail++;
  if (*detail == ' ')
    detail++;

  if (label != NULL && label_end != NULL && label_end > label)
    {
      label += strlen ("%d: ");
      label_length = label_end - label;
      if (strncmp (detail, label, label_length) == 0)
        detail += label_length;
    }

  return *detail != '\0' ? detail : message;
}

static JsonParser *
parse_json (GBytes *geojson, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  ParsePosition position = { 0 };
  gsize size = 0;
  const char *data = g_bytes_get_data (geojson, &size);

  if (size > 0 && nests_too_deep (data, size))
    {
      g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                   _ ("The places file nests lists and objects more than %d levels deep; a "
                      "GeoJSON FeatureCollection needs only a few."),
                   MAX_NESTING);
      return NULL;
    }

  g_signal_connect (parser, "error", G_CALLBACK (on_parser_error), &position);
  if (size > 0 && !json_parser_load_from_data (parser, data, size, &local_error))
    {
      const char *detail = json_error_detail (local_error->message);

      if (position.line > 0)
        g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                     /* Translators: the last %s is the JSON parser's own explanation */
                     _ ("The places file is not valid JSON (line %u, column %u): %s"),
                     position.line, position.column, detail);
      else
        g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                     _ ("The places file is not valid JSON: %s"), detail);
      return NULL;
    }

  /* Empty or only white space: json-glib calls that a document without a root. */
  if (size == 0 || json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                           _ ("The places file is empty."));
      return NULL;
    }

  return g_steal_pointer (&parser);
}

/* RFC 7946 §3.3: {"type": "FeatureCollection", "features": [...]}. */
static JsonArray *
feature_collection_features (JsonNode *root, GError **error)
{
  JsonObject *object;
  JsonNode *type;
  JsonNode *features;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                           _ ("The places file is not a GeoJSON FeatureCollection: its top level "
                              "is not a JSON object."));
      return NULL;
    }

  object = json_node_get_object (root);
  type = json_object_get_member (object, "type");
  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type)
      || json_node_get_value_type (type) != G_TYPE_STRING)
    {
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                           _ ("The places file is not a GeoJSON FeatureCollection: it has no "
                              "“type”."));
      return NULL;
    }
  if (!g_str_equal (json_node_get_string (type), "FeatureCollection"))
    {
      g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                   _ ("The places file is not a GeoJSON FeatureCollection: its “type” is “%s”."),
                   json_node_get_string (type));
      return NULL;
    }

  features = json_object_get_member (object, "features");
  if (features == NULL || !JSON_NODE_HOLDS_ARRAY (features))
    {
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                           _ ("The places file has no “features” list."));
      return NULL;
    }

  return json_node_get_array (features);
}

/* RFC 7946 §6.1 allows foreign members; ours says what the set is and
 * whether it is made up, so the app can say so. */
static void
read_dataset (DcPlaceCollection *self, JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "dataset");
  JsonObject *dataset;
  JsonNode *name;
  JsonNode *demo;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  dataset = json_node_get_object (node);
  name = json_object_get_member (dataset, "name");
  if (name != NULL && JSON_NODE_HOLDS_VALUE (name)
      && json_node_get_value_type (name) == G_TYPE_STRING)
    self->dataset_name = g_strdup (json_node_get_string (name));

  demo = json_object_get_member (dataset, "demo");
  self->is_demo = demo != NULL && JSON_NODE_HOLDS_VALUE (demo)
                  && json_node_get_value_type (demo) == G_TYPE_BOOLEAN
                  && json_node_get_boolean (demo);
}

static void
add_problem (DcPlaceCollection *self, guint index, char *id, const char *message)
{
  DcPlaceProblem *problem = g_new0 (DcPlaceProblem, 1);

  problem->index = index;
  problem->id = id;
  problem->message = g_strdup (message);
  g_ptr_array_add (self->problems, problem);

  g_debug ("Skipped feature %u (%s): %s", index, id ? id : "no id", message);
}

static void
add_features (DcPlaceCollection *self, JsonArray *features)
{
  /* id → index of the feature that has it; keys belong to the places. */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DcPlace) place = NULL;
      char *id = NULL;
      gpointer first;

      place = dc_geojson_feature_parse (json_array_get_element (features, i), &id, &error);
      if (place == NULL)
        {
          add_problem (self, i, id, error->message);
          continue;
        }

      if (g_hash_table_lookup_extended (seen, id, NULL, &first))
        {
          g_autofree char *message = g_strdup_printf (
            /* Translators: %u is a position in the file's list of places, from 0 */
            _ ("Another feature (at index %u) already has this “id”; each place needs its own."),
            GPOINTER_TO_UINT (first));

          add_problem (self, i, id, message);
          continue;
        }

      g_free (id);
      g_hash_table_insert (seen, (gpointer)dc_place_get_id (place), GUINT_TO_POINTER (i));
      g_ptr_array_add (self->places, g_steal_pointer (&place));
    }
}

/**
 * dc_place_collection_new_from_geojson:
 * @geojson: a GeoJSON FeatureCollection, UTF-8
 * @error: where to say why the document as a whole is unusable
 *
 * Reads the places in @geojson. Features that break the rules of DESIGN §4
 * are skipped and listed by dc_place_collection_get_problems(); only a
 * document that is not JSON, or not a FeatureCollection, fails.
 *
 * Returns: (transfer full) (nullable): the places, or %NULL with @error
 *   set (%DC_PLACES_ERROR_INVALID)
 */
DcPlaceCollection *
dc_place_collection_new_from_geojson (GBytes *geojson, GError **error)
{
  g_autoptr (DcPlaceCollection) self = NULL;
  g_autoptr (JsonParser) parser = NULL;
  JsonArray *features;

  g_return_val_if_fail (geojson != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = parse_json (geojson, error);
  if (parser == NULL)
    return NULL;

  features = feature_collection_features (json_parser_get_root (parser), error);
  if (features == NULL)
    return NULL;

  self = g_object_new (DC_TYPE_PLACE_COLLECTION, NULL);
  read_dataset (self, json_node_get_object (json_parser_get_root (parser)));
  add_features (self, features);

  return g_steal_pointer (&self);
}

/**
 * dc_place_collection_new_demo:
 * @error: where to say why the bundled set could not be read
 *
 * The made-up places that ship with the app, for trying it out before a
 * vendor's feed is configured. They are marked as demo data.
 *
 * Returns: (transfer full) (nullable): the demo places
 */
DcPlaceCollection *
dc_place_collection_new_demo (GError **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = dc_place_collection_lookup_demo (error);
  if (bytes == NULL)
    return NULL;

  return dc_place_collection_new_from_geojson (bytes, error);
}

/**
 * dc_place_collection_lookup_demo:
 * @error: where to say why the bundled set could not be read
 *
 * Returns: (transfer full) (nullable): the bundled demo set, as GeoJSON
 */
GBytes *
dc_place_collection_lookup_demo (GError **error)
{
  /* Read from our own GResource, not the global namespace: this library is
   * static, and a linker may drop the constructor that would register it. */
  return g_resource_lookup_data (dc_places_get_resource (), DEMO_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/**
 * dc_place_collection_get_is_demo:
 * @self: a #DcPlaceCollection
 *
 * Whether the file says its places are made up (`"dataset": {"demo": true}`);
 * the app must then say so wherever it shows them.
 *
 * Returns: %TRUE for demo data
 */
gboolean
dc_place_collection_get_is_demo (DcPlaceCollection *self)
{
  g_return_val_if_fail (DC_IS_PLACE_COLLECTION (self), FALSE);
  return self->is_demo;
}

/**
 * dc_place_collection_get_dataset_name:
 * @self: a #DcPlaceCollection
 *
 * Returns: (nullable): the name the file gives its set of places
 *   (`"dataset": {"name": …}`), or %NULL
 */
const char *
dc_place_collection_get_dataset_name (DcPlaceCollection *self)
{
  g_return_val_if_fail (DC_IS_PLACE_COLLECTION (self), NULL);
  return self->dataset_name;
}

/**
 * dc_place_collection_get_problems:
 * @self: a #DcPlaceCollection
 *
 * The features that were skipped, in the file's order, each with its index,
 * its "id" when it had one, and what is wrong with it.
 *
 * Returns: (transfer none) (element-type DcPlaceProblem): the problems;
 *   empty when every feature loaded
 */
GPtrArray *
dc_place_collection_get_problems (DcPlaceCollection *self)
{
  g_return_val_if_fail (DC_IS_PLACE_COLLECTION (self), NULL);
  return self->problems;
}
