/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-place-index.h"

G_BEGIN_DECLS

/* The file is one GVariant of this type, written in the machine's byte
 * order (it is a cache, never copied between machines):
 *
 *   s            magic, DC_PLACE_INDEX_MAGIC
 *   u            format version, DC_PLACE_INDEX_VERSION
 *   a{sv}        "dataset-name" s, "demo" b, "origin" s, "leaf-size" u
 *   a(y…as)      the places in the file's order: kind, id, name, street,
 *                postcode, city, country, phone, email, website,
 *                opening_hours, wheelchair, timezone ("" for none), services
 *   ad           latitude, longitude of each place, in the file's order
 *   ay, au       search text of every place, NUL-terminated one after the
 *                other, and where each starts (n + 1 offsets)
 *   ad           the static k-d tree: x, y, z on the unit sphere of each slot
 *   au           the place in each slot
 *   ay           the axis each slot splits on (0, 1, 2)
 *   ay           the kind of the place in each slot
 *   at           the services of the place in each slot, one bit each
 *   as           the names of those bits
 *
 * Everything a search reads is a fixed-size array, used in place from the
 * mapped file. */
#define DC_PLACE_INDEX_MAGIC "device-care/places-index"
#define DC_PLACE_INDEX_VERSION 1
#define DC_PLACE_INDEX_TYPE "(sua{sv}a(yssssssssssssas)adayauadauayayatas)"

/* Slots in a range this small are searched one by one, not split further;
 * 32 was fastest on the GeoNames cities (bench/places). Kept in the file,
 * since the tree's shape depends on it. */
#define DC_PLACE_INDEX_LEAF_SIZE 32
#define DC_PLACE_INDEX_MAX_LEAF_SIZE 4096

/* Services past the 63rd name share the last bit and are then looked up. */
#define DC_PLACE_INDEX_SERVICE_BITS 63
#define DC_PLACE_INDEX_SERVICE_OVERFLOW (G_GUINT64_CONSTANT (1) << 63)

enum
{
  DC_PLACE_INDEX_MAGIC_FIELD,
  DC_PLACE_INDEX_VERSION_FIELD,
  DC_PLACE_INDEX_METADATA,
  DC_PLACE_INDEX_PLACES,
  DC_PLACE_INDEX_POSITIONS,
  DC_PLACE_INDEX_TEXT,
  DC_PLACE_INDEX_TEXT_OFFSETS,
  DC_PLACE_INDEX_POINTS,
  DC_PLACE_INDEX_SLOT_PLACES,
  DC_PLACE_INDEX_SLOT_AXES,
  DC_PLACE_INDEX_SLOT_KINDS,
  DC_PLACE_INDEX_SLOT_SERVICES,
  DC_PLACE_INDEX_SERVICE_NAMES,
};

struct _DcPlaceIndex
{
  GObject parent_instance;

  GVariant *root;
  GVariant *places;
  char *dataset_name;
  char *origin;
  gboolean is_demo;
  guint n_places;
  guint leaf_size;

  const double *positions; /* latitude, longitude by place */
  const char *text;
  gsize text_length;
  const guint32 *text_offsets;
  const double *points; /* x, y, z by slot */
  const guint32 *slot_places;
  const guint8 *slot_axes;
  const guint8 *slot_kinds;
  const guint64 *slot_services;
  const char **service_names;
  gsize n_service_names;
};

GVariant *dc_place_index_serialize (DcPlaceCollection *collection, const char *origin);
void dc_place_index_to_unit_sphere (double latitude, double longitude, double point[3]);

char *dc_place_text_fold (const char *text);
gboolean dc_place_text_matches (const char *record, gsize length, char **words);

G_END_DECLS
