/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "tool-run.h"

void
tool_run_clear (ToolRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs $DC_TOOL with @args, NULL-terminated, and @env as extra NAME=VALUE pairs. */
void
tool_run (ToolRun *run, const char *const *env, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (g_getenv ("DC_TOOL"));
  g_ptr_array_add (argv, (char *)g_getenv ("DC_TOOL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env[i], "=", 2);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

/* The run's standard output, which must be one line of JSON. */
JsonNode *
tool_run_parse (ToolRun *run)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_suffix (run->out, "\n"));
  g_assert_cmpstr (strchr (run->out, '\n'), ==, "\n");
  node = json_from_string (run->out, &error);
  g_assert_no_error (error);
  return node;
}
