/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-place-collection.h"

G_BEGIN_DECLS

GBytes *dc_place_collection_lookup_demo (GError **error);

G_END_DECLS
