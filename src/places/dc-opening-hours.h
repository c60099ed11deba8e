/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DC_OPEN_STATE_UNKNOWN,
  DC_OPEN_STATE_OPEN,
  DC_OPEN_STATE_CLOSED,
} DcOpenState;

#define DC_TYPE_OPEN_STATE (dc_open_state_get_type ())
GType dc_open_state_get_type (void);
const char *dc_open_state_to_string (DcOpenState state);

/* A stretch of one day that is not closed, in minutes from local midnight. */
typedef struct
{
  guint16 start;     /* 0 to 1439 */
  guint16 end;       /* start + 1 to 1440 */
  DcOpenState state; /* open or unknown */
} DcOpeningSpan;

typedef struct _DcOpeningHours DcOpeningHours;

#define DC_TYPE_OPENING_HOURS (dc_opening_hours_get_type ())
GType dc_opening_hours_get_type (void);

DcOpeningHours *dc_opening_hours_parse (const char *expr, GError **error);
DcOpeningHours *dc_opening_hours_ref (DcOpeningHours *self);
void dc_opening_hours_unref (DcOpeningHours *self);

const char *dc_opening_hours_get_text (DcOpeningHours *self);
gboolean dc_opening_hours_has_public_holiday_rules (DcOpeningHours *self);

DcOpenState dc_opening_hours_get_state (DcOpeningHours *self, GDateTime *at, GTimeZone *tz,
                                        GDateTime **next_change);
DcOpenState dc_opening_hours_get_state_with_holidays (DcOpeningHours *self, GDateTime *at,
                                                      GTimeZone *tz, const GDate *holidays,
                                                      gsize n_holidays, GDateTime **next_change);
GArray *dc_opening_hours_dup_day_spans (DcOpeningHours *self, const GDate *date,
                                        gboolean public_holiday);

DcOpenState dc_opening_hours_evaluate (const char *expr, GDateTime *at, GTimeZone *tz,
                                       GDateTime **next_change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcOpeningHours, dc_opening_hours_unref)

G_END_DECLS
