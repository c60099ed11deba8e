/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "dc-desk-store.h"
#include "dc-desk.h"

/* device-care-desk: the support desk daemon, or with --stats a JSON summary of its database.
 * Exit 1 for a configuration, database or knowledge base that cannot be used, with a message
 * that names the file and key; 2 for a mistake on the command line. */

#define DEFAULT_CONFIG "/etc/device-care/desk.conf"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
print_stats (DcDeskConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskStore) store = dc_desk_store_open (config->database_path, TRUE, &error);
  g_autofree char *json = store ? dc_desk_store_stats (store, &error) : NULL;

  if (json == NULL)
    {
      g_printerr ("device-care-desk: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", json);
  return 0;
}

static int
run (DcDeskConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDesk) desk = dc_desk_new (config, &error);
  g_autoptr (GMainLoop) loop = NULL;

  if (desk == NULL)
    {
      g_printerr ("device-care-desk: %s\n", error->message);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  dc_desk_start (desk);
  g_main_loop_run (loop);
  dc_desk_stop (desk);
  return 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  gboolean stats = FALSE;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
      "The desk's configuration (default: " DEFAULT_CONFIG ")", "FILE" },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats,
      "Print statistics from the database as JSON and exit: sessions by state, median wait, "
      "sessions handled per agent, ratings",
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  DcDeskConfig *config;

  setlocale (LC_ALL, "");
  g_set_prgname ("device-care-desk");
  g_option_context_set_summary (context,
                                "The Device Care support desk: greets customers in their chat "
                                "rooms, queues them and hands them to agents.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      g_printerr ("device-care-desk: %s\n", error ? error->message : "unexpected arguments");
      return 2;
    }
  config = dc_desk_config_load (config_path ? config_path : DEFAULT_CONFIG, &error);
  if (config == NULL)
    {
      g_printerr ("device-care-desk: %s\n", error->message);
      return 1;
    }
  if (stats)
    {
      int status = print_stats (config);
      dc_desk_config_free (config);
      return status;
    }
  return run (config);
}
