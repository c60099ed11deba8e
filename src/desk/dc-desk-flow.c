/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "dc-data-form.h"
#include "dc-desk-private.h"

/* A session step by step: the greeting with the pre-chat form, the answer (from the knowledge
 * base, or a place in the queue), the rating after an agent resolved it, and the end. Each step
 * is stored before the customer is told, so a desk killed in between repeats a message at worst
 * and never forgets a step. What a customer writes is only ever text to the desk: it acts on
 * their forms, and on a message only to find them a person. */

#define RATE_WINDOW 60.0 /* seconds: the limit is messages per minute */
#define MAX_FORM_FIELDS 20

static const char *const prechat_vars[]
  = { "serial", "imei", "model", "os", "category", "description" };
static const char *const categories[]
  = { "battery", "display", "network", "camera", "software", "other", NULL };

/* Status and forms ---------------------------------------------------------------------------- */

static guint
estimated_wait (DcDesk *desk, guint position)
{
  g_autoptr (GArray) waits = dc_desk_store_recent_waits (desk->store, desk->config->average_of);
  double per_place = dc_desk_wait_per_place ((const double *)waits->data, waits->len,
                                             desk->config->average_of, desk->config->default_wait);

  return dc_desk_wait_estimate (per_place, position);
}

/**
 * dc_desk_flow_status:
 * @room: a room
 *
 * Returns: (transfer full) (nullable): the status element for the session's
 *   state, or %NULL where the app has no such state (answered)
 */
DcXmlNode *
dc_desk_flow_status (DcDeskRoom *room)
{
  DcDeskSession *session = room->session;
  DcXmlNode *status;

  if (session->state == DC_DESK_STATE_ANSWERED)
    return NULL;
  status = dc_xml_node_new ("status", NS_DEVICECARE_STATUS);
  dc_xml_node_set_attr (status, "state", dc_desk_state_to_string (session->state));
  if (session->state == DC_DESK_STATE_QUEUED)
    {
      g_autofree char *position = g_strdup_printf ("%u", session->position);
      g_autofree char *wait
        = g_strdup_printf ("%u", estimated_wait (room->desk, session->position));
      dc_xml_node_set_attr (status, "position", position);
      dc_xml_node_set_attr (status, "wait", wait);
    }
  return status;
}

static DcXmlNode *
prechat_form (const char *language)
{
  g_autoptr (DcDataForm) form
    = dc_data_form_new (DC_FORM_TYPE_PRECHAT, dc_desk_text (language, DC_DESK_TEXT_FORM_TITLE),
                        dc_desk_text (language, DC_DESK_TEXT_FORM_INSTRUCTIONS));
  DcFormField *category;

  dc_data_form_add_field (form, "serial", "text-single",
                          dc_desk_text (language, DC_DESK_TEXT_FIELD_SERIAL), FALSE);
  dc_data_form_add_field (form, "model", "text-single",
                          dc_desk_text (language, DC_DESK_TEXT_FIELD_MODEL), FALSE);
  dc_data_form_add_field (form, "os", "text-single", dc_desk_text (language, DC_DESK_TEXT_FIELD_OS),
                          FALSE);
  category = dc_data_form_add_field (form, "category", "list-single",
                                     dc_desk_text (language, DC_DESK_TEXT_FIELD_CATEGORY), FALSE);
  for (guint i = 0; categories[i] != NULL; i++)
    dc_form_field_add_option (category, dc_desk_text (language, DC_DESK_TEXT_CATEGORY_BATTERY + i),
                              categories[i]);
  dc_data_form_add_field (form, "description", "text-multi",
                          dc_desk_text (language, DC_DESK_TEXT_FIELD_DESCRIPTION), TRUE);
  return dc_data_form_to_node (form);
}

static DcXmlNode *
rating_form (const char *language)
{
  g_autoptr (DcDataForm) form = dc_data_form_new (
    DC_FORM_TYPE_RATING, dc_desk_text (language, DC_DESK_TEXT_RATING_TITLE), NULL);
  DcFormField *rating = dc_data_form_add_field (
    form, "rating", "list-single", dc_desk_text (language, DC_DESK_TEXT_FIELD_RATING), TRUE);

  for (guint stars = 5; stars >= 1; stars--)
    {
      char value[2] = { (char)('0' + stars), '\0' };
      dc_form_field_add_option (rating, dc_desk_text (language, DC_DESK_TEXT_STARS_1 + stars - 1),
                                value);
    }
  dc_data_form_add_field (form, "comment", "text-multi",
                          dc_desk_text (language, DC_DESK_TEXT_FIELD_COMMENT), FALSE);
  return dc_data_form_to_node (form);
}

/* Says @body with the session's status and, where the customer must answer one, its form. */
static void
say_with_status (DcDeskRoom *room, const char *body)
{
  g_autoptr (DcXmlNode) status = dc_desk_flow_status (room);
  g_autoptr (DcXmlNode) form = NULL;

  if (room->session->state == DC_DESK_STATE_FORM)
    form = prechat_form (room->session->language);
  else if (room->session->state == DC_DESK_STATE_RATING)
    form = rating_form (room->session->language);
  dc_desk_room_say (room, body, status, form);
}

/* Steps --------------------------------------------------------------------------------------- */

/**
 * dc_desk_flow_joined:
 * @room: a room the desk just joined for the first time
 *
 * Greets the customer in their language and sends the pre-chat form.
 */
void
dc_desk_flow_joined (DcDeskRoom *room)
{
  room->session->greeted = TRUE;
  room->session->last_activity = dc_desk_now ();
  dc_desk_save (room->desk, room->session);
  dc_desk_event (room->desk, room->session, "greeted", NULL, NULL);
  say_with_status (room, dc_desk_text (room->session->language, DC_DESK_TEXT_GREETING));
}

/**
 * dc_desk_flow_resync:
 * @room: a room the desk is back in (a restart, a new connection, a room made anew)
 *
 * Tells the app the session's state again, with the form it waits for, without
 * a word in the transcript: what the desk said as it went away may not have
 * arrived.
 */
void
dc_desk_flow_resync (DcDeskRoom *room)
{
  g_autoptr (DcXmlNode) status = dc_desk_flow_status (room);

  if (status == NULL)
    return;
  say_with_status (room, NULL);
}

static void
enqueue (DcDeskRoom *room)
{
  DcDeskSession *session = room->session;
  g_autofree char *position = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *text = NULL;

  session->queued_at = dc_desk_now ();
  session->position = dc_desk_queue_add (room->desk->queue, session->id, session->queued_at);
  session->entry_position = session->position;
  session->state = DC_DESK_STATE_QUEUED;
  dc_desk_save (room->desk, session);
  position = g_strdup_printf ("%u", session->position);
  dc_desk_event (room->desk, session, "queued", NULL, position);
  minutes
    = g_strdup_printf ("%u", MAX (1u, (estimated_wait (room->desk, session->position) + 59) / 60));
  text = dc_desk_text_format (session->language, DC_DESK_TEXT_QUEUED, "position", position,
                              "minutes", minutes, NULL);
  say_with_status (room, text);
  dc_desk_agents_assign (room->desk);
}

/**
 * dc_desk_flow_queue_moved:
 * @self: the desk
 *
 * Tells each waiting customer whose place changed their new place and wait.
 */
void
dc_desk_flow_queue_moved (DcDesk *self)
{
  GHashTableIter iter;
  DcDeskRoom *room;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&room))
    {
      DcDeskSession *session = room->session;
      guint position = dc_desk_queue_get_position (self->queue, session->id);
      g_autofree char *place = NULL, *minutes = NULL, *text = NULL;

      if (session->state != DC_DESK_STATE_QUEUED || position == 0 || position == session->position)
        continue;
      session->position = position;
      dc_desk_save (self, session);
      place = g_strdup_printf ("%u", position);
      minutes = g_strdup_printf ("%u", MAX (1u, (estimated_wait (self, position) + 59) / 60));
      text = dc_desk_text_format (session->language, DC_DESK_TEXT_QUEUE_MOVED, "position", place,
                                  "minutes", minutes, NULL);
      say_with_status (room, text);
    }
}

/* A flood is not answered: the desk acts on at most the configured messages a minute, and
 * says so once a minute. */
static gboolean
too_fast (DcDeskRoom *room)
{
  double now = dc_desk_now ();
  guint old = 0;

  while (old < room->recent->len && g_array_index (room->recent, double, old) < now - RATE_WINDOW)
    old++;
  g_array_remove_range (room->recent, 0, old);
  g_array_append_val (room->recent, now);
  if (room->recent->len <= room->desk->config->messages_per_minute)
    return FALSE;
  if (now - room->warned_at > RATE_WINDOW)
    {
      room->warned_at = now;
      dc_desk_event (room->desk, room->session, "rate-limited", NULL, NULL);
      dc_desk_room_say (room, dc_desk_text (room->session->language, DC_DESK_TEXT_TOO_FAST), NULL,
                        NULL);
    }
  return TRUE;
}

/**
 * dc_desk_flow_customer_text:
 * @room: a room
 * @body: what the customer wrote
 * @archived: read from the archive after a restart (not counted against the limit)
 *
 * A message from the customer. Never a command, whatever it says: after an
 * answer from the knowledge base, any message asks for a person.
 */
void
dc_desk_flow_customer_text (DcDeskRoom *room, const char *body, gboolean archived)
{
  if (!archived && too_fast (room))
    return;
  room->session->last_activity = dc_desk_now ();
  if (room->session->state == DC_DESK_STATE_ANSWERED)
    {
      dc_desk_event (room->desk, room->session, "asked-for-person", NULL, NULL);
      enqueue (room);
    }
}

/* The fields of a submitted form, var → first value; NULL when one is over @limit characters. */
static GHashTable *
read_answer (DcXmlNode *x, guint limit, gboolean *too_long)
{
  g_autoptr (GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n = 0;

  *too_long = FALSE;
  for (DcXmlNode *f = dc_xml_node_get_first_child (x); f && n < MAX_FORM_FIELDS;
       f = dc_xml_node_get_next_sibling (f))
    {
      const char *var = dc_xml_node_get_attr (f, "var");
      const char *value = dc_xml_node_get_child_text (f, "value", NULL);

      if (g_strcmp0 (dc_xml_node_get_name (f), "field") != 0 || var == NULL || value == NULL)
        continue;
      n++;
      if (g_utf8_strlen (value, -1) > limit)
        {
          *too_long = TRUE;
          return NULL;
        }
      g_hash_table_insert (fields, g_strdup (var), g_strstrip (g_strdup (value)));
    }
  return g_steal_pointer (&fields);
}

static void
ask_again (DcDeskRoom *room, DcDeskText text)
{
  g_autofree char *length = g_strdup_printf ("%u", room->desk->config->answer_length);
  g_autofree char *body
    = dc_desk_text_format (room->session->language, text, "length", length, NULL);

  say_with_status (room, body);
}

/* Only the fields the form asks for, and only those the customer left in: the facts the agent
 * reads and the database keeps. */
static char *
facts_json (GHashTable *fields)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (prechat_vars); i++)
    {
      const char *value = g_hash_table_lookup (fields, prechat_vars[i]);
      if (value == NULL || *value == '\0')
        continue;
      if (g_str_equal (prechat_vars[i], "category") && !g_strv_contains (categories, value))
        continue;
      json_builder_set_member_name (builder, prechat_vars[i]);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
prechat_answer (DcDeskRoom *room, GHashTable *fields)
{
  DcDeskSession *session = room->session;
  const char *description = g_hash_table_lookup (fields, "description");
  const char *answer;
  g_autoptr (GString) shared = g_string_new (NULL);

  if (description == NULL || *description == '\0')
    {
      ask_again (room, DC_DESK_TEXT_DESCRIPTION_NEEDED);
      return;
    }
  g_free (session->facts);
  session->facts = facts_json (fields);
  for (guint i = 0; i < G_N_ELEMENTS (prechat_vars); i++)
    if (g_hash_table_contains (fields, prechat_vars[i]))
      g_string_append_printf (shared, "%s%s", shared->len ? "," : "", prechat_vars[i]);
  /* Which fields, never their values: the facts are in the session row. */
  dc_desk_event (room->desk, session, "form", NULL, shared->str);
  answer = room->desk->knowledge
             ? dc_desk_knowledge_lookup (room->desk->knowledge, session->language, description)
             : NULL;
  if (answer != NULL)
    {
      g_autofree char *text = g_strdup_printf (
        "%s\n\n%s\n\n%s", dc_desk_text (session->language, DC_DESK_TEXT_ANSWER_INTRO), answer,
        dc_desk_text (session->language, DC_DESK_TEXT_ANSWER_FOLLOW_UP));
      session->state = DC_DESK_STATE_ANSWERED;
      session->last_activity = dc_desk_now ();
      dc_desk_save (room->desk, session);
      dc_desk_event (room->desk, session, "answered", NULL, NULL);
      dc_desk_room_say (room, text, NULL, NULL);
      return;
    }
  enqueue (room);
}

static void
rating_answer (DcDeskRoom *room, GHashTable *fields)
{
  DcDeskSession *session = room->session;
  const char *text = g_hash_table_lookup (fields, "rating");
  const char *comment = g_hash_table_lookup (fields, "comment");
  g_autoptr (GError) error = NULL;
  guint64 rating = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 5, &rating, NULL))
    {
      ask_again (room, DC_DESK_TEXT_RATING_NEEDED);
      return;
    }
  if (!dc_desk_store_add_rating (room->desk->store, session->id, (int)rating,
                                 comment && *comment ? comment : NULL, session->agent, &error))
    g_warning ("%s", error->message);
  dc_desk_event (room->desk, session, "rated", NULL, text);
  dc_desk_flow_close (room, "rated", DC_DESK_TEXT_THANKS);
}

/**
 * dc_desk_flow_form_answer:
 * @room: a room
 * @x: a submitted data form from the customer
 *
 * The pre-chat form or the rating, each only when the session asks for it.
 */
void
dc_desk_flow_form_answer (DcDeskRoom *room, DcXmlNode *x)
{
  g_autoptr (GHashTable) fields = NULL;
  gboolean too_long;
  const char *form_type;

  if (too_fast (room))
    return;
  fields = read_answer (x, room->desk->config->answer_length, &too_long);
  if (fields == NULL)
    {
      if (room->session->state == DC_DESK_STATE_FORM
          || room->session->state == DC_DESK_STATE_RATING)
        ask_again (room, DC_DESK_TEXT_ANSWER_TOO_LONG);
      return;
    }
  form_type = g_hash_table_lookup (fields, "FORM_TYPE");
  room->session->last_activity = dc_desk_now ();
  if (g_strcmp0 (form_type, DC_FORM_TYPE_PRECHAT) == 0
      && room->session->state == DC_DESK_STATE_FORM)
    prechat_answer (room, fields);
  else if (g_strcmp0 (form_type, DC_FORM_TYPE_RATING) == 0
           && room->session->state == DC_DESK_STATE_RATING)
    rating_answer (room, fields);
}

/**
 * dc_desk_flow_resolve:
 * @room: a room whose session is with an agent
 * @agent: the agent who resolved it
 *
 * Asks the customer for the rating.
 */
void
dc_desk_flow_resolve (DcDeskRoom *room, const char *agent)
{
  DcDeskSession *session = room->session;

  session->state = DC_DESK_STATE_RATING;
  session->resolved_at = session->last_activity = dc_desk_now ();
  dc_desk_save (room->desk, session);
  dc_desk_event (room->desk, session, "resolved", agent, NULL);
  say_with_status (room, dc_desk_text (session->language, DC_DESK_TEXT_RATING));
}

/**
 * dc_desk_flow_close:
 * @room: a room
 * @reason: why, for the database ("rated", "idle", "not-rated")
 * @text: the last thing the customer reads
 *
 * Ends the session and leaves the room; the queue moves up.
 */
void
dc_desk_flow_close (DcDeskRoom *room, const char *reason, DcDeskText text)
{
  DcDeskSession *session = room->session;

  dc_desk_queue_remove (room->desk->queue, session->id);
  session->state = DC_DESK_STATE_CLOSED;
  session->position = 0;
  session->closed_at = dc_desk_now ();
  g_free (session->close_reason);
  session->close_reason = g_strdup (reason);
  dc_desk_save (room->desk, session);
  dc_desk_event (room->desk, session, "closed", NULL, reason);
  say_with_status (room, dc_desk_text (session->language, text));
  dc_desk_room_forget (room);
  dc_desk_agents_assign (room->desk);
}

/**
 * dc_desk_flow_sweep:
 * @self: the desk
 *
 * Closes what nobody will answer any more: a form never filled, a session the
 * knowledge base answered and the customer left, a rating never given.
 */
void
dc_desk_flow_sweep (DcDesk *self)
{
  g_autoptr (GPtrArray) idle = g_ptr_array_new ();
  double now = dc_desk_now ();
  GHashTableIter iter;
  DcDeskRoom *room;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&room))
    if (((room->session->state == DC_DESK_STATE_ANSWERED
          || room->session->state == DC_DESK_STATE_FORM)
         && now - room->session->last_activity > self->config->idle_timeout)
        || (room->session->state == DC_DESK_STATE_RATING
            && now - room->session->resolved_at > self->config->rating_timeout))
      g_ptr_array_add (idle, room);
  for (guint i = 0; i < idle->len; i++)
    {
      room = g_ptr_array_index (idle, i);
      dc_desk_flow_close (room, room->session->state == DC_DESK_STATE_RATING ? "not-rated" : "idle",
                          DC_DESK_TEXT_CLOSED_IDLE);
    }
}

static const char *
channel_word (const char *language, DcChannelType type)
{
  return dc_desk_text (language, DC_DESK_TEXT_CHANNEL_HOTLINE + type);
}

/**
 * dc_desk_flow_closed_notice:
 * @self: the desk
 * @language: the customer's language
 * @country: (nullable): the customer's country, for their channels
 *
 * Returns: (transfer full): when the desk opens again, and which of the
 *   vendor's other channels are open now
 */
char *
dc_desk_flow_closed_notice (DcDesk *self, const char *language, const char *country)
{
  g_autoptr (GDateTime) now = g_date_time_new_now (self->config->timezone);
  g_autoptr (GDateTime) opens = NULL;
  g_autoptr (GListModel) channels = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  guint listed = 0;

  dc_opening_hours_get_state (self->config->hours, now, self->config->timezone, &opens);
  if (opens != NULL)
    {
      g_autofree char *when = dc_desk_text_when (language, opens, now);
      g_autofree char *zoned
        = g_strdup_printf ("%s (%s)", when, g_date_time_get_timezone_abbreviation (opens));
      g_autofree char *closed
        = dc_desk_text_format (language, DC_DESK_TEXT_CLOSED_NOW, "when", zoned, NULL);
      g_string_append (text, closed);
    }
  else
    g_string_append (text, dc_desk_text (language, DC_DESK_TEXT_CLOSED_NO_HOURS));
  channels = dc_vendor_config_dup_channels_for_country (self->vendor, country);
  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr (DcContactChannel) channel = g_list_model_get_item (channels, i);
      if (dc_contact_channel_get_state (channel, now, NULL) != DC_OPEN_STATE_OPEN)
        continue;
      if (listed++ == 0)
        g_string_append_printf (text, "\n%s", dc_desk_text (language, DC_DESK_TEXT_OPEN_CHANNELS));
      g_string_append_printf (
        text, "\n• %s: %s", channel_word (language, dc_contact_channel_get_channel_type (channel)),
        dc_contact_channel_get_address (channel));
    }
  if (listed == 0)
    g_string_append_printf (text, " %s", dc_desk_text (language, DC_DESK_TEXT_NO_CHANNELS));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
