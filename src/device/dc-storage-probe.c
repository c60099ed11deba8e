/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/statvfs.h>

#include <glib/gi18n-lib.h>

#include "dc-storage-probe-private.h"
#include "dc-sysroot.h"

/* Storage: one finding per file system that holds data, from the mount table and statvfs(). */

#define MOUNTS_MAX_SIZE (512 * 1024)

/* File systems on a disk or flash. Network file systems are left out: statvfs() on a server that
 * went away hangs. Read-only images (squashfs, erofs, iso9660) are always "full" and need nothing. */
static const char *const data_types[] = {
  "ext2",  "ext3",    "ext4", "btrfs",    "xfs", "f2fs",     "vfat",   "exfat", "ntfs",
  "ntfs3", "fuseblk", "jfs",  "reiserfs", "zfs", "bcachefs", "nilfs2", NULL,
};

void
dc_mount_free (DcMount *mount)
{
  g_free (mount->device);
  g_free (mount->mount_point);
  g_free (mount->type);
  g_free (mount);
}

/* The kernel writes a space in a mount point as "\040", a tab "\011", a backslash "\134". */
static char *
unescape_octal (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0'
          && p[3] <= '7')
        {
          g_string_append_c (out, (char)(((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_read_only (const char *options)
{
  g_auto (GStrv) list = g_strsplit (options, ",", -1);
  return g_strv_contains ((const char *const *)list, "ro");
}

static gboolean
device_seen (GPtrArray *mounts, const char *device)
{
  for (guint i = 0; i < mounts->len; i++)
    {
      DcMount *mount = g_ptr_array_index (mounts, i);
      if (g_strcmp0 (mount->device, device) == 0)
        return TRUE;
    }
  return FALSE;
}

static DcMount *
parse_line (const char *line)
{
  g_auto (GStrv) fields = g_strsplit_set (line, " \t", -1);
  DcMount *mount;

  /* device mountpoint type options dump pass */
  if (g_strv_length (fields) < 4 || fields[1][0] != '/')
    return NULL;
  if (!g_strv_contains (data_types, fields[2]) || is_read_only (fields[3]))
    return NULL;
  mount = g_new0 (DcMount, 1);
  mount->device = unescape_octal (fields[0]);
  mount->mount_point = unescape_octal (fields[1]);
  mount->type = g_strdup (fields[2]);
  return mount;
}

/**
 * dc_storage_parse_mounts:
 * @mounts: the contents of `/proc/mounts`
 *
 * The mounted file systems that hold data, in the table's order: those on
 * a disk or flash, writable, one per device (a btrfs volume mounted at "/"
 * and "/home" is one disk, and is counted once, at its first mount point).
 * Lines that are not a mount are skipped.
 *
 * Returns: (transfer full) (element-type DcMount): the mounts
 */
GPtrArray *
dc_storage_parse_mounts (GBytes *mounts)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_mount_free);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gsize size;
  const char *data = g_bytes_get_data (mounts, &size);

  if (data == NULL || size == 0)
    return result;
  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (DcMount) mount = NULL;

      if (!g_utf8_validate (lines[i], -1, NULL) || (mount = parse_line (lines[i])) == NULL)
        continue;
      if (!device_seen (result, mount->device))
        g_ptr_array_add (result, g_steal_pointer (&mount));
    }
  return result;
}

static DcFinding *
new_finding (const char *mount_point)
{
  g_autofree char *id = g_strconcat ("storage:", mount_point, NULL);
  g_autofree char *title = NULL;

  if (strcmp (mount_point, "/") == 0)
    title = g_strdup (_ ("Storage"));
  else
    /* Translators: %s is where a disk is mounted, such as "/home". */
    title = g_strdup_printf (_ ("Storage (%s)"), mount_point);
  return dc_finding_new (id, "storage", title);
}

/**
 * dc_storage_evaluate:
 * @mount: the file system
 * @total: its size in bytes
 * @available: the bytes an app may still write
 * @used: the bytes in use
 * @thresholds: the table to judge by
 *
 * The "storage:MOUNT POINT" finding. Used space is counted as df counts it:
 * @used ÷ (@used + @available), so the blocks reserved for root count as
 * neither.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_storage_evaluate (const DcMount *mount, guint64 total, guint64 available, guint64 used,
                     const DcThresholds *thresholds)
{
  DcFinding *finding = new_finding (mount->mount_point);
  g_autofree char *free_text = g_format_size (available);
  g_autofree char *summary = NULL;
  double percent;

  if (total == 0 || used + available == 0 || available > total)
    {
      dc_finding_add_unknown (finding, "total_bytes", _ ("Size"));
      dc_finding_add_unknown (finding, "free_bytes", _ ("Free"));
      dc_finding_add_unknown (finding, "used_percent", _ ("Used"));
      dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                              _ ("This file system does not report its size."), NULL);
      return finding;
    }

  percent = 100.0 * (double)used / (double)(used + available);
  dc_finding_add_integer (finding, "total_bytes", _ ("Size"), (gint64)total, DC_FINDING_UNIT_BYTES);
  dc_finding_add_integer (finding, "free_bytes", _ ("Free"), (gint64)available,
                          DC_FINDING_UNIT_BYTES);
  dc_finding_add_double (finding, "used_percent", _ ("Used"), percent, DC_FINDING_UNIT_PERCENT);
  dc_finding_add_string (finding, "mount_point", _ ("Mounted At"), mount->mount_point, NULL);
  dc_finding_add_string (finding, "filesystem", _ ("File System"), mount->type, NULL);

  /* Translators: %.0f is a percentage, "%%" a percent sign, %s a size such as "2.1 GB". */
  summary = g_strdup_printf (_ ("%.0f %% used, %s free."), percent, free_text);
  if (percent > thresholds->storage_used_critical_percent)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_CRITICAL, summary,
                            _ ("Storage is full: apps and updates fail until you free up space. "
                               "Delete files or apps you no longer need."));
  else if (percent > thresholds->storage_used_warning_percent)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, summary,
                            _ ("Storage is almost full. Delete files, photos or apps you no "
                               "longer need, or move them elsewhere."));
  else
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, summary, NULL);
  return finding;
}

/**
 * dc_storage_evaluate_unreadable:
 * @mount_point: where the file system is mounted
 * @reason: why it could not be measured, for the customer
 *
 * Returns: (transfer full): an unknown "storage:MOUNT POINT" finding
 */
DcFinding *
dc_storage_evaluate_unreadable (const char *mount_point, const char *reason)
{
  DcFinding *finding = new_finding (mount_point);

  dc_finding_add_unknown (finding, "total_bytes", _ ("Size"));
  dc_finding_add_unknown (finding, "free_bytes", _ ("Free"));
  dc_finding_add_unknown (finding, "used_percent", _ ("Used"));
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN, reason, NULL);
  return finding;
}

static DcFinding *
measure (const char *root, const DcMount *mount, const DcThresholds *thresholds)
{
  g_autofree char *path = dc_sysroot_path (root, mount->mount_point);
  struct statvfs info;
  guint64 unit;

  if (statvfs (path, &info) != 0)
    {
      int saved_errno = errno;
      g_autofree char *reason = g_strdup_printf (
        /* Translators: %s is a folder; the second %s the system's reason. */
        _ ("Could not measure “%s”: %s"), mount->mount_point, g_strerror (saved_errno));
      return dc_storage_evaluate_unreadable (mount->mount_point, reason);
    }
  unit = info.f_frsize != 0 ? info.f_frsize : info.f_bsize;
  return dc_storage_evaluate (mount, (guint64)info.f_blocks * unit, (guint64)info.f_bavail * unit,
                              (guint64)(info.f_blocks - MIN (info.f_bfree, info.f_blocks)) * unit,
                              thresholds);
}

/**
 * dc_storage_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * A "storage:MOUNT POINT" finding for each file system that holds data.
 * Blocks: run in a thread.
 *
 * Returns: (transfer full) (element-type DcFinding): the findings, at
 *   least one
 */
GPtrArray *
dc_storage_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  const char *root = dc_probe_context_get_root (context);
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GBytes) table = NULL;
  g_autoptr (GPtrArray) mounts = NULL;
  g_autoptr (GError) error = NULL;

  table = dc_sysroot_read (root, "/proc/mounts", MOUNTS_MAX_SIZE, &error);
  mounts = table != NULL ? dc_storage_parse_mounts (table) : g_ptr_array_new ();
  for (guint i = 0; i < mounts->len && !g_cancellable_is_cancelled (cancellable); i++)
    g_ptr_array_add (findings, measure (root, g_ptr_array_index (mounts, i),
                                        dc_probe_context_get_thresholds (context)));

  if (findings->len == 0)
    {
      if (error != NULL)
        g_debug ("%s", error->message);
      g_ptr_array_add (findings, dc_storage_evaluate_unreadable (
                                   "/", _ ("The list of mounted file systems could not be read.")));
    }
  return findings;
}
