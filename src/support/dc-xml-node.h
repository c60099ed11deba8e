/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest stanza (one WebSocket frame) Device Care parses: Prosody's own c2s limit. The one
 * place this number lives. */
#define DC_XML_MAX_STANZA (256 * 1024)

#define DC_XML_ERROR (dc_xml_error_quark ())
GQuark dc_xml_error_quark (void);

typedef enum
{
  DC_XML_ERROR_MALFORMED, /* not well-formed XML, or not one element */
  DC_XML_ERROR_FORBIDDEN, /* a DTD, an entity beyond the five, a processing instruction, a comment */
  DC_XML_ERROR_TOO_LARGE, /* over DC_XML_MAX_STANZA */
  DC_XML_ERROR_NAMESPACE, /* a prefix that was never declared */
} DcXmlError;

/* One XML element with its resolved namespace: a small refcounted tree for stanzas. */
typedef struct _DcXmlNode DcXmlNode;

#define DC_TYPE_XML_NODE (dc_xml_node_get_type ())
GType dc_xml_node_get_type (void);

DcXmlNode *dc_xml_node_new (const char *name, const char *xmlns);
DcXmlNode *dc_xml_node_ref (DcXmlNode *self);
void dc_xml_node_unref (DcXmlNode *self);

DcXmlNode *dc_xml_parse (const char *data, gsize length, GError **error);
char *dc_xml_node_to_string (DcXmlNode *self);

const char *dc_xml_node_get_name (DcXmlNode *self);
const char *dc_xml_node_get_xmlns (DcXmlNode *self);
const char *dc_xml_node_get_attr (DcXmlNode *self, const char *name);
void dc_xml_node_set_attr (DcXmlNode *self, const char *name, const char *value);
const char *dc_xml_node_get_text (DcXmlNode *self);
void dc_xml_node_set_text (DcXmlNode *self, const char *text);

DcXmlNode *dc_xml_node_add_child (DcXmlNode *self, const char *name, const char *xmlns);
void dc_xml_node_append (DcXmlNode *self, DcXmlNode *child);
DcXmlNode *dc_xml_node_get_child (DcXmlNode *self, const char *name, const char *xmlns);
const char *dc_xml_node_get_child_text (DcXmlNode *self, const char *name, const char *xmlns);
DcXmlNode *dc_xml_node_get_first_child (DcXmlNode *self);
DcXmlNode *dc_xml_node_get_next_sibling (DcXmlNode *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcXmlNode, dc_xml_node_unref)

G_END_DECLS
