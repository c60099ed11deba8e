/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <math.h>

#include "dc-open-state-text.h"
#include "dc-place-format.h"
#include "dc-place-result.h"

/**
 * DcPlaceResult:
 *
 * One line of the Places list: a place, how far it is from where the customer measures, and
 * whether it is open at the moment the list was made.
 */
struct _DcPlaceResult
{
  GObject parent_instance;

  DcPlace *place;
  double distance_m; /* NAN when there is nothing to measure from */
  DcOpenState state;
  GDateTime *next_change;
  char *state_line;
};

G_DEFINE_FINAL_TYPE (DcPlaceResult, dc_place_result, G_TYPE_OBJECT)

static void
dc_place_result_finalize (GObject *object)
{
  DcPlaceResult *self = DC_PLACE_RESULT (object);

  g_clear_object (&self->place);
  g_clear_pointer (&self->next_change, g_date_time_unref);
  g_free (self->state_line);

  G_OBJECT_CLASS (dc_place_result_parent_class)->finalize (object);
}

static void
dc_place_result_class_init (DcPlaceResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dc_place_result_finalize;
}

static void
dc_place_result_init (DcPlaceResult *self)
{
  self->distance_m = NAN;
}

/**
 * dc_place_result_new:
 * @place: a place
 * @distance_m: how far it is, in metres, or NAN
 * @now: the moment to say "open" or "closed" for
 *
 * Returns: (transfer full): the result
 */
DcPlaceResult *
dc_place_result_new (DcPlace *place, double distance_m, GDateTime *now)
{
  DcPlaceResult *self = g_object_new (DC_TYPE_PLACE_RESULT, NULL);
  const char *expr = dc_place_get_opening_hours (place);
  g_autoptr (DcOpeningHours) hours = expr != NULL ? dc_opening_hours_parse (expr, NULL) : NULL;
  g_autoptr (GTimeZone) tz = dc_place_format_dup_timezone (place);

  self->place = g_object_ref (place);
  self->distance_m = distance_m;
  if (hours != NULL)
    self->state = dc_opening_hours_get_state (hours, now, tz, &self->next_change);
  self->state_line = dc_open_state_describe (self->state, now, self->next_change);
  return self;
}

DcPlace *
dc_place_result_get_place (DcPlaceResult *self)
{
  g_return_val_if_fail (DC_IS_PLACE_RESULT (self), NULL);
  return self->place;
}

/**
 * dc_place_result_get_distance:
 * @self: a result
 *
 * Returns: the distance in metres, or NAN when the list is not measured from anywhere
 */
double
dc_place_result_get_distance (DcPlaceResult *self)
{
  g_return_val_if_fail (DC_IS_PLACE_RESULT (self), NAN);
  return self->distance_m;
}

DcOpenState
dc_place_result_get_state (DcPlaceResult *self)
{
  g_return_val_if_fail (DC_IS_PLACE_RESULT (self), DC_OPEN_STATE_UNKNOWN);
  return self->state;
}

/**
 * dc_place_result_get_next_change:
 * @self: a result
 *
 * Returns: (transfer none) (nullable): when the place opens or closes next, within 8 days
 */
GDateTime *
dc_place_result_get_next_change (DcPlaceResult *self)
{
  g_return_val_if_fail (DC_IS_PLACE_RESULT (self), NULL);
  return self->next_change;
}

/**
 * dc_place_result_get_state_line:
 * @self: a result
 *
 * Returns: "Open · closes 18:00", "Closed · opens Mon 09:00", "Hours unknown", …
 */
const char *
dc_place_result_get_state_line (DcPlaceResult *self)
{
  g_return_val_if_fail (DC_IS_PLACE_RESULT (self), NULL);
  return self->state_line;
}
