/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-locator.h"
#include "dc-place-store.h"
#include "dc-places-page.h"

G_BEGIN_DECLS

struct _DcPlacesPage
{
  AdwBin parent_instance;

  GCancellable *cancellable;
  DcPlaceStore *store;
  DcPlaceIndex *index;
  DcLocator *locator;
  GDateTime *now;         /* a fixed "now" for the tests, else NULL for the clock */
  GListStore *results;    /* DcPlaceResult, as listed */
  GDateTime *next_change; /* the first time an "open"/"closed" line listed goes stale */
  guint refresh_id;
  gboolean miles;
  gboolean show_service_centers;
  gboolean show_stores;
  gboolean show_map;
  gboolean has_position; /* the portal's answer; never logged */
  double position[2];
  gboolean has_origin; /* where distances are measured from: the position or a typed place */
  double origin[2];
  gboolean locate_failed;

  AdwLeaflet *leaflet;
  GtkSearchEntry *search_entry;
  GtkLabel *origin_label;
  GtkLabel *demo_label;
  GtkStack *view_stack;
  GtkListBox *places_list;
  AdwBin *map_slot;
  AdwStatusPage *empty_status;
  AdwStatusPage *error_status;
  GtkWidget *back_button;
  GtkStack *details_stack;
  AdwBin *details_slot;
};

/* dc-places-page-list.c */
void dc_places_page_update_list (DcPlacesPage *self);
GDateTime *dc_places_page_dup_now (DcPlacesPage *self);

/* Seams for the tests. */
void dc_places_page_set_now (DcPlacesPage *self, GDateTime *now);
void dc_places_page_set_position (DcPlacesPage *self, double latitude, double longitude);
GtkWidget *dc_places_page_get_map (DcPlacesPage *self);
GtkListBox *dc_places_page_get_list (DcPlacesPage *self);
GtkWidget *dc_places_page_get_details (DcPlacesPage *self);
DcPlaceIndex *dc_places_page_get_index (DcPlacesPage *self);

G_END_DECLS
