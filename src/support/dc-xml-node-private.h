/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-xml-node.h"

G_BEGIN_DECLS

/* What the tree (dc-xml-node.c) and the parser (dc-xml-parse.c) share. */

typedef struct
{
  char *name;
  char *value;
} DcXmlAttr;

struct _DcXmlNode
{
  gatomicrefcount ref_count;
  char *name;
  char *xmlns;       /* NULL: the parent's; "": none */
  char *text;        /* NULL when none */
  GArray *attrs;     /* of DcXmlAttr in document order; NULL when none */
  DcXmlNode *parent; /* no reference: the parent owns its children */
  DcXmlNode *first_child;
  DcXmlNode *last_child;
  DcXmlNode *next;
};

/* dc-xml-node.c */
gboolean dc_xml_is_declaration (const char *name);
gboolean dc_xml_is_blank (const char *s, gsize length);
DcXmlAttr *dc_xml_node_find_attr (DcXmlNode *self, const char *name);
void dc_xml_node_append_attr (DcXmlNode *self, const char *name, const char *value);
void dc_xml_node_link_child (DcXmlNode *self, DcXmlNode *child);

G_END_DECLS
