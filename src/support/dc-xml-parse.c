/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include <string.h>

#include "dc-xml-node-private.h"

/* XMPP over WebSocket (RFC 7395) puts one complete element in each frame, so a frame parses
 * alone into a DcXmlNode tree. GMarkup does the tokenising; namespaces, the limits and what XMPP
 * forbids (DTDs, entities beyond the five, processing instructions, comments) are checked here,
 * partly in a pre-scan before GMarkup sees the bytes. */

#define MAX_DEPTH 64
#define MAX_ATTRIBUTES 128   /* per element; keeps the duplicate check cheap */
#define MAX_DECLARATIONS 128 /* namespace declarations in scope at once */
#define MAX_ENTITY_NAME 32   /* as much of one as an error message quotes */
#define XML_NS "http://www.w3.org/XML/1998/namespace"

/* clang-format off */
G_DEFINE_QUARK (dc-xml-error-quark, dc_xml_error)
/* clang-format on */

typedef struct
{
  char *prefix; /* NULL: the default namespace */
  char *uri;
} Declaration;

typedef struct
{
  DcXmlNode *node;
  const char *ns;         /* the element's namespace, NULL for none */
  const char *default_ns; /* an unprefixed child's */
  guint n_declarations;   /* in scope before the element's own */
  GString *text;          /* reused by each element at this depth */
} Frame;

typedef struct
{
  DcXmlNode *root;
  gboolean root_closed;
  guint depth;
  guint n_declarations;
  Frame frames[MAX_DEPTH];
  Declaration declarations[MAX_DECLARATIONS];
} Parser;

static gboolean fail (GError **error, DcXmlError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, DcXmlError code, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, DC_XML_ERROR, code, message);
  return FALSE;
}

#define MALFORMED "The server sent a message that is not valid XML: "

static gboolean
fail_forbidden (GError **error, const char *what)
{
  return fail (error, DC_XML_ERROR_FORBIDDEN,
               "The server sent XML with %s, which XMPP does not allow", what);
}

static gboolean
has_prefix (const char *s, gsize length, const char *prefix)
{
  gsize n = strlen (prefix);

  return length >= n && memcmp (s, prefix, n) == 0;
}

/* What markup starting at "<!" or "<?" is, or NULL for a CDATA section or an element. */
static const char *
markup_kind (const char *s, gsize length)
{
  if (has_prefix (s, length, "<?xml") && (length == 5 || g_ascii_isspace (s[5]) || s[5] == '?'))
    return "an XML declaration";
  if (has_prefix (s, length, "<?"))
    return "a processing instruction";
  if (has_prefix (s, length, "<![CDATA["))
    return NULL;
  if (has_prefix (s, length, "<!--"))
    return "a comment";
  if (has_prefix (s, length, "<!DOCTYPE"))
    return "a document type declaration (DTD)";
  if (has_prefix (s, length, "<!ENTITY"))
    return "an entity declaration";
  if (has_prefix (s, length, "<!"))
    return "a markup declaration";
  return NULL;
}

/* At '&': only the five predefined entities; numeric references are left to GMarkup. */
static gboolean
check_entity (const char *s, const char *end, GError **error)
{
  static const char *const predefined[] = { "amp", "lt", "gt", "quot", "apos" };
  const char *name = s + 1;
  gsize n = 0;

  while (name + n < end
         && (g_ascii_isalnum (name[n]) || name[n] == '_' || name[n] == '-' || name[n] == '.'))
    n++;
  if (n == 0 || name + n >= end || name[n] != ';')
    return TRUE; /* not a reference at all: GMarkup reports it */
  for (gsize i = 0; i < G_N_ELEMENTS (predefined); i++)
    if (strlen (predefined[i]) == n && memcmp (name, predefined[i], n) == 0)
      return TRUE;
  return fail (error, DC_XML_ERROR_FORBIDDEN,
               "The server sent XML with the entity reference “&%.*s;”, which XMPP does not allow",
               (int)MIN (n, MAX_ENTITY_NAME), name);
}

/* The '>' of the "]]>" that ends the CDATA section at @s. */
static const char *
find_cdata_end (const char *s, const char *end)
{
  for (s += 9; (s = memchr (s, ']', end - s)) != NULL; s++)
    if (end - s >= 3 && s[1] == ']' && s[2] == '>')
      return s + 2;
  return NULL;
}

/* One pass before GMarkup sees anything, so a DTD or an entity bomb is refused at its first
 * bytes, before GMarkup buffers it; the passthrough callback stays as a second line. */
static gboolean
check_forbidden (const char *data, gsize length, GError **error)
{
  const char *end = data + length;

  /* Also inside CDATA sections, where GMarkup would cut the text at it. */
  if (memchr (data, '\0', length) != NULL)
    return fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "it contains a NUL byte");
  for (const char *s = data; s < end; s++)
    {
      const char *kind;

      if (*s == '&' && !check_entity (s, end, error))
        return FALSE;
      if (*s != '<')
        continue;
      if (has_prefix (s, end - s, "<![CDATA["))
        {
          const char *cdata = s + 9;

          s = find_cdata_end (s, end);
          if (s == NULL)
            return TRUE; /* unterminated: GMarkup reports it */
          /* GMarkup (2.74 to 2.88 at least) reports bad UTF-8 here but parses on. */
          if (!g_utf8_validate_len (cdata, s - 2 - cdata, NULL))
            return fail (error, DC_XML_ERROR_MALFORMED,
                         "The server sent a message that is not valid UTF-8 (in a CDATA section)");
          continue;
        }
      kind = markup_kind (s, end - s);
      if (kind != NULL)
        return fail_forbidden (error, kind);
    }
  return TRUE;
}

/* XML 1.0 cannot carry these, not even as references; GMarkup lets them through. */
static gboolean
check_characters (const char *s, gsize length, GError **error)
{
  for (gsize i = 0; i < length; i++)
    if ((guchar)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      return fail (error, DC_XML_ERROR_MALFORMED,
                   MALFORMED "it contains the control character U+%04X", (guchar)s[i]);
  return TRUE;
}

/* Splits "p:local" at its colon; *prefix_length is 0 when there is no prefix. */
static gboolean
split_name (const char *name, gsize *prefix_length, GError **error)
{
  const char *colon = strchr (name, ':');

  *prefix_length = colon != NULL ? (gsize)(colon - name) : 0;
  /* GMarkup checks how the whole name starts, not how its local part does. */
  if (colon != NULL
      && (colon == name || strchr (colon + 1, ':') != NULL
          || !(g_ascii_isalpha (colon[1]) || colon[1] == '_' || (guchar)colon[1] >= 0x80)))
    return fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "“%s” is not a valid name", name);
  return TRUE;
}

static const char *
lookup_prefix (Parser *p, const char *name, gsize length, GError **error)
{
  if (length == 3 && memcmp (name, "xml", 3) == 0)
    return XML_NS;
  for (guint i = p->n_declarations; i-- > 0;)
    {
      const char *prefix = p->declarations[i].prefix;

      if (prefix != NULL && strncmp (prefix, name, length) == 0 && prefix[length] == '\0')
        return p->declarations[i].uri;
    }
  fail (error, DC_XML_ERROR_NAMESPACE,
        "The server sent XML that uses the namespace prefix “%.*s” without declaring it",
        (int)length, name);
  return NULL;
}

static gboolean
declare (Parser *p, Frame *frame, const char *name, const char *value, GError **error)
{
  const char *prefix = name[5] == ':' ? name + 6 : NULL;
  Declaration *declaration;

  if (prefix != NULL
      && (*value == '\0' || *prefix == '\0' || strcmp (prefix, "xmlns") == 0
          || (strcmp (prefix, "xml") == 0) != (strcmp (value, XML_NS) == 0)))
    return fail (error, DC_XML_ERROR_NAMESPACE,
                 "The server sent XML that declares the namespace prefix “%s” wrongly", prefix);
  if (prefix != NULL && strcmp (prefix, "xml") == 0)
    return TRUE;
  if (prefix == NULL && *value == '\0')
    {
      frame->default_ns = NULL;
      return TRUE;
    }
  if (p->n_declarations == MAX_DECLARATIONS)
    return fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "it declares more than %d namespaces",
                 MAX_DECLARATIONS);
  declaration = &p->declarations[p->n_declarations++];
  declaration->prefix = g_strdup (prefix);
  declaration->uri = g_strdup (value);
  if (prefix == NULL)
    frame->default_ns = declaration->uri;
  return TRUE;
}

static gboolean
add_attribute (Parser *p, DcXmlNode *node, const char *name, const char *value, GError **error)
{
  gsize prefix_length;

  if (!split_name (name, &prefix_length, error) || !check_characters (value, strlen (value), error))
    return FALSE;
  if (prefix_length > 0 && strncmp (name, "xml:", 4) != 0)
    {
      const char *uri = lookup_prefix (p, name, prefix_length, error);
      g_autofree char *declaration = NULL;

      if (uri == NULL)
        return FALSE;
      /* So that the attribute's prefix is declared again wherever the node is serialised. */
      declaration = g_strdup_printf ("xmlns:%.*s", (int)prefix_length, name);
      if (dc_xml_node_find_attr (node, declaration) == NULL)
        dc_xml_node_append_attr (node, declaration, uri);
    }
  dc_xml_node_append_attr (node, name, value);
  return TRUE;
}

/* Before anything is declared: a bounded number of attributes, none twice (xmlns included). */
static gboolean
check_attribute_names (const char **names, GError **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i == MAX_ATTRIBUTES)
        return fail (error, DC_XML_ERROR_MALFORMED,
                     MALFORMED "an element has more than %d attributes", MAX_ATTRIBUTES);
      for (guint j = 0; j < i; j++)
        if (strcmp (names[i], names[j]) == 0)
          return fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "the attribute “%s” appears twice",
                       names[i]);
    }
  return TRUE;
}

/* Creates the element in @frame with its namespace resolved, linked into the tree. */
static DcXmlNode *
open_element (Parser *p, Frame *frame, const char *qname, GError **error)
{
  Frame *parent = p->depth > 0 ? &p->frames[p->depth - 1] : NULL;
  const char *parent_ns = parent != NULL ? parent->ns : NULL;
  gsize prefix_length;
  DcXmlNode *node;

  if (!split_name (qname, &prefix_length, error))
    return NULL;
  frame->ns = frame->default_ns;
  if (prefix_length > 0)
    frame->ns = lookup_prefix (p, qname, prefix_length, error);
  if (prefix_length > 0 && frame->ns == NULL)
    return NULL;

  node = dc_xml_node_new (qname + (prefix_length > 0 ? prefix_length + 1 : 0), NULL);
  if (parent == NULL)
    node->xmlns = g_strdup (frame->ns);
  else if (g_strcmp0 (frame->ns, parent_ns) != 0)
    node->xmlns = g_strdup (frame->ns != NULL ? frame->ns : "");
  if (parent != NULL)
    dc_xml_node_link_child (parent->node, node);
  else
    p->root = node;
  frame->node = node;
  return node;
}

static void
on_start_element (GMarkupParseContext *context, const char *qname, const char **names,
                  const char **values, gpointer user_data, GError **error)
{
  Parser *p = user_data;
  Frame *frame;
  DcXmlNode *node;

  if (p->depth == 0 && p->root != NULL)
    {
      fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "it holds more than one element");
      return;
    }
  if (p->depth == MAX_DEPTH)
    {
      fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "its elements are nested more than %d deep",
            MAX_DEPTH);
      return;
    }
  if (!check_attribute_names (names, error))
    return;
  frame = &p->frames[p->depth];
  frame->n_declarations = p->n_declarations;
  frame->default_ns = p->depth > 0 ? p->frames[p->depth - 1].default_ns : NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (dc_xml_is_declaration (names[i]) && !declare (p, frame, names[i], values[i], error))
      return;
  node = open_element (p, frame, qname, error);
  if (node == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    if (!dc_xml_is_declaration (names[i]) && !add_attribute (p, node, names[i], values[i], error))
      return;
  if (frame->text != NULL)
    g_string_truncate (frame->text, 0);
  p->depth++;
}

static void
on_end_element (GMarkupParseContext *context, const char *qname, gpointer user_data, GError **error)
{
  Parser *p = user_data;
  Frame *frame = &p->frames[--p->depth];
  GString *text = frame->text;

  if (text != NULL && text->len > 0
      && !(frame->node->first_child != NULL && dc_xml_is_blank (text->str, text->len)))
    frame->node->text = g_strndup (text->str, text->len);
  while (p->n_declarations > frame->n_declarations)
    {
      Declaration *declaration = &p->declarations[--p->n_declarations];

      g_free (declaration->prefix);
      g_free (declaration->uri);
    }
  p->root_closed = p->depth == 0;
}

static void
on_text (GMarkupParseContext *context, const char *text, gsize length, gpointer user_data,
         GError **error)
{
  Parser *p = user_data;
  Frame *frame;

  if (p->depth == 0)
    {
      if (!dc_xml_is_blank (text, length))
        fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "it has text outside its element");
      return;
    }
  if (length == 0 || !check_characters (text, length, error))
    return;
  frame = &p->frames[p->depth - 1];
  if (frame->text == NULL)
    frame->text = g_string_sized_new (length + 1);
  g_string_append_len (frame->text, text, length);
}

static void
on_passthrough (GMarkupParseContext *context, const char *text, gsize length, gpointer user_data,
                GError **error)
{
  const char *kind = markup_kind (text, length);

  fail_forbidden (error, kind != NULL ? kind : "markup other than elements and text");
}

static void
parser_clear (Parser *p)
{
  for (guint i = 0; i < p->n_declarations; i++)
    {
      g_free (p->declarations[i].prefix);
      g_free (p->declarations[i].uri);
    }
  for (guint i = 0; i < MAX_DEPTH; i++)
    if (p->frames[i].text != NULL)
      g_string_free (p->frames[i].text, TRUE);
}

/* GMarkup's own messages say where; ours say what, in terms of the frame. */
static void
report_markup_error (Parser *p, GError *markup_error, gboolean at_end, GError **error)
{
  /* GMarkup quotes the bytes it choked on, which need not be UTF-8. */
  g_autofree char *detail = g_utf8_make_valid (markup_error->message, -1);

  if (markup_error->domain == DC_XML_ERROR)
    g_propagate_error (error, g_error_copy (markup_error));
  else if (g_error_matches (markup_error, G_MARKUP_ERROR, G_MARKUP_ERROR_BAD_UTF8))
    fail (error, DC_XML_ERROR_MALFORMED, "The server sent a message that is not valid UTF-8 (%s)",
          detail);
  else if (p->root_closed)
    fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "there is text after its element");
  else if (at_end && p->depth > 0)
    fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "the element <%s> is never closed",
          p->frames[p->depth - 1].node->name);
  else
    fail (error, DC_XML_ERROR_MALFORMED, MALFORMED "%s", detail);
}

/**
 * dc_xml_parse:
 * @data: one frame: exactly one element, UTF-8, without XML declaration
 * @length: its length in bytes, at most %DC_XML_MAX_STANZA
 * @error: return location for a #DC_XML_ERROR
 *
 * Parses one WebSocket frame into a tree, resolving namespaces. Whitespace around the element
 * is allowed; DTDs, entities beyond the five predefined ones, processing instructions and
 * comments are refused, as are more than 64 levels of elements.
 *
 * Returns: (transfer full) (nullable): the element, or %NULL with @error set
 */
DcXmlNode *
dc_xml_parse (const char *data, gsize length, GError **error)
{
  static const GMarkupParser callbacks
    = { on_start_element, on_end_element, on_text, on_passthrough, NULL };
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) markup_error = NULL;
  Parser p = { 0 };
  gboolean parsed, ended = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > DC_XML_MAX_STANZA)
    {
      fail (error, DC_XML_ERROR_TOO_LARGE,
            "The server sent a message of %" G_GSIZE_FORMAT " bytes, more than the %d bytes "
            "allowed",
            length, DC_XML_MAX_STANZA);
      return NULL;
    }
  if (!check_forbidden (data, length, error))
    return NULL;

  context = g_markup_parse_context_new (&callbacks, G_MARKUP_TREAT_CDATA_AS_TEXT, &p, NULL);
  parsed = g_markup_parse_context_parse (context, length > 0 ? data : "", length, &markup_error);
  if (parsed)
    ended = g_markup_parse_context_end_parse (context, &markup_error);
  parser_clear (&p);
  if (!ended)
    {
      report_markup_error (&p, markup_error, parsed, error);
      g_clear_pointer (&p.root, dc_xml_node_unref);
    }
  return p.root;
}
