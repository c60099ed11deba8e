/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <json-glib/json-glib.h>

#include "dc-desk-store-private.h"

/* What the database says about the past: the waits the estimate averages, when an agent last
 * got a customer, and `device-care-desk --stats`. Reading only. */

/**
 * dc_desk_store_recent_waits:
 * @self: a store
 * @n: how many
 *
 * Returns: (transfer full) (element-type double): the newest @n waits, each
 *   in seconds per place the customer had on joining the queue, newest first
 */
GArray *
dc_desk_store_recent_waits (DcDeskStore *self, guint n)
{
  GArray *waits = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self,
    "SELECT (assigned_at - queued_at) / max(entry_position, 1) FROM sessions "
    "WHERE assigned_at IS NOT NULL AND queued_at IS NOT NULL "
    "ORDER BY assigned_at DESC LIMIT ?1",
    NULL);

  if (stmt == NULL)
    return waits;
  sqlite3_bind_int (stmt, 1, n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double wait = sqlite3_column_double (stmt, 0);
      g_array_append_val (waits, wait);
    }
  sqlite3_finalize (stmt);
  return waits;
}

/**
 * dc_desk_store_last_assigned:
 * @self: a store
 * @agent: an agent's bare JID
 *
 * Returns: when @agent last got a customer (seconds since 1970), 0 if never
 */
double
dc_desk_store_last_assigned (DcDeskStore *self, const char *agent)
{
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self, "SELECT max(time) FROM events WHERE kind = 'assigned' AND actor = ?1", NULL);
  double last = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, agent, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return last;
}

static gboolean
add_sessions (DcDeskStore *self, JsonBuilder *builder, GError **error)
{
  sqlite3_stmt *stmt
    = dc_desk_store_prepare (self, "SELECT state, count(*) FROM sessions GROUP BY state", error);
  gint64 counts[DC_DESK_N_STATES] = { 0 };
  DcDeskState state;

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (dc_desk_state_from_string ((const char *)sqlite3_column_text (stmt, 0), &state))
      counts[state] = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_object (builder);
  for (guint i = 0; i < DC_DESK_N_STATES; i++)
    {
      json_builder_set_member_name (builder, dc_desk_state_to_string (i));
      json_builder_add_int_value (builder, counts[i]);
    }
  json_builder_end_object (builder);
  return TRUE;
}

static gboolean
add_median_wait (DcDeskStore *self, JsonBuilder *builder, GError **error)
{
  g_autoptr (GArray) waits = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self,
    "SELECT assigned_at - queued_at FROM sessions WHERE assigned_at IS NOT NULL "
    "AND queued_at IS NOT NULL ORDER BY 1",
    error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double wait = sqlite3_column_double (stmt, 0);
      g_array_append_val (waits, wait);
    }
  sqlite3_finalize (stmt);
  /* Seconds a customer waited for a person, of those who got one. */
  json_builder_set_member_name (builder, "median_wait");
  if (waits->len == 0)
    json_builder_add_null_value (builder);
  else if (waits->len % 2 == 1)
    json_builder_add_double_value (builder, g_array_index (waits, double, waits->len / 2));
  else
    json_builder_add_double_value (builder, (g_array_index (waits, double, waits->len / 2 - 1)
                                             + g_array_index (waits, double, waits->len / 2))
                                              / 2);
  return TRUE;
}

static gboolean
add_handled (DcDeskStore *self, JsonBuilder *builder, GError **error)
{
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self,
    "SELECT agent, count(*) FROM sessions WHERE resolved_at IS NOT NULL AND agent IS NOT NULL "
    "GROUP BY agent ORDER BY agent",
    error);

  if (stmt == NULL)
    return FALSE;
  /* Sessions each agent resolved. */
  json_builder_set_member_name (builder, "handled");
  json_builder_begin_object (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_set_member_name (builder, (const char *)sqlite3_column_text (stmt, 0));
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
    }
  json_builder_end_object (builder);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
add_ratings (DcDeskStore *self, JsonBuilder *builder, GError **error)
{
  sqlite3_stmt *stmt
    = dc_desk_store_prepare (self, "SELECT count(*), avg(rating) FROM ratings", error);

  if (stmt == NULL)
    return FALSE;
  json_builder_set_member_name (builder, "ratings");
  json_builder_begin_object (builder);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "mean");
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder, sqlite3_column_double (stmt, 1));
    }
  json_builder_end_object (builder);
  sqlite3_finalize (stmt);
  return TRUE;
}

/**
 * dc_desk_store_stats:
 * @self: a store
 * @error: return location for a #GError
 *
 * `{"sessions": {"form": n, …, "closed": n}, "median_wait": seconds|null,
 * "handled": {"agent@…": n}, "ratings": {"count": n, "mean": x|null}}`
 *
 * Returns: (transfer full) (nullable): the statistics as pretty JSON
 */
char *
dc_desk_store_stats (DcDeskStore *self, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  /* One snapshot: the desk may write between the queries. */
  sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  json_builder_begin_object (builder);
  if (!add_sessions (self, builder, error) || !add_median_wait (self, builder, error)
      || !add_handled (self, builder, error) || !add_ratings (self, builder, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  json_builder_end_object (builder);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
