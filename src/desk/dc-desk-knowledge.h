/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The desk's knowledge base: per language, entries of keywords and an answer, read from JSON:
 *   { "en": [ { "keywords": ["battery", "drain"], "answer": "…" } ], "de": [ … ] } */
typedef struct _DcDeskKnowledge DcDeskKnowledge;

DcDeskKnowledge *dc_desk_knowledge_new_from_data (const char *data, gssize length,
                                                  const char *origin, GError **error);
DcDeskKnowledge *dc_desk_knowledge_load (const char *path, GError **error);
void dc_desk_knowledge_free (DcDeskKnowledge *self);

/* The answer whose keywords all occur in @text, the most specific first; NULL when none. */
const char *dc_desk_knowledge_lookup (DcDeskKnowledge *self, const char *language,
                                      const char *text);
guint dc_desk_knowledge_get_n_entries (DcDeskKnowledge *self, const char *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcDeskKnowledge, dc_desk_knowledge_free)

G_END_DECLS
