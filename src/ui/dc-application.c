/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-application.h"
#include "dc-window.h"

/**
 * DcApplication:
 *
 * The app: one window, the app-wide actions and their shortcuts.
 */
struct _DcApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (DcApplication, dc_application, ADW_TYPE_APPLICATION)

static void
dc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dc_window_new (DC_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _ ("The Device Care developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app), "application-name",
                         _ ("Device Care"), "application-icon", APP_ID, "version", PACKAGE_VERSION,
                         "developers", developers, "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _ ("translator-credits"), NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* Closing the window, not quitting outright, so it saves its size on the way. */
  if (window != NULL)
    gtk_window_close (window);
  else
    g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_activated },
  { .name = "quit", .activate = quit_activated },
};

static void
dc_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (dc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
dc_application_class_init (DcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = dc_application_activate;
  app_class->startup = dc_application_startup;
}

static void
dc_application_init (DcApplication *self)
{
}

/**
 * dc_application_new:
 *
 * Returns: (transfer full): the application
 */
DcApplication *
dc_application_new (void)
{
  return g_object_new (DC_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path", RESOURCE_PREFIX, NULL);
}
