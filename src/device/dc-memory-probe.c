/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-memory-probe-private.h"
#include "dc-sysfs-private.h"
#include "dc-sysroot.h"

/* Memory: how much there is and how much apps can still have, from /proc/meminfo. */

#define MEMINFO_MAX_SIZE (64 * 1024)
#define MEMORY_MAX_KIB (G_GINT64_CONSTANT (1) << 40) /* 1 PiB: beyond is a broken file */

/* "MemTotal:        3920764 kB": the value in KiB, -1 when the line is not a size. */
static gint64
parse_kib (const char *rest)
{
  g_autofree char *value = g_strstrip (g_strdup (rest));
  gint64 kib;

  if (!g_str_has_suffix (value, " kB"))
    return -1;
  value[strlen (value) - 3] = '\0';
  if (!dc_sysfs_parse_int (value, 0, MEMORY_MAX_KIB, &kib))
    return -1;
  return kib;
}

/**
 * dc_memory_parse_meminfo:
 * @meminfo: the contents of `/proc/meminfo`
 * @total_bytes: (out): `MemTotal` in bytes, or -1
 * @available_bytes: (out): `MemAvailable` in bytes, or -1
 *
 * Returns: %TRUE when both were read and make sense together
 */
gboolean
dc_memory_parse_meminfo (GBytes *meminfo, gint64 *total_bytes, gint64 *available_bytes)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gsize size;
  const char *data = g_bytes_get_data (meminfo, &size);

  *total_bytes = *available_bytes = -1;
  if (data == NULL || size == 0)
    return FALSE;
  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 kib = -1;

      if (g_str_has_prefix (lines[i], "MemTotal:"))
        *total_bytes = (kib = parse_kib (lines[i] + strlen ("MemTotal:"))) > 0 ? kib * 1024 : -1;
      else if (g_str_has_prefix (lines[i], "MemAvailable:"))
        *available_bytes
          = (kib = parse_kib (lines[i] + strlen ("MemAvailable:"))) >= 0 ? kib * 1024 : -1;
    }
  /* Without a total, or with more available than there is, the file is wrong: the available
   * memory is not believed either. */
  if (*total_bytes <= 0 || *available_bytes > *total_bytes)
    *available_bytes = -1;
  return *total_bytes > 0 && *available_bytes >= 0;
}

/**
 * dc_memory_evaluate:
 * @total_bytes: the memory there is, or -1
 * @available_bytes: the memory apps can still have, or -1
 * @thresholds: the table to judge by
 *
 * The "memory" finding.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_memory_evaluate (gint64 total_bytes, gint64 available_bytes, const DcThresholds *thresholds)
{
  DcFinding *finding = dc_finding_new ("memory", "memory", _ ("Memory"));
  g_autofree char *total_text = NULL;
  g_autofree char *available_text = NULL;
  g_autofree char *summary = NULL;

  if (total_bytes > 0)
    dc_finding_add_integer (finding, "total_bytes", _ ("Installed"), total_bytes,
                            DC_FINDING_UNIT_BYTES);
  else
    dc_finding_add_unknown (finding, "total_bytes", _ ("Installed"));
  if (available_bytes >= 0)
    dc_finding_add_integer (finding, "available_bytes", _ ("Available"), available_bytes,
                            DC_FINDING_UNIT_BYTES);
  else
    dc_finding_add_unknown (finding, "available_bytes", _ ("Available"));

  if (total_bytes <= 0 || available_bytes < 0 || available_bytes > total_bytes)
    {
      dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                              _ ("How much memory is in use could not be read."), NULL);
      return finding;
    }

  total_text = g_format_size (total_bytes);
  available_text = g_format_size (available_bytes);
  /* Translators: two sizes, such as "1.2 GB of 3.9 GB available." */
  summary = g_strdup_printf (_ ("%s of %s available."), available_text, total_text);
  if (100.0 * available_bytes / total_bytes < thresholds->memory_available_warning_percent)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, summary,
                            _ ("Memory is nearly used up. Close the apps you are not using; if "
                               "this happens often, restart the phone."));
  else
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, summary, NULL);
  return finding;
}

/**
 * dc_memory_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full) (element-type DcFinding): the "memory" finding
 */
GPtrArray *
dc_memory_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GBytes) meminfo = NULL;
  gint64 total = -1, available = -1;

  meminfo = dc_sysroot_read (dc_probe_context_get_root (context), "/proc/meminfo", MEMINFO_MAX_SIZE,
                             NULL);
  if (meminfo != NULL)
    dc_memory_parse_meminfo (meminfo, &total, &available);
  g_ptr_array_add (
    findings, dc_memory_evaluate (total, available, dc_probe_context_get_thresholds (context)));
  return findings;
}
