/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <string.h>

#include "dc-place-index-private.h"

/* Text search compares folded words: lower case, accents dropped, letters
 * such as "ø" or "ł" spelled in ASCII where there is a common way to, and
 * everything else (Greek, Cyrillic, …) kept as it is. "München", "MUNCHEN"
 * and "munchen" all fold to "munchen". */

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
      case G_UNICODE_NON_SPACING_MARK:
      case G_UNICODE_SPACING_MARK:
      case G_UNICODE_ENCLOSING_MARK:
        return TRUE;
      default:
        return FALSE;
    }
}

static void
append_folded_letter (GString *out, gunichar c)
{
  char utf8[7] = { 0 };
  g_autofree char *ascii = NULL;

  if (c < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower (c));
      return;
    }

  g_unichar_to_utf8 (c, utf8);
  ascii = g_str_to_ascii (utf8, "C");
  if (ascii[0] != '\0' && strchr (ascii, '?') == NULL)
    {
      for (const char *a = ascii; *a != '\0'; a++)
        g_string_append_c (out, g_ascii_isalnum (*a) ? g_ascii_tolower (*a) : ' ');
    }
  else
    g_string_append (out, utf8);
}

/**
 * dc_place_text_fold:
 * @text: UTF-8 text; invalid sequences are replaced
 *
 * Returns: (transfer full): the words of @text, folded for comparison and
 *   separated by single spaces
 */
char *
dc_place_text_fold (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *folded = g_utf8_casefold (valid, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_mark (c))
        continue;
      if (g_unichar_isalnum (c))
        append_folded_letter (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static gboolean
has_word_with_prefix (const char *record, gsize length, const char *prefix)
{
  gsize prefix_length = strlen (prefix);
  const char *end = record + length;

  for (const char *word = record; word < end;)
    {
      const char *space = memchr (word, ' ', end - word);
      const char *word_end = space != NULL ? space : end;

      if ((gsize)(word_end - word) >= prefix_length && memcmp (word, prefix, prefix_length) == 0)
        return TRUE;
      word = word_end + 1;
    }
  return FALSE;
}

/**
 * dc_place_text_matches:
 * @record: folded words, as dc_place_text_fold() makes them
 * @length: the length of @record in bytes
 * @words: folded words to look for
 *
 * Returns: %TRUE when each of @words starts a word of @record
 */
gboolean
dc_place_text_matches (const char *record, gsize length, char **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (!has_word_with_prefix (record, length, words[i]))
        return FALSE;
    }
  return TRUE;
}
