/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include <string.h>

#include "dc-xml-node.h"

#define NS_FRAMING "urn:ietf:params:xml:ns:xmpp-framing"
#define NS_STREAMS "http://etherx.jabber.org/streams"
#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
#define NS_CLIENT "jabber:client"
#define NS_DATA "jabber:x:data"

static DcXmlNode *
parse_ok (const char *xml)
{
  g_autoptr (GError) error = NULL;
  DcXmlNode *node = dc_xml_parse (xml, strlen (xml), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The error's code, and a message that names what was wrong. */
static void
assert_rejected_len (const char *xml, gsize length, DcXmlError code, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcXmlNode) node = dc_xml_parse (xml, length, &error);

  g_assert_null (node);
  g_assert_error (error, DC_XML_ERROR, (gint)code);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
assert_rejected (const char *xml, DcXmlError code, const char *needle)
{
  assert_rejected_len (xml, strlen (xml), code, needle);
}

static guint
count_children (DcXmlNode *node)
{
  guint n = 0;

  for (DcXmlNode *c = dc_xml_node_get_first_child (node); c; c = dc_xml_node_get_next_sibling (c))
    n++;
  return n;
}

/* Same names, namespaces, texts and children; attributes are compared through the text. */
static void
assert_same_tree (DcXmlNode *a, DcXmlNode *b)
{
  DcXmlNode *ca = dc_xml_node_get_first_child (a);
  DcXmlNode *cb = dc_xml_node_get_first_child (b);

  g_assert_cmpstr (dc_xml_node_get_name (a), ==, dc_xml_node_get_name (b));
  g_assert_cmpstr (dc_xml_node_get_xmlns (a), ==, dc_xml_node_get_xmlns (b));
  g_assert_cmpstr (dc_xml_node_get_text (a), ==, dc_xml_node_get_text (b));
  for (; ca != NULL && cb != NULL;
       ca = dc_xml_node_get_next_sibling (ca), cb = dc_xml_node_get_next_sibling (cb))
    assert_same_tree (ca, cb);
  g_assert_null (ca);
  g_assert_null (cb);
}

/* parse (to_string (x)) is x, and serialising it again gives the same text. */
static void
assert_round_trip (DcXmlNode *node)
{
  g_autofree char *text = dc_xml_node_to_string (node);
  g_autoptr (DcXmlNode) again = parse_ok (text);
  g_autofree char *text_again = dc_xml_node_to_string (again);

  assert_same_tree (node, again);
  g_assert_cmpstr (text, ==, text_again);
}

static void
test_open (void)
{
  g_autoptr (DcXmlNode) open
    = parse_ok ("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='example.com' "
                "id='3bf5c0b5-05ef-4f9f-a4f1-bd4d0f4a4cb0' version='1.0' xml:lang='en'/>");

  g_assert_cmpstr (dc_xml_node_get_name (open), ==, "open");
  g_assert_cmpstr (dc_xml_node_get_xmlns (open), ==, NS_FRAMING);
  g_assert_cmpstr (dc_xml_node_get_attr (open, "from"), ==, "example.com");
  g_assert_cmpstr (dc_xml_node_get_attr (open, "version"), ==, "1.0");
  g_assert_cmpstr (dc_xml_node_get_attr (open, "xml:lang"), ==, "en");
  g_assert_null (dc_xml_node_get_attr (open, "xmlns"));
  g_assert_null (dc_xml_node_get_attr (open, "to"));
  g_assert_null (dc_xml_node_get_text (open));
  g_assert_null (dc_xml_node_get_first_child (open));
  assert_round_trip (open);
}

static void
test_close (void)
{
  g_autoptr (DcXmlNode) close = parse_ok ("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>\n");
  g_autofree char *text = dc_xml_node_to_string (close);

  g_assert_cmpstr (dc_xml_node_get_name (close), ==, "close");
  g_assert_cmpstr (text, ==, "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
}

static void
test_features (void)
{
  g_autoptr (DcXmlNode) features
    = parse_ok ("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>\n"
                "  <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>\n"
                "    <mechanism>PLAIN</mechanism>\n"
                "    <mechanism>SCRAM-SHA-1</mechanism>\n"
                "    <mechanism>SCRAM-SHA-256</mechanism>\n"
                "  </mechanisms>\n"
                "  <register xmlns='http://jabber.org/features/iq-register'/>\n"
                "</stream:features>");
  const char *expected[] = { "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256" };
  DcXmlNode *mechanisms;
  DcXmlNode *m;
  guint i = 0;

  g_assert_cmpstr (dc_xml_node_get_name (features), ==, "features");
  g_assert_cmpstr (dc_xml_node_get_xmlns (features), ==, NS_STREAMS);
  g_assert_null (dc_xml_node_get_attr (features, "xmlns:stream"));
  /* The layout between elements is not text. */
  g_assert_null (dc_xml_node_get_text (features));
  g_assert_cmpuint (count_children (features), ==, 2);

  g_assert_null (dc_xml_node_get_child (features, "mechanisms", NS_STREAMS));
  mechanisms = dc_xml_node_get_child (features, "mechanisms", NS_SASL);
  g_assert_nonnull (mechanisms);
  g_assert_true (dc_xml_node_get_child (features, "mechanisms", NULL) == mechanisms);
  for (m = dc_xml_node_get_first_child (mechanisms); m; m = dc_xml_node_get_next_sibling (m))
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (dc_xml_node_get_name (m), ==, "mechanism");
      g_assert_cmpstr (dc_xml_node_get_xmlns (m), ==, NS_SASL);
      g_assert_cmpstr (dc_xml_node_get_text (m), ==, expected[i++]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (dc_xml_node_get_child_text (mechanisms, "mechanism", NS_SASL), ==, "PLAIN");
  g_assert_null (dc_xml_node_get_child_text (mechanisms, "mechanism", NS_CLIENT));
  g_assert_nonnull (
    dc_xml_node_get_child (features, "register", "http://jabber.org/features/iq-register"));
  assert_round_trip (features);
}

static const char groupchat[]
  = "<message xmlns='jabber:client' from='3f2c@muc.support.example/desk' "
    "to='customer@support.example/phone' type='groupchat' id='d1b0'>\n"
    "  <body>Bitte füllen Sie das Formular aus.</body>\n"
    "  <origin-id xmlns='urn:xmpp:sid:0' id='6d3a9e31-58a4-4d0b-9f3c-2d2a4b1c7e55'/>\n"
    "  <x xmlns='jabber:x:data' type='form'>\n"
    "    <title>Before we start</title>\n"
    "    <field var='FORM_TYPE' type='hidden'><value>urn:devicecare:prechat</value></field>\n"
    "    <field var='serial' type='text-single' label='Serial number'>"
    "<value>PP-1234</value></field>\n"
    "    <field var='category' type='list-single' label='What is it about?'>\n"
    "      <option label='Battery'><value>battery</value></option>\n"
    "      <option label='Display &amp; touch'><value>display</value></option>\n"
    "      <required/>\n"
    "    </field>\n"
    "  </x>\n"
    "</message>";

static void
test_groupchat (void)
{
  g_autoptr (DcXmlNode) message = parse_ok (groupchat);
  DcXmlNode *origin, *form, *field, *option;
  const char *vars[] = { "FORM_TYPE", "serial", "category" };
  guint i = 0;

  g_assert_cmpstr (dc_xml_node_get_attr (message, "type"), ==, "groupchat");
  g_assert_cmpstr (dc_xml_node_get_child_text (message, "body", NS_CLIENT), ==,
                   "Bitte füllen Sie das Formular aus.");
  origin = dc_xml_node_get_child (message, "origin-id", "urn:xmpp:sid:0");
  g_assert_nonnull (origin);
  g_assert_cmpstr (dc_xml_node_get_attr (origin, "id"), ==, "6d3a9e31-58a4-4d0b-9f3c-2d2a4b1c7e55");

  form = dc_xml_node_get_child (message, "x", NS_DATA);
  g_assert_nonnull (form);
  g_assert_cmpstr (dc_xml_node_get_attr (form, "type"), ==, "form");
  g_assert_cmpstr (dc_xml_node_get_child_text (form, "title", NS_DATA), ==, "Before we start");
  for (field = dc_xml_node_get_child (form, "field", NS_DATA); field;
       field = dc_xml_node_get_next_sibling (field))
    {
      g_assert_cmpstr (dc_xml_node_get_xmlns (field), ==, NS_DATA);
      g_assert_cmpstr (dc_xml_node_get_attr (field, "var"), ==, vars[i++]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (vars));

  field = dc_xml_node_get_next_sibling (dc_xml_node_get_child (form, "field", NULL));
  g_assert_cmpstr (dc_xml_node_get_child_text (field, "value", NS_DATA), ==, "PP-1234");
  field = dc_xml_node_get_next_sibling (field);
  g_assert_nonnull (dc_xml_node_get_child (field, "required", NS_DATA));
  g_assert_null (dc_xml_node_get_child_text (field, "required", NS_DATA));
  option = dc_xml_node_get_next_sibling (dc_xml_node_get_child (field, "option", NS_DATA));
  g_assert_cmpstr (dc_xml_node_get_attr (option, "label"), ==, "Display & touch");
  g_assert_cmpstr (dc_xml_node_get_child_text (option, "value", NULL), ==, "display");
  assert_round_trip (message);
}

/* A child held after its stanza is gone keeps the namespace it had in it. */
static void
test_child_outlives_parent (void)
{
  g_autoptr (DcXmlNode) message = parse_ok (groupchat);
  g_autoptr (DcXmlNode) body = dc_xml_node_ref (dc_xml_node_get_child (message, "body", NULL));
  g_autoptr (DcXmlNode) form = dc_xml_node_ref (dc_xml_node_get_child (message, "x", NULL));
  g_autofree char *text = NULL;

  g_clear_pointer (&message, dc_xml_node_unref);
  g_assert_cmpstr (dc_xml_node_get_xmlns (body), ==, NS_CLIENT);
  g_assert_cmpstr (dc_xml_node_get_text (body), ==, "Bitte füllen Sie das Formular aus.");
  g_assert_cmpstr (dc_xml_node_get_xmlns (form), ==, NS_DATA);
  g_assert_null (dc_xml_node_get_next_sibling (form));
  text = dc_xml_node_to_string (body);
  g_assert_cmpstr (text, ==,
                   "<body xmlns='jabber:client'>Bitte füllen Sie das Formular aus.</body>");
}

static void
test_prefixes (void)
{
  g_autoptr (DcXmlNode) root
    = parse_ok ("<s:features xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:client'>"
                "<s:sub/><plain/>"
                "<a xmlns:p='urn:p'><p:b p:x='1' xml:lang='de'/></a>"
                "</s:features>");
  g_autoptr (DcXmlNode) bare = parse_ok ("<s:error xmlns:s='http://etherx.jabber.org/streams'>"
                                         "<item/></s:error>");
  DcXmlNode *b = dc_xml_node_get_child (dc_xml_node_get_child (root, "a", NULL), "b", NULL);
  g_autofree char *text = dc_xml_node_to_string (root);
  g_autofree char *bare_text = dc_xml_node_to_string (bare);

  g_assert_cmpstr (dc_xml_node_get_xmlns (root), ==, NS_STREAMS);
  g_assert_nonnull (dc_xml_node_get_child (root, "sub", NS_STREAMS));
  /* An unprefixed child takes the default namespace, not its prefixed parent's. */
  g_assert_nonnull (dc_xml_node_get_child (root, "plain", NS_CLIENT));
  g_assert_cmpstr (dc_xml_node_get_xmlns (b), ==, "urn:p");
  g_assert_cmpstr (dc_xml_node_get_attr (b, "p:x"), ==, "1");
  g_assert_cmpstr (dc_xml_node_get_attr (b, "xml:lang"), ==, "de");
  g_assert_null (dc_xml_node_get_attr (b, "xmlns:p"));
  g_assert_cmpstr (text, ==,
                   "<features xmlns='http://etherx.jabber.org/streams'><sub/>"
                   "<plain xmlns='jabber:client'/><a xmlns='jabber:client'>"
                   "<b xmlns='urn:p' xmlns:p='urn:p' p:x='1' xml:lang='de'/></a></features>");
  assert_round_trip (root);

  /* No default namespace anywhere: the child is in none, and says so. */
  g_assert_null (dc_xml_node_get_xmlns (dc_xml_node_get_first_child (bare)));
  g_assert_nonnull (dc_xml_node_get_child (bare, "item", ""));
  g_assert_null (dc_xml_node_get_child (bare, "item", NS_STREAMS));
  g_assert_cmpstr (bare_text, ==,
                   "<error xmlns='http://etherx.jabber.org/streams'><item xmlns=''/></error>");
  assert_round_trip (bare);
}

static void
test_escapes (void)
{
  g_autoptr (DcXmlNode) message
    = parse_ok ("<message xmlns='jabber:client' to='a&amp;b@example.com' "
                "id='&quot;x&quot; &apos;y&apos; &lt;z&gt;' note='tab&#9;line&#10;end'>"
                "<body>1 &lt; 2 &amp;&amp; 3 &gt; 2 &#x263A; &#233;&#8364; &quot;&apos;</body>"
                "<subject><![CDATA[<b>&amp; <!-- not a comment --> &nbsp; <?pi?>]]> after</subject>"
                "</message>");
  g_autofree char *text = NULL;

  g_assert_cmpstr (dc_xml_node_get_attr (message, "to"), ==, "a&b@example.com");
  g_assert_cmpstr (dc_xml_node_get_attr (message, "id"), ==, "\"x\" 'y' <z>");
  g_assert_cmpstr (dc_xml_node_get_attr (message, "note"), ==, "tab\tline\nend");
  g_assert_cmpstr (dc_xml_node_get_child_text (message, "body", NULL), ==,
                   "1 < 2 && 3 > 2 ☺ é€ \"'");
  /* What looks like markup inside CDATA is text. */
  g_assert_cmpstr (dc_xml_node_get_child_text (message, "subject", NULL), ==,
                   "<b>&amp; <!-- not a comment --> &nbsp; <?pi?> after");

  text = dc_xml_node_to_string (message);
  g_assert_cmpstr (text, ==,
                   "<message xmlns='jabber:client' to='a&amp;b@example.com' "
                   "id='&quot;x&quot; &apos;y&apos; &lt;z&gt;' note='tab&#9;line&#10;end'>"
                   "<body>1 &lt; 2 &amp;&amp; 3 &gt; 2 ☺ é€ \"'</body>"
                   "<subject>&lt;b&gt;&amp;amp; &lt;!-- not a comment --&gt; &amp;nbsp; "
                   "&lt;?pi?&gt; after</subject></message>");
  assert_round_trip (message);
}

static void
test_utf8 (void)
{
  const char *german = "Grüße aus Köln: Das Display flackert, wenn der Akku unter 20 % fällt.";
  const char *french = "Où est l’écran « Paramètres » ? Ça ne marche plus depuis la mise à jour.";
  g_autofree char *xml
    = g_strdup_printf ("<message xmlns='jabber:client' type='groupchat' from='Zoë'>"
                       "<body xml:lang='de'>%s</body><body xml:lang='fr'>%s</body></message>",
                       german, french);
  g_autoptr (DcXmlNode) message = parse_ok (xml);
  DcXmlNode *body = dc_xml_node_get_first_child (message);
  g_autofree char *text = dc_xml_node_to_string (message);

  g_assert_cmpstr (dc_xml_node_get_attr (message, "from"), ==, "Zoë");
  g_assert_cmpstr (dc_xml_node_get_text (body), ==, german);
  g_assert_cmpstr (dc_xml_node_get_text (dc_xml_node_get_next_sibling (body)), ==, french);
  /* Written as UTF-8, not as references. */
  g_assert_cmpstr (text, ==, xml);
}

static void
test_round_trips (void)
{
  const char *frames[] = {
    "<iq xmlns='jabber:client' type='result' id='r1'><query xmlns='jabber:iq:register'>"
    "<instructions>  spaces  kept  </instructions><username/></query></iq>",
    "<presence xmlns='jabber:client' from='a@b/c'><x xmlns='http://jabber.org/protocol/muc#user'>"
    "<item affiliation='owner' role='moderator'/><status code='110'/></x></presence>",
    "<body xmlns='jabber:client'>line one&#13;\nline two\twith tab</body>",
    "<a xmlns='urn:a'>text before <b/> and after</a>",
    "<a xmlns='urn:a'><b xmlns=''><c xmlns='urn:c'/></b></a>",
    groupchat,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr (DcXmlNode) node = parse_ok (frames[i]);

      assert_round_trip (node);
    }
}

static void
test_text_rules (void)
{
  g_autoptr (DcXmlNode) spaces = parse_ok ("<instructions>  a  </instructions>");
  g_autoptr (DcXmlNode) mixed = parse_ok ("<a>before <b/> after</a>");
  g_autoptr (DcXmlNode) empty = parse_ok ("<body></body>");
  g_autoptr (DcXmlNode) blank = parse_ok ("<body>   </body>");
  g_autoptr (DcXmlNode) cr = parse_ok ("<body>a&#13;b</body>");

  g_assert_cmpstr (dc_xml_node_get_text (spaces), ==, "  a  ");
  g_assert_cmpstr (dc_xml_node_get_text (mixed), ==, "before  after");
  g_assert_null (dc_xml_node_get_text (empty));
  /* Without children, whitespace is the content. */
  g_assert_cmpstr (dc_xml_node_get_text (blank), ==, "   ");
  g_assert_cmpstr (dc_xml_node_get_text (cr), ==, "a\rb");
  g_assert_null (dc_xml_node_get_xmlns (spaces));
}

static void
test_build (void)
{
  g_autoptr (DcXmlNode) message = dc_xml_node_new ("message", NS_CLIENT);
  g_autoptr (DcXmlNode) markable = dc_xml_node_new ("markable", "urn:xmpp:chat-markers:0");
  DcXmlNode *body, *origin;
  g_autofree char *text = NULL;

  dc_xml_node_set_attr (message, "to", "3f2c@muc.support.example");
  dc_xml_node_set_attr (message, "type", "chat");
  dc_xml_node_set_attr (message, "id", "m1");
  dc_xml_node_set_attr (message, "type", "groupchat"); /* replaced in place */
  dc_xml_node_set_attr (message, "xml:lang", "de");
  dc_xml_node_set_attr (message, "gone", "x");
  dc_xml_node_set_attr (message, "gone", NULL);
  body = dc_xml_node_add_child (message, "body", NULL);
  dc_xml_node_set_text (body, "Tom & Jerry <3 \"Grüße\" 'quoted' ]]>");
  origin = dc_xml_node_add_child (message, "origin-id", "urn:xmpp:sid:0");
  dc_xml_node_set_attr (origin, "id", "it's <1> & \"2\"");
  dc_xml_node_append (message, markable);

  g_assert_cmpstr (dc_xml_node_get_xmlns (body), ==, NS_CLIENT);
  g_assert_null (dc_xml_node_get_attr (message, "gone"));
  g_assert_true (dc_xml_node_get_child (message, "markable", "urn:xmpp:chat-markers:0")
                 == markable);
  text = dc_xml_node_to_string (message);
  g_assert_cmpstr (
    text, ==,
    "<message xmlns='jabber:client' to='3f2c@muc.support.example' "
    "type='groupchat' id='m1' xml:lang='de'>"
    "<body>Tom &amp; Jerry &lt;3 \"Grüße\" 'quoted' ]]&gt;</body>"
    "<origin-id xmlns='urn:xmpp:sid:0' id='it&apos;s &lt;1&gt; &amp; &quot;2&quot;'/>"
    "<markable xmlns='urn:xmpp:chat-markers:0'/></message>");
  assert_round_trip (message);

  dc_xml_node_set_text (body, NULL);
  g_assert_null (dc_xml_node_get_text (body));
  dc_xml_node_set_text (body, "");
  g_assert_null (dc_xml_node_get_text (body));
  g_clear_pointer (&text, g_free);
  text = dc_xml_node_to_string (body);
  g_assert_cmpstr (text, ==, "<body xmlns='jabber:client'/>");
}

/* Text XML cannot carry must not make the server close the stream. */
static void
test_build_control_characters (void)
{
  g_autoptr (DcXmlNode) body = dc_xml_node_new ("body", NS_CLIENT);
  g_autofree char *text = NULL;

  dc_xml_node_set_text (body, "bell\a and\r\nnewline");
  dc_xml_node_set_attr (body, "note", "a\x01z");
  text = dc_xml_node_to_string (body);
  g_assert_cmpstr (text, ==,
                   "<body xmlns='jabber:client' note='a\xef\xbf\xbdz'>bell\xef\xbf\xbd "
                   "and&#13;\nnewline</body>");
  g_clear_pointer (&body, dc_xml_node_unref);
  body = parse_ok (text);
  g_assert_cmpstr (dc_xml_node_get_text (body), ==, "bell\xef\xbf\xbd and\r\nnewline");
}

/* Whitespace beside children is layout: not read as text, not written. */
static void
test_layout_whitespace (void)
{
  g_autoptr (DcXmlNode) query = dc_xml_node_new ("query", "jabber:iq:register");
  g_autofree char *text = NULL;

  dc_xml_node_add_child (query, "username", NULL);
  dc_xml_node_set_text (query, "\n  ");
  text = dc_xml_node_to_string (query);
  g_assert_cmpstr (text, ==, "<query xmlns='jabber:iq:register'><username/></query>");
  dc_xml_node_set_text (query, " x ");
  g_clear_pointer (&text, g_free);
  text = dc_xml_node_to_string (query);
  g_assert_cmpstr (text, ==, "<query xmlns='jabber:iq:register'> x <username/></query>");
}

/* A node belongs to one tree, and a tree has no cycles. */
static void
test_append_refused (void)
{
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);
  g_autoptr (DcXmlNode) other = dc_xml_node_new ("iq", NS_CLIENT);
  DcXmlNode *query = dc_xml_node_add_child (iq, "query", "jabber:iq:roster");

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*parent == NULL*");
  dc_xml_node_append (other, query);
  g_test_assert_expected_messages ();
  g_assert_null (dc_xml_node_get_first_child (other));

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*n != child*");
  dc_xml_node_append (query, iq);
  g_test_assert_expected_messages ();
  g_assert_null (dc_xml_node_get_first_child (query));
}

static void
test_rejected (void)
{
  static const struct
  {
    const char *xml;
    DcXmlError code;
    const char *needle;
  } cases[] = {
    { "<!DOCTYPE message [<!ELEMENT message ANY>]><message/>", DC_XML_ERROR_FORBIDDEN, "DTD" },
    { "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>",
      DC_XML_ERROR_FORBIDDEN, "DTD" },
    { "<a><!ENTITY x 'y'></a>", DC_XML_ERROR_FORBIDDEN, "entity declaration" },
    { "<body xmlns='jabber:client'>&nbsp;</body>", DC_XML_ERROR_FORBIDDEN, "&nbsp;" },
    { "<a b='&xxe;'/>", DC_XML_ERROR_FORBIDDEN, "&xxe;" },
    { "<a><?php echo 1; ?></a>", DC_XML_ERROR_FORBIDDEN, "processing instruction" },
    { "<?xml version='1.0'?><a/>", DC_XML_ERROR_FORBIDDEN, "XML declaration" },
    { "<a><!-- hello --></a>", DC_XML_ERROR_FORBIDDEN, "comment" },
    { "<!-- before --><a/>", DC_XML_ERROR_FORBIDDEN, "comment" },
    { "<a/><b/>", DC_XML_ERROR_MALFORMED, "more than one element" },
    { "<a/>junk", DC_XML_ERROR_MALFORMED, "text after its element" },
    { "junk<a/>", DC_XML_ERROR_MALFORMED, "not valid XML" },
    { "<message><body>hi</body>", DC_XML_ERROR_MALFORMED, "<message> is never closed" },
    { "<a></b>", DC_XML_ERROR_MALFORMED, "not valid XML" },
    { "<a", DC_XML_ERROR_MALFORMED, "not valid XML" },
    { "<a>AT&T</a>", DC_XML_ERROR_MALFORMED, "not valid XML" },
    { "<a>&#1;</a>", DC_XML_ERROR_MALFORMED, "control character" },
    { "<a b='&#27;'/>", DC_XML_ERROR_MALFORMED, "control character" },
    { "<a b='1' b='2'/>", DC_XML_ERROR_MALFORMED, "“b” appears twice" },
    { "<a xmlns='x' xmlns='y'/>", DC_XML_ERROR_MALFORMED, "“xmlns” appears twice" },
    { "<a:b:c xmlns:a='urn:a'/>", DC_XML_ERROR_MALFORMED, "not a valid name" },
    { "<a:-b xmlns:a='urn:a'/>", DC_XML_ERROR_MALFORMED, "not a valid name" },
    { "<a a:1='x' xmlns:a='urn:a'/>", DC_XML_ERROR_MALFORMED, "not a valid name" },
    { "", DC_XML_ERROR_MALFORMED, "not valid XML" },
    { "  \n", DC_XML_ERROR_MALFORMED, "not valid XML" },
    { "<stream:features/>", DC_XML_ERROR_NAMESPACE, "“stream”" },
    { "<a><p:b xmlns:q='urn:q'/></a>", DC_XML_ERROR_NAMESPACE, "“p”" },
    { "<a foo:bar='1'/>", DC_XML_ERROR_NAMESPACE, "“foo”" },
    /* Declared on a sibling only: out of scope. */
    { "<a><b xmlns:p='urn:p'/><p:c/></a>", DC_XML_ERROR_NAMESPACE, "“p”" },
    { "<a xmlns:p=''/>", DC_XML_ERROR_NAMESPACE, "“p”" },
    { "<a xmlns:xml='urn:other'/>", DC_XML_ERROR_NAMESPACE, "“xml”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].xml);
      assert_rejected (cases[i].xml, cases[i].code, cases[i].needle);
    }
}

static void
test_invalid_utf8 (void)
{
  assert_rejected ("<body>caf\xe9</body>", DC_XML_ERROR_MALFORMED, "UTF-8");
  assert_rejected ("<body to='caf\xe9'/>", DC_XML_ERROR_MALFORMED, "UTF-8");
  assert_rejected ("<body>\xc0\xaf</body>", DC_XML_ERROR_MALFORMED, "UTF-8");     /* overlong */
  assert_rejected ("<body>\xed\xa0\x80</body>", DC_XML_ERROR_MALFORMED, "UTF-8"); /* surrogate */
  assert_rejected ("<body><![CDATA[caf\xe9]]></body>", DC_XML_ERROR_MALFORMED, "UTF-8");
  assert_rejected_len ("<a>x\0y</a>", 10, DC_XML_ERROR_MALFORMED, "NUL");
  assert_rejected_len ("<a><![CDATA[x\0y]]></a>", 22, DC_XML_ERROR_MALFORMED, "NUL");
}

static char *
billion_laughs (void)
{
  GString *xml = g_string_new ("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");

  for (int i = 1; i <= 9; i++)
    {
      g_string_append_printf (xml, "<!ENTITY lol%d \"", i);
      for (int j = 0; j < 10; j++)
        g_string_append_printf (xml, i == 1 ? "&lol;" : "&lol%d;", i - 1);
      g_string_append (xml, "\">");
    }
  g_string_append (xml, "]><lolz>&lol9;</lolz>");
  return g_string_free (xml, FALSE);
}

static void
test_entity_bomb (void)
{
  g_autofree char *bomb = billion_laughs ();
  g_autofree char *with_declaration = g_strconcat ("<?xml version=\"1.0\"?>", bomb, NULL);
  g_autofree char *body_only = g_strdup ("<lolz>&lol9;&lol9;&lol9;</lolz>");
  gint64 start = g_get_monotonic_time ();

  assert_rejected (bomb, DC_XML_ERROR_FORBIDDEN, "DTD");
  assert_rejected (with_declaration, DC_XML_ERROR_FORBIDDEN, "XML declaration");
  assert_rejected (body_only, DC_XML_ERROR_FORBIDDEN, "&lol9;");
  /* Expanded, the bomb is 3 GB; refused, it is a few microseconds. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* A DTD as large as a frame may be is refused without GMarkup buffering all of it. */
static void
test_huge_dtd (void)
{
  GString *xml = g_string_new ("<!DOCTYPE a [");
  gint64 start;

  while (xml->len < DC_XML_MAX_STANZA - 100)
    g_string_append_printf (xml, "<!ENTITY e%" G_GSIZE_FORMAT " \"%s\">", xml->len,
                            "padding padding padding");
  g_string_append (xml, "]><a/>");
  g_assert_cmpuint (xml->len, <=, DC_XML_MAX_STANZA);

  start = g_get_monotonic_time ();
  for (int i = 0; i < 100; i++)
    assert_rejected_len (xml->str, xml->len, DC_XML_ERROR_FORBIDDEN, "DTD");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_string_free (xml, TRUE);
}

static char *
nested (guint depth)
{
  GString *xml = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (xml, "<a>");
  for (guint i = 0; i < depth; i++)
    g_string_append (xml, "</a>");
  return g_string_free (xml, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *deepest = nested (64);
  g_autofree char *too_deep = nested (65);
  g_autofree char *very_deep = nested (1000);
  g_autoptr (DcXmlNode) node = parse_ok (deepest);
  guint depth = 1;

  for (DcXmlNode *n = dc_xml_node_get_first_child (node); n; n = dc_xml_node_get_first_child (n))
    depth++;
  g_assert_cmpuint (depth, ==, 64);
  assert_rejected (too_deep, DC_XML_ERROR_MALFORMED, "nested more than 64 deep");
  assert_rejected (very_deep, DC_XML_ERROR_MALFORMED, "nested more than 64 deep");
}

static void
test_size_limit (void)
{
  char *xml = g_malloc (DC_XML_MAX_STANZA + 1);
  g_autoptr (DcXmlNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gsize body = DC_XML_MAX_STANZA - strlen ("<a></a>");

  /* Checked before parsing: even garbage is too large rather than malformed. */
  memset (xml, '<', DC_XML_MAX_STANZA + 1);
  assert_rejected_len (xml, DC_XML_MAX_STANZA + 1, DC_XML_ERROR_TOO_LARGE, "262145 bytes");

  memcpy (xml, "<a>", 3);
  memset (xml + 3, 'x', body);
  memcpy (xml + 3 + body, "</a>", 4);
  node = dc_xml_parse (xml, DC_XML_MAX_STANZA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (dc_xml_node_get_text (node)), ==, body);
  g_free (xml);
}

static void
test_boxed_type (void)
{
  g_autoptr (DcXmlNode) node = dc_xml_node_new ("presence", NS_CLIENT);
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (DC_TYPE_XML_NODE));
  g_value_init (&value, DC_TYPE_XML_NODE);
  g_value_set_boxed (&value, node);
  g_assert_true (g_value_get_boxed (&value) == node);
  g_value_unset (&value);
  g_assert_cmpstr (dc_xml_node_get_name (node), ==, "presence");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xml-node/parse/open", test_open);
  g_test_add_func ("/xml-node/parse/close", test_close);
  g_test_add_func ("/xml-node/parse/features", test_features);
  g_test_add_func ("/xml-node/parse/groupchat", test_groupchat);
  g_test_add_func ("/xml-node/parse/prefixes", test_prefixes);
  g_test_add_func ("/xml-node/parse/escapes", test_escapes);
  g_test_add_func ("/xml-node/parse/utf8", test_utf8);
  g_test_add_func ("/xml-node/parse/text-rules", test_text_rules);
  g_test_add_func ("/xml-node/child-outlives-parent", test_child_outlives_parent);
  g_test_add_func ("/xml-node/round-trips", test_round_trips);
  g_test_add_func ("/xml-node/build", test_build);
  g_test_add_func ("/xml-node/build/control-characters", test_build_control_characters);
  g_test_add_func ("/xml-node/build/layout-whitespace", test_layout_whitespace);
  g_test_add_func ("/xml-node/build/append-refused", test_append_refused);
  g_test_add_func ("/xml-node/boxed-type", test_boxed_type);
  g_test_add_func ("/xml-node/reject/cases", test_rejected);
  g_test_add_func ("/xml-node/reject/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/xml-node/reject/entity-bomb", test_entity_bomb);
  g_test_add_func ("/xml-node/reject/huge-dtd", test_huge_dtd);
  g_test_add_func ("/xml-node/reject/depth", test_depth);
  g_test_add_func ("/xml-node/reject/size-limit", test_size_limit);

  return g_test_run ();
}
