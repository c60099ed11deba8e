/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every UI test needs to drive the real window under Xvfb as a customer would, and to read
 * back what is on screen. */
#include "config.h"

#include <adwaita.h>

#include "ui-harness.h"

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_until (Condition condition, gpointer data, const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

gboolean
is_laid_out (gpointer data)
{
  GtkWidget *widget = data;
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Lets the frame clock run so layout, bindings and idle work settle. */
void
settle (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The window without the frame that client-side decorations draw around it. */
GtkWidget *
content_of (DcWindow *window)
{
  return adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
}

typedef struct
{
  DcWindow *window;
  int width;
} ContentWidth;

static gboolean
has_content_width (gpointer data)
{
  ContentWidth *want = data;
  return gtk_widget_get_width (content_of (want->window)) == want->width;
}

/* Opens a window whose content is width × height, as on a phone's screen. Under Xvfb there is no
 * compositor, so GTK draws a solid frame around the window; it is measured and added. */
static gboolean
count_frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  (*(int *)data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames_drawn (gpointer data)
{
  return *(int *)data >= 2;
}

/* Blocks until the frame clock has ticked twice, so what was laid out has also been drawn. */
void
wait_for_frames (GtkWidget *widget)
{
  int frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  gtk_widget_queue_draw (widget);
  wait_until (two_frames_drawn, &frames, "two frames");
  gtk_widget_remove_tick_callback (widget, id);
}

DcWindow *
open_window (int width, int height)
{
  DcWindow *window = dc_window_new (NULL);
  ContentWidth want = { window, width };
  GdkSurface *surface;
  int frame_x, frame_y;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_laid_out, window, "the window to be shown");
  settle ();

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  frame_x = gdk_surface_get_width (surface) - gtk_widget_get_width (content_of (window));
  frame_y = gdk_surface_get_height (surface) - gtk_widget_get_height (content_of (window));
  if (frame_x > 0 || frame_y > 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width + frame_x, height + frame_y);
      wait_until (has_content_width, &want, "the window to take its size");
      settle ();
    }
  g_assert_cmpint (gtk_widget_get_height (content_of (window)), ==, height);
  return window;
}

GtkWidget *
find_widget (GtkWidget *root, GType type, const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (title == NULL
              || (ADW_IS_PREFERENCES_ROW (child)
                  && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title)
                       == 0)))
        return child;
      if ((found = find_widget (child, type, title)))
        return found;
    }
  return NULL;
}

static gboolean
waited_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, waited_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Draws a window as the customer sees it and keeps its content's rectangle: the frame around it
 * is Xvfb's, not the app's. The paintable draws the window from its own bounds, which begin
 * inside the frame, so the content's rectangle is moved by as much. */
void
save_window_screenshot (GtkWindow *window, GtkWidget *content, const char *name)
{
  const char *dir = g_getenv ("DEVICE_CARE_SCREENSHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds, window_bounds;

  if (dir == NULL)
    return;
  /* Past the theme's transitions (a page switch fades the switcher's buttons for 200 ms): the
   * picture shows where the widgets settle. Only when pictures are asked for. */
  wait_ms (300);
  wait_for_frames (GTK_WIDGET (window));
  g_assert_true (gtk_widget_compute_bounds (content, GTK_WIDGET (window), &bounds));
  g_assert_true (
    gtk_widget_compute_bounds (GTK_WIDGET (window), GTK_WIDGET (window), &window_bounds));
  bounds.origin.x -= window_bounds.origin.x;
  bounds.origin.y -= window_bounds.origin.y;
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gdk_paintable_get_intrinsic_width (paintable),
                          gdk_paintable_get_intrinsic_height (paintable));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture
    = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &bounds);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
save_screenshot (DcWindow *window, const char *name)
{
  save_window_screenshot (GTK_WINDOW (window), content_of (window), name);
}

int
count_drawn_buttons (GtkWidget *root)
{
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    n += (GTK_IS_BUTTON (child) && gtk_widget_is_drawable (child)) + count_drawn_buttons (child);
  return n;
}

const char *
subtitle_of (DcWindow *window, const char *row_title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, row_title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* The first button under @root whose label is @label, or NULL. */
GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child)
          && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}
