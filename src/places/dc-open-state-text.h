/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-opening-hours.h"

G_BEGIN_DECLS

char *dc_open_state_describe (DcOpenState state, GDateTime *now, GDateTime *next_change);

G_END_DECLS
