/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One round of bench/startup for one app: forks it, waits on the X server for its first
 * top-level window to be mapped (MapNotify, no polling), then measures what it costs:
 *
 *   dc-bench-launch IDLE_SECONDS [--after-map COMMAND] APP [ARG…]
 *
 * COMMAND (run by /bin/sh, waited for) puts the app into the state to measure once its window is
 * mapped, say a chat opened over D-Bus; a failing COMMAND fails the round.
 *
 * prints one JSON object: map_ms (fork to MapNotify), rss_kb and pss_kb 3 s after the map (after
 * COMMAND has finished), and over IDLE_SECONDS of idling with no input: wakeups (context switches
 * of all its threads, from /proc/PID/task/ * /status), cpu_ms (utime + stime from /proc/PID/stat)
 * and threads. */
#define _GNU_SOURCE
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TASKS 256

typedef struct
{
  int tid;
  long switches;
} Task;

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
window_pid (Display *dpy, Window window)
{
  Atom type, pid_atom = XInternAtom (dpy, "_NET_WM_PID", False);
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;
  long pid = -1;

  if (XGetWindowProperty (dpy, window, pid_atom, 0, 1, False, XA_CARDINAL, &type, &format, &n,
                          &after, &data)
        == Success
      && data != NULL && n == 1)
    pid = *(unsigned long *)data;
  if (data)
    XFree (data);
  return pid;
}

/* Blocks on the X connection until a top-level window of @child is mapped. */
static int
wait_for_map (Display *dpy, pid_t child)
{
  struct pollfd pfd = { .fd = ConnectionNumber (dpy), .events = POLLIN };

  for (;;)
    {
      while (XPending (dpy))
        {
          XEvent ev;

          XNextEvent (dpy, &ev);
          if (ev.type == MapNotify && !ev.xmap.override_redirect
              && ev.xmap.event == DefaultRootWindow (dpy)
              && window_pid (dpy, ev.xmap.window) == child)
            return 0;
        }
      if (waitpid (child, NULL, WNOHANG) == child)
        {
          fprintf (stderr, "the app exited before it showed a window\n");
          return -1;
        }
      /* Only a guard against an app that never maps; events wake this up at once. */
      if (poll (&pfd, 1, 60000) == 0)
        {
          fprintf (stderr, "no window after 60 s\n");
          return -1;
        }
    }
}

/* Its own process, so its CPU and wake-ups are not the app's. */
static int
run_after_map (const char *command)
{
  int status;
  pid_t pid = fork ();

  if (pid == 0)
    {
      execl ("/bin/sh", "sh", "-c", command, (char *)NULL);
      _exit (127);
    }
  if (pid < 0 || waitpid (pid, &status, 0) != pid || !WIFEXITED (status)
      || WEXITSTATUS (status) != 0)
    {
      fprintf (stderr, "the command after the map failed: %s\n", command);
      return -1;
    }
  return 0;
}

static long
status_field (const char *path, const char *key)
{
  char line[256];
  long value = -1;
  FILE *f = fopen (path, "r");

  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, key, strlen (key)) == 0)
      value = strtol (line + strlen (key), NULL, 10);
  fclose (f);
  return value;
}

static int
read_tasks (pid_t pid, Task *tasks)
{
  char path[128];
  struct dirent *entry;
  DIR *dir;
  int n = 0;

  snprintf (path, sizeof path, "/proc/%d/task", pid);
  if ((dir = opendir (path)) == NULL)
    return 0;
  while ((entry = readdir (dir)) != NULL && n < MAX_TASKS)
    {
      char status[300];

      if (entry->d_name[0] == '.')
        continue;
      snprintf (status, sizeof status, "/proc/%d/task/%s/status", pid, entry->d_name);
      tasks[n].tid = atoi (entry->d_name);
      tasks[n].switches = status_field (status, "voluntary_ctxt_switches:")
                          + status_field (status, "nonvoluntary_ctxt_switches:");
      n++;
    }
  closedir (dir);
  return n;
}

/* Switches between two readings; a thread that exited in between woke at least once to do so. */
static long
switches_between (const Task *before, int n_before, const Task *after, int n_after)
{
  long total = 0;

  for (int i = 0; i < n_after; i++)
    {
      long base = 0;
      for (int j = 0; j < n_before; j++)
        if (before[j].tid == after[i].tid)
          base = before[j].switches;
      total += after[i].switches - base;
    }
  for (int j = 0; j < n_before; j++)
    {
      int alive = 0;
      for (int i = 0; i < n_after; i++)
        alive |= before[j].tid == after[i].tid;
      total += !alive;
    }
  return total;
}

static double
cpu_ms (pid_t pid)
{
  char path[64], buf[1024], *p;
  unsigned long utime = 0, stime = 0;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/stat", pid);
  if ((f = fopen (path, "r")) == NULL || fgets (buf, sizeof buf, f) == NULL)
    return -1;
  fclose (f);
  /* Fields after the command name, which may hold spaces: 14 utime, 15 stime. */
  p = strrchr (buf, ')');
  sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
  return (utime + stime) * 1000.0 / sysconf (_SC_CLK_TCK);
}

int
main (int argc, char *argv[])
{
  Task before[MAX_TASKS], after[MAX_TASKS];
  int idle_s, n_before, n_after, app_arg = 2;
  const char *after_map = NULL;
  long rss, pss;
  double start, mapped, cpu0, cpu1;
  char smaps[64];
  Display *dpy;
  pid_t child;

  if (argc > 4 && strcmp (argv[2], "--after-map") == 0)
    {
      after_map = argv[3];
      app_arg = 4;
    }
  if (argc < app_arg + 1)
    {
      fprintf (stderr, "usage: %s IDLE_SECONDS [--after-map COMMAND] APP [ARG…]\n", argv[0]);
      return 2;
    }
  idle_s = atoi (argv[1]);
  if ((dpy = XOpenDisplay (NULL)) == NULL)
    {
      fprintf (stderr, "cannot open the X display\n");
      return 1;
    }
  XSelectInput (dpy, DefaultRootWindow (dpy), SubstructureNotifyMask);
  XSync (dpy, False);

  start = now_ms ();
  if ((child = fork ()) == 0)
    {
      execvp (argv[app_arg], argv + app_arg);
      _exit (127);
    }
  if (wait_for_map (dpy, child) < 0)
    return 1;
  mapped = now_ms ();
  if (after_map != NULL && run_after_map (after_map) < 0)
    {
      kill (child, SIGTERM);
      waitpid (child, NULL, 0);
      return 1;
    }

  sleep (3);
  snprintf (smaps, sizeof smaps, "/proc/%d/smaps_rollup", child);
  rss = status_field (smaps, "Rss:");
  pss = status_field (smaps, "Pss:");
  n_before = read_tasks (child, before);
  cpu0 = cpu_ms (child);
  sleep (idle_s);
  n_after = read_tasks (child, after);
  cpu1 = cpu_ms (child);

  printf ("{\"map_ms\": %.1f, \"rss_kb\": %ld, \"pss_kb\": %ld, \"wakeups\": %ld, "
          "\"cpu_ms\": %.0f, \"threads\": %d}\n",
          mapped - start, rss, pss, switches_between (before, n_before, after, n_after),
          cpu1 - cpu0, n_after);

  kill (child, SIGTERM);
  waitpid (child, NULL, 0);
  XCloseDisplay (dpy);
  return 0;
}
