/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include <string.h>

#include "dc-xml-node-private.h"

/* The element tree a stanza is: building it, reading it, and writing it out as XML. Parsing is
 * in dc-xml-parse.c.
 *
 * A node's xmlns is NULL when it is its parent's, "" when the element has no namespace at all:
 * inherited namespaces cost no copy, and the serialiser writes xmlns only where it changes. */

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

G_DEFINE_BOXED_TYPE (DcXmlNode, dc_xml_node, dc_xml_node_ref, dc_xml_node_unref)

static void
attr_clear (gpointer data)
{
  DcXmlAttr *attr = data;

  g_free (attr->name);
  g_free (attr->value);
}

/* Prefix declarations kept for prefixed attributes are stored as hidden "xmlns:p" attributes. */
gboolean
dc_xml_is_declaration (const char *name)
{
  return strncmp (name, "xmlns", 5) == 0 && (name[5] == '\0' || name[5] == ':');
}

/**
 * dc_xml_node_new:
 * @name: the element's local name, without prefix
 * @xmlns: (nullable): its namespace; %NULL for its parent's, "" for none
 *
 * Returns: (transfer full): a new element without attributes, text or children
 */
DcXmlNode *
dc_xml_node_new (const char *name, const char *xmlns)
{
  DcXmlNode *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  self = g_new0 (DcXmlNode, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->xmlns = g_strdup (xmlns);
  return self;
}

/**
 * dc_xml_node_ref:
 * @self: a #DcXmlNode
 *
 * Returns: (transfer full): @self
 */
DcXmlNode *
dc_xml_node_ref (DcXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static const char *
resolve_xmlns (DcXmlNode *node)
{
  while (node != NULL && node->xmlns == NULL)
    node = node->parent;
  return node != NULL && *node->xmlns != '\0' ? node->xmlns : NULL;
}

/* A child someone still holds outlives its parent: it keeps the namespace it had. */
static void
release_child (DcXmlNode *self, DcXmlNode *child)
{
  if (!g_atomic_ref_count_compare (&child->ref_count, 1))
    {
      const char *xmlns = resolve_xmlns (self);

      if (child->xmlns == NULL)
        child->xmlns = g_strdup (xmlns != NULL ? xmlns : "");
      child->parent = NULL;
      child->next = NULL;
    }
  dc_xml_node_unref (child);
}

/**
 * dc_xml_node_unref:
 * @self: a #DcXmlNode
 *
 * Drops a reference; the last one frees the element and the children nobody else holds.
 */
void
dc_xml_node_unref (DcXmlNode *self)
{
  DcXmlNode *child;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  child = self->first_child;
  while (child != NULL)
    {
      DcXmlNode *next = child->next;

      release_child (self, child);
      child = next;
    }
  g_free (self->name);
  g_free (self->xmlns);
  g_free (self->text);
  g_clear_pointer (&self->attrs, g_array_unref);
  g_free (self);
}

/**
 * dc_xml_node_get_name:
 * @self: a #DcXmlNode
 *
 * Returns: the local name, without prefix ("features" for `<stream:features>`)
 */
const char *
dc_xml_node_get_name (DcXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * dc_xml_node_get_xmlns:
 * @self: a #DcXmlNode
 *
 * Returns: (nullable): the resolved namespace, inherited when the element has none of its own;
 *   %NULL when the element is in no namespace
 */
const char *
dc_xml_node_get_xmlns (DcXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return resolve_xmlns (self);
}

DcXmlAttr *
dc_xml_node_find_attr (DcXmlNode *self, const char *name)
{
  for (guint i = 0; self->attrs != NULL && i < self->attrs->len; i++)
    {
      DcXmlAttr *attr = &g_array_index (self->attrs, DcXmlAttr, i);

      if (strcmp (attr->name, name) == 0)
        return attr;
    }
  return NULL;
}

void
dc_xml_node_append_attr (DcXmlNode *self, const char *name, const char *value)
{
  DcXmlAttr attr = { g_strdup (name), g_strdup (value) };

  if (self->attrs == NULL)
    {
      self->attrs = g_array_new (FALSE, FALSE, sizeof (DcXmlAttr));
      g_array_set_clear_func (self->attrs, attr_clear);
    }
  g_array_append_val (self->attrs, attr);
}

/**
 * dc_xml_node_get_attr:
 * @self: a #DcXmlNode
 * @name: the attribute's name as written ("type", "xml:lang")
 *
 * Namespace declarations are not attributes here: "xmlns" gives %NULL.
 *
 * Returns: (nullable): the unescaped value
 */
const char *
dc_xml_node_get_attr (DcXmlNode *self, const char *name)
{
  DcXmlAttr *attr;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  attr = dc_xml_is_declaration (name) ? NULL : dc_xml_node_find_attr (self, name);
  return attr != NULL ? attr->value : NULL;
}

/**
 * dc_xml_node_set_attr:
 * @self: a #DcXmlNode
 * @name: the attribute's name; not a namespace declaration (give the namespace to
 *   dc_xml_node_new() instead)
 * @value: (nullable): UTF-8 text, or %NULL to remove the attribute
 *
 * A new attribute comes after the others; a replaced one keeps its place.
 */
void
dc_xml_node_set_attr (DcXmlNode *self, const char *name, const char *value)
{
  DcXmlAttr *attr;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0' && !dc_xml_is_declaration (name));
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  attr = dc_xml_node_find_attr (self, name);
  if (attr != NULL && value == NULL)
    g_array_remove_index (self->attrs, (guint)(attr - &g_array_index (self->attrs, DcXmlAttr, 0)));
  else if (attr != NULL)
    {
      g_free (attr->value);
      attr->value = g_strdup (value);
    }
  else if (value != NULL)
    dc_xml_node_append_attr (self, name, value);
}

/**
 * dc_xml_node_get_text:
 * @self: a #DcXmlNode
 *
 * The character data directly inside the element, not its descendants', CDATA sections
 * included. Whitespace-only text of an element that has children is layout and is dropped.
 *
 * Returns: (nullable): the text, or %NULL when the element has none (never "")
 */
const char *
dc_xml_node_get_text (DcXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

/**
 * dc_xml_node_set_text:
 * @self: a #DcXmlNode
 * @text: (nullable): UTF-8 text; %NULL or "" removes it
 */
void
dc_xml_node_set_text (DcXmlNode *self, const char *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  g_free (self->text);
  self->text = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
dc_xml_node_link_child (DcXmlNode *self, DcXmlNode *child)
{
  child->parent = self;
  if (self->last_child != NULL)
    self->last_child->next = child;
  else
    self->first_child = child;
  self->last_child = child;
}

/**
 * dc_xml_node_add_child:
 * @self: a #DcXmlNode
 * @name: the child's local name
 * @xmlns: (nullable): its namespace; %NULL for @self's
 *
 * Returns: (transfer none): the new last child, owned by @self
 */
DcXmlNode *
dc_xml_node_add_child (DcXmlNode *self, const char *name, const char *xmlns)
{
  DcXmlNode *child;

  g_return_val_if_fail (self != NULL, NULL);

  child = dc_xml_node_new (name, xmlns);
  if (child != NULL)
    dc_xml_node_link_child (self, child);
  return child;
}

/**
 * dc_xml_node_append:
 * @self: a #DcXmlNode
 * @child: an element without a parent, not @self nor one of its ancestors
 *
 * Makes @child the last child of @self, taking a reference on it.
 */
void
dc_xml_node_append (DcXmlNode *self, DcXmlNode *child)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (child != NULL && child->parent == NULL);

  for (DcXmlNode *n = self; n != NULL; n = n->parent)
    g_return_if_fail (n != child);
  dc_xml_node_link_child (self, dc_xml_node_ref (child));
}

/**
 * dc_xml_node_get_child:
 * @self: a #DcXmlNode
 * @name: a local name
 * @xmlns: (nullable): the namespace it must have, "" for none; %NULL for any
 *
 * Returns: (transfer none) (nullable): the first child element that matches
 */
DcXmlNode *
dc_xml_node_get_child (DcXmlNode *self, const char *name, const char *xmlns)
{
  const char *own;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  own = resolve_xmlns (self);
  for (DcXmlNode *c = self->first_child; c != NULL; c = c->next)
    {
      const char *ns = c->xmlns == NULL ? own : c->xmlns;

      if (strcmp (c->name, name) == 0 && (xmlns == NULL || strcmp (ns ? ns : "", xmlns) == 0))
        return c;
    }
  return NULL;
}

/**
 * dc_xml_node_get_child_text:
 * @self: a #DcXmlNode
 * @name: a local name
 * @xmlns: (nullable): as for dc_xml_node_get_child()
 *
 * Returns: (nullable): the text of that child, %NULL when there is no such child or it has none
 */
const char *
dc_xml_node_get_child_text (DcXmlNode *self, const char *name, const char *xmlns)
{
  DcXmlNode *child = dc_xml_node_get_child (self, name, xmlns);

  return child != NULL ? child->text : NULL;
}

/**
 * dc_xml_node_get_first_child:
 * @self: a #DcXmlNode
 *
 * Returns: (transfer none) (nullable): the first child element
 */
DcXmlNode *
dc_xml_node_get_first_child (DcXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->first_child;
}

/**
 * dc_xml_node_get_next_sibling:
 * @self: a #DcXmlNode
 *
 * Returns: (transfer none) (nullable): the element after @self in its parent
 */
DcXmlNode *
dc_xml_node_get_next_sibling (DcXmlNode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->next;
}

gboolean
dc_xml_is_blank (const char *s, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      return FALSE;
  return TRUE;
}

/* Single-quoted attributes as XMPP writes them. Line ends and tabs in attributes become
 * references, or the reader would normalise them to spaces; control characters XML cannot carry
 * become U+FFFD rather than make the server close the stream. */
static void
append_escaped (GString *out, const char *s, gboolean in_attr)
{
  static const char *const text_refs[128]
    = { ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['\r'] = "&#13;" };
  static const char *const attr_refs[128]
    = { ['&'] = "&amp;",   ['<'] = "&lt;",   ['>'] = "&gt;",   ['\r'] = "&#13;",
        ['\''] = "&apos;", ['"'] = "&quot;", ['\n'] = "&#10;", ['\t'] = "&#9;" };
  const char *const *refs = in_attr ? attr_refs : text_refs;

  for (; *s != '\0'; s++)
    {
      guchar c = (guchar)*s;
      const char *ref = c < 128 ? refs[c] : NULL;

      if (ref == NULL && c < 0x20 && c != '\t' && c != '\n')
        ref = REPLACEMENT_CHARACTER;
      if (ref != NULL)
        g_string_append (out, ref);
      else
        g_string_append_c (out, *s);
    }
}

static void
write_node (GString *out, DcXmlNode *node, const char *ns, const char *parent_ns)
{
  g_string_append_c (out, '<');
  g_string_append (out, node->name);
  if (g_strcmp0 (ns, parent_ns) != 0)
    {
      g_string_append (out, " xmlns='");
      append_escaped (out, ns != NULL ? ns : "", TRUE);
      g_string_append_c (out, '\'');
    }
  for (guint i = 0; node->attrs != NULL && i < node->attrs->len; i++)
    {
      DcXmlAttr *attr = &g_array_index (node->attrs, DcXmlAttr, i);

      g_string_append_printf (out, " %s='", attr->name);
      append_escaped (out, attr->value, TRUE);
      g_string_append_c (out, '\'');
    }
  if (node->text == NULL && node->first_child == NULL)
    {
      g_string_append (out, "/>");
      return;
    }
  g_string_append_c (out, '>');
  /* Whitespace beside children is layout, as when parsing. */
  if (node->text != NULL
      && (node->first_child == NULL || !dc_xml_is_blank (node->text, strlen (node->text))))
    append_escaped (out, node->text, FALSE);
  for (DcXmlNode *c = node->first_child; c != NULL; c = c->next)
    write_node (out, c, c->xmlns == NULL ? ns : (*c->xmlns != '\0' ? c->xmlns : NULL), ns);
  g_string_append_printf (out, "</%s>", node->name);
}

/**
 * dc_xml_node_to_string:
 * @self: a #DcXmlNode
 *
 * Serialises @self and its descendants as one element, without XML declaration: the element
 * writes its namespace, and descendants where it changes. The text of an element comes before
 * its children, and is left out when it is only whitespace beside children (layout, as
 * dc_xml_parse() sees it); otherwise dc_xml_parse() gives back an equal tree.
 *
 * Returns: (transfer full): the XML
 */
char *
dc_xml_node_to_string (DcXmlNode *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_sized_new (256);
  write_node (out, self, resolve_xmlns (self), NULL);
  return g_string_free (out, FALSE);
}
