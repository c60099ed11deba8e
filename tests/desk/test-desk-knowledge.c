/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "dc-desk-config.h"
#include "dc-desk-knowledge.h"

/* The knowledge base: which customer's words find which answer, per language, and errors that
 * name the entry at fault. */

static const char base[]
  = "{\n"
    "  \"en\": [\n"
    "    {\"keywords\": [\"battery\"], \"answer\": \"battery in general\"},\n"
    "    {\"keywords\": [\"battery\", \"drain\"], \"answer\": \"battery drain\"},\n"
    "    {\"keywords\": [\"forgot\", \"pin\"], \"answer\": \"pin reset\"},\n"
    "    {\"keywords\": [\"mobile data\"], \"answer\": \"apn settings\"}\n"
    "  ],\n"
    "  \"de\": [\n"
    "    {\"keywords\": [\"Akku\"], \"answer\": \"Akku allgemein\"},\n"
    "    {\"keywords\": [\"Bildschirm\", \"schwarz\"], \"answer\": \"Bildschirm schwarz\"}\n"
    "  ],\n"
    "  \"fr\": [\n"
    "    {\"keywords\": [\"écran\"], \"answer\": \"écran\"}\n"
    "  ]\n"
    "}\n";

static DcDeskKnowledge *
load (void)
{
  g_autoptr (GError) error = NULL;
  DcDeskKnowledge *knowledge = dc_desk_knowledge_new_from_data (base, -1, "kb.json", &error);

  g_assert_no_error (error);
  return knowledge;
}

static void
test_lookup (void)
{
  g_autoptr (DcDeskKnowledge) kb = load ();

  g_assert_cmpuint (dc_desk_knowledge_get_n_entries (kb, "en"), ==, 4);
  g_assert_cmpuint (dc_desk_knowledge_get_n_entries (kb, "it"), ==, 0);
  /* The most specific entry wins; a longer word is found by its beginning. */
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "My BATTERY drains overnight."), ==,
                   "battery drain");
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "Is the battery dead?"), ==,
                   "battery in general");
  /* Every keyword must be there. */
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "I forgot my password"), ==, NULL);
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "I forgot the PIN of my SIM"), ==,
                   "pin reset");
  /* A short keyword is a whole word, not the start of another: "pin" is not "pinch". */
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "forgot to pinch"), ==, NULL);
  /* A keyword of several words wants them in a row. */
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "No mobile-data since yesterday"), ==,
                   "apn settings");
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "mobile phone, no data"), ==, NULL);
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "en", "The screen is cracked"), ==, NULL);
}

static void
test_languages (void)
{
  g_autoptr (DcDeskKnowledge) kb = load ();

  /* Each language has its own entries: no English answer to a German question. */
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "de", "Mein Akku ist schnell leer"), ==,
                   "Akku allgemein");
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "de", "Akkulaufzeit zu kurz"), ==,
                   "Akku allgemein");
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "de", "battery drain"), ==, NULL);
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "de", "Der Bildschirm bleibt SCHWARZ"), ==,
                   "Bildschirm schwarz");
  /* Accents and case do not matter. */
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "fr", "Mon ECRAN est cassé"), ==, "écran");
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "fr", "Mon Écran"), ==, "écran");
  g_assert_cmpstr (dc_desk_knowledge_lookup (kb, "it", "batteria"), ==, NULL);
}

static void
assert_bad (const char *json, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskKnowledge) kb = dc_desk_knowledge_new_from_data (json, -1, "kb.json", &error);

  g_assert_null (kb);
  g_assert_error (error, DC_DESK_ERROR, DC_DESK_ERROR_KNOWLEDGE);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_errors (void)
{
  assert_bad ("{\"en\": [", "kb.json");
  assert_bad ("[]", "object of languages");
  assert_bad ("{\"english\": []}", "“english”");
  assert_bad ("{\"en\": {}}", "en: must be a list");
  assert_bad ("{\"en\": [{\"keywords\": [\"a\"], \"answer\": \"x\"}, 3]}", "en[1]");
  assert_bad ("{\"de\": [{\"keywords\": [\"a\"]}]}", "de[0]: “answer”");
  assert_bad ("{\"de\": [{\"keywords\": [], \"answer\": \"x\"}]}", "de[0]: “keywords”");
  assert_bad ("{\"de\": [{\"keywords\": [\" ,\"], \"answer\": \"x\"}]}", "de[0]: each keyword");
  assert_bad ("{\"de\": [{\"keywords\": [1], \"answer\": \"x\"}]}", "de[0]: each keyword");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk-knowledge/lookup", test_lookup);
  g_test_add_func ("/desk-knowledge/languages", test_languages);
  g_test_add_func ("/desk-knowledge/errors", test_errors);

  return g_test_run ();
}
