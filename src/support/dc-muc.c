/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "dc-data-form.h"
#include "dc-muc.h"
#include "dc-xmpp-connection.h"

/* The stanzas of a support room that the customer's session and the desk build alike: joining
 * (XEP-0045), reading a presence's status codes, and asking the room's archive (XEP-0313). */

/**
 * dc_muc_join_presence:
 * @room: the room's address
 * @nick: the nickname to join with
 *
 * The presence that joins @room without its history: the archive tells exactly since when.
 *
 * Returns: (transfer full): the presence to send
 */
DcXmlNode *
dc_muc_join_presence (const char *room, const char *nick)
{
  DcXmlNode *presence = dc_xml_node_new ("presence", NS_CLIENT);
  g_autofree char *to = g_strdup_printf ("%s/%s", room, nick);
  DcXmlNode *x;

  dc_xml_node_set_attr (presence, "to", to);
  x = dc_xml_node_add_child (presence, "x", NS_MUC);
  dc_xml_node_set_attr (dc_xml_node_add_child (x, "history", NULL), "maxstanzas", "0");
  return presence;
}

/**
 * dc_muc_has_status:
 * @muc_user_x: the `<x xmlns='…muc#user'/>` of a room's presence
 * @code: a status code, such as "110" (ourselves) or "201" (a new room)
 *
 * Returns: whether the presence carries @code
 */
gboolean
dc_muc_has_status (DcXmlNode *muc_user_x, const char *code)
{
  for (DcXmlNode *c = dc_xml_node_get_first_child (muc_user_x); c;
       c = dc_xml_node_get_next_sibling (c))
    if (g_strcmp0 (dc_xml_node_get_name (c), "status") == 0
        && g_strcmp0 (dc_xml_node_get_attr (c, "code"), code) == 0)
      return TRUE;
  return FALSE;
}

/**
 * dc_muc_add_form_field:
 * @x: a data form of type submit
 * @var: the field
 * @value: its value
 *
 * Adds a field to a form the code fills itself (a room's configuration, an archive query).
 */
void
dc_muc_add_form_field (DcXmlNode *x, const char *var, const char *value)
{
  DcXmlNode *field = dc_xml_node_add_child (x, "field", NULL);

  dc_xml_node_set_attr (field, "var", var);
  dc_xml_node_set_text (dc_xml_node_add_child (field, "value", NULL), value);
}

/**
 * dc_mam_query_new:
 * @room: the room whose archive to read
 * @query_id: (nullable): marks the results of this query
 * @start: (nullable): the earliest message wanted
 * @after: (nullable): the last archive id of the previous page
 * @max: the most results in a page
 *
 * Returns: (transfer full): the iq that asks for one page
 */
DcXmlNode *
dc_mam_query_new (const char *room, const char *query_id, GDateTime *start, const char *after,
                  guint max)
{
  DcXmlNode *iq = dc_xml_node_new ("iq", NS_CLIENT);
  DcXmlNode *query, *set;
  char number[16];

  dc_xml_node_set_attr (iq, "type", "set");
  dc_xml_node_set_attr (iq, "to", room);
  query = dc_xml_node_add_child (iq, "query", NS_MAM);
  if (query_id != NULL)
    dc_xml_node_set_attr (query, "queryid", query_id);
  if (start != NULL)
    {
      g_autoptr (GDateTime) utc = g_date_time_to_utc (start);
      g_autofree char *stamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      DcXmlNode *x = dc_xml_node_add_child (query, "x", NS_DATA);

      dc_xml_node_set_attr (x, "type", "submit");
      dc_muc_add_form_field (x, "FORM_TYPE", NS_MAM);
      dc_muc_add_form_field (x, "start", stamp);
    }
  set = dc_xml_node_add_child (query, "set", NS_RSM);
  g_snprintf (number, sizeof number, "%u", max);
  dc_xml_node_set_text (dc_xml_node_add_child (set, "max", NULL), number);
  if (after != NULL)
    dc_xml_node_set_text (dc_xml_node_add_child (set, "after", NULL), after);
  return iq;
}
