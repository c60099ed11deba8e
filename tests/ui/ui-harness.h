/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-window.h"

G_BEGIN_DECLS

typedef gboolean (*Condition) (gpointer data);

void wait_until (Condition condition, gpointer data, const char *what);
gboolean is_laid_out (gpointer data);
void settle (void);
void wait_for_frames (GtkWidget *widget);
GtkWidget *content_of (DcWindow *window);
DcWindow *open_window (int width, int height);
GtkWidget *find_widget (GtkWidget *root, GType type, const char *title);
void save_screenshot (DcWindow *window, const char *name);
void save_window_screenshot (GtkWindow *window, GtkWidget *content, const char *name);
int count_drawn_buttons (GtkWidget *root);
const char *subtitle_of (DcWindow *window, const char *row_title);

GtkWidget *find_button (GtkWidget *root, const char *label);

G_END_DECLS
