/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dc-desk-config.h"
#include "dc-desk-knowledge.h"

/* Keyword matching on words, not substrings: the text and the keywords are decomposed, case
 * folded and stripped of accents ("Écran" finds "ecran"), then split into words. A keyword word
 * of four letters or more also matches a longer word it begins ("drain" finds "drains",
 * "Akku" finds "Akkulaufzeit"); a shorter one only itself, so "on" does not find "one". */

#define MIN_PREFIX 4
#define MAX_ENTRIES 10000

typedef struct
{
  GPtrArray *keywords; /* of GPtrArray of words: each keyword may be several words */
  char *answer;
} Entry;

struct _DcDeskKnowledge
{
  GHashTable *languages; /* language → GPtrArray of Entry */
};

static void
entry_free (Entry *entry)
{
  g_ptr_array_unref (entry->keywords);
  g_free (entry->answer);
  g_free (entry);
}

/* The words of @text, decomposed, folded and without accents. */
static GPtrArray *
split_words (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  g_autofree char *folded = decomposed ? g_utf8_casefold (decomposed, -1) : NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) word = g_string_new (NULL);

  for (const char *p = folded; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);
    }
  if (word->len > 0)
    g_ptr_array_add (words, g_strdup (word->str));
  return words;
}

static gboolean
word_matches (const char *keyword, const char *word)
{
  if (g_utf8_strlen (keyword, -1) >= MIN_PREFIX)
    return g_str_has_prefix (word, keyword);
  return g_str_equal (keyword, word);
}

static gboolean
keyword_found (GPtrArray *keyword, GPtrArray *words)
{
  for (guint start = 0; start + keyword->len <= words->len; start++)
    {
      guint i = 0;
      while (i < keyword->len
             && word_matches (g_ptr_array_index (keyword, i), g_ptr_array_index (words, start + i)))
        i++;
      if (i == keyword->len)
        return TRUE;
    }
  return FALSE;
}

static gboolean
entry_error (GError **error, const char *origin, const char *language, guint index,
             const char *problem)
{
  g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE, "%s: %s[%u]: %s", origin, language,
               index, problem);
  return FALSE;
}

static Entry *
parse_entry (JsonNode *node, const char *origin, const char *language, guint index, GError **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *keywords = object ? json_object_get_member (object, "keywords") : NULL;
  JsonNode *answer = object ? json_object_get_member (object, "answer") : NULL;
  JsonArray *list
    = keywords && JSON_NODE_HOLDS_ARRAY (keywords) ? json_node_get_array (keywords) : NULL;
  Entry *entry;

  if (object == NULL)
    return entry_error (error, origin, language, index, "an entry must be an object"), NULL;
  if (answer == NULL || json_node_get_value_type (answer) != G_TYPE_STRING
      || *json_node_get_string (answer) == '\0')
    return entry_error (error, origin, language, index, "“answer” must be a text"), NULL;
  if (list == NULL || json_array_get_length (list) == 0)
    return entry_error (error, origin, language, index, "“keywords” must be a list of words"), NULL;

  entry = g_new0 (Entry, 1);
  entry->keywords = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  entry->answer = g_strdup (json_node_get_string (answer));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *word = json_array_get_element (list, i);
      g_autoptr (GPtrArray) words = NULL;

      if (json_node_get_value_type (word) == G_TYPE_STRING)
        words = split_words (json_node_get_string (word));
      if (words == NULL || words->len == 0)
        {
          entry_free (entry);
          return entry_error (error, origin, language, index,
                              "each keyword must be a word or words"),
                 NULL;
        }
      g_ptr_array_add (entry->keywords, g_steal_pointer (&words));
    }
  return entry;
}

static gboolean
parse_language (DcDeskKnowledge *self, const char *language, JsonNode *node, const char *origin,
                GError **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  GPtrArray *entries;

  if (strlen (language) != 2 || !g_ascii_islower (language[0]) || !g_ascii_islower (language[1]))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE,
                   "%s: “%s” is not a language code such as de or en", origin, language);
      return FALSE;
    }
  if (array == NULL || json_array_get_length (array) > MAX_ENTRIES)
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE,
                   "%s: %s: must be a list of at most %d entries", origin, language, MAX_ENTRIES);
      return FALSE;
    }
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  g_hash_table_insert (self->languages, g_strdup (language), entries);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Entry *entry = parse_entry (json_array_get_element (array, i), origin, language, i, error);
      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (entries, entry);
    }
  return TRUE;
}

/**
 * dc_desk_knowledge_new_from_data:
 * @data: the JSON text
 * @length: its length, or -1 when NUL-terminated
 * @origin: the file's name, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the knowledge base, or %NULL with an
 *   error of %DC_DESK_ERROR_KNOWLEDGE naming the language and entry at fault
 */
DcDeskKnowledge *
dc_desk_knowledge_new_from_data (const char *data, gssize length, const char *origin,
                                 GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local_error = NULL;
  g_autoptr (DcDeskKnowledge) self = NULL;
  JsonNode *root;
  JsonObjectIter iter;
  const char *language;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE, "%s: %s", origin,
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE,
                   "%s: must be an object of languages, such as {\"en\": [ … ]}", origin);
      return NULL;
    }
  self = g_new0 (DcDeskKnowledge, 1);
  self->languages
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &language, &node))
    if (!parse_language (self, language, node, origin, error))
      return NULL;
  return g_steal_pointer (&self);
}

/**
 * dc_desk_knowledge_load:
 * @path: a JSON file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the knowledge base
 */
DcDeskKnowledge *
dc_desk_knowledge_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE, "%s", local_error->message);
      return NULL;
    }
  return dc_desk_knowledge_new_from_data (data, length, path, error);
}

/**
 * dc_desk_knowledge_free:
 * @self: (transfer full) (nullable): a knowledge base
 */
void
dc_desk_knowledge_free (DcDeskKnowledge *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->languages, g_hash_table_unref);
  g_free (self);
}

/**
 * dc_desk_knowledge_lookup:
 * @self: a knowledge base
 * @language: a language code such as "de"
 * @text: what the customer wrote
 *
 * Finds the entries of @language whose keywords all occur in @text and
 * returns the answer of the one with the most keywords (the first in the
 * file among equals).
 *
 * Returns: (nullable): the answer, or %NULL when no entry matches
 */
const char *
dc_desk_knowledge_lookup (DcDeskKnowledge *self, const char *language, const char *text)
{
  GPtrArray *entries = g_hash_table_lookup (self->languages, language);
  g_autoptr (GPtrArray) words = NULL;
  Entry *best = NULL;

  if (entries == NULL || text == NULL)
    return NULL;
  words = split_words (text);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      guint k = 0;

      while (k < entry->keywords->len
             && keyword_found (g_ptr_array_index (entry->keywords, k), words))
        k++;
      if (k == entry->keywords->len && (best == NULL || k > best->keywords->len))
        best = entry;
    }
  return best ? best->answer : NULL;
}

/**
 * dc_desk_knowledge_get_n_entries:
 * @self: a knowledge base
 * @language: a language code
 *
 * Returns: how many entries @language has
 */
guint
dc_desk_knowledge_get_n_entries (DcDeskKnowledge *self, const char *language)
{
  GPtrArray *entries = g_hash_table_lookup (self->languages, language);

  return entries ? entries->len : 0;
}
