/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-cpu-probe-private.h"
#include "dc-sysfs-private.h"
#include "dc-sysroot.h"

/* The processor: its model from /proc/cpuinfo (x86 names it; arm64 only gives the core's part
 * number) or the SoC from the device tree, its cores, and its clock from cpufreq. */

#define CPUINFO_MAX_SIZE (256 * 1024)
#define COMPATIBLE_MAX_SIZE 4096
#define FREQUENCY_MAX_KHZ 100000000 /* 100 GHz */

/* arm64 /proc/cpuinfo: "CPU implementer" and "CPU part" (arch/arm64/include/asm/cputype.h). */
static const struct
{
  guint implementer;
  guint part;
  const char *name;
} arm_parts[] = {
  { 0x41, 0xd03, "Cortex-A53" },    { 0x41, 0xd04, "Cortex-A35" },
  { 0x41, 0xd05, "Cortex-A55" },    { 0x41, 0xd07, "Cortex-A57" },
  { 0x41, 0xd08, "Cortex-A72" },    { 0x41, 0xd09, "Cortex-A73" },
  { 0x41, 0xd0a, "Cortex-A75" },    { 0x41, 0xd0b, "Cortex-A76" },
  { 0x41, 0xd0d, "Cortex-A77" },    { 0x41, 0xd41, "Cortex-A78" },
  { 0x41, 0xd44, "Cortex-X1" },     { 0x41, 0xd46, "Cortex-A510" },
  { 0x41, 0xd47, "Cortex-A710" },   { 0x41, 0xd48, "Cortex-X2" },
  { 0x51, 0x802, "Kryo 385 Gold" }, { 0x51, 0x803, "Kryo 385 Silver" },
  { 0x51, 0x804, "Kryo 485 Gold" }, { 0x51, 0x805, "Kryo 485 Silver" },
};

void
dc_cpu_reading_clear (DcCpuReading *reading)
{
  g_clear_pointer (&reading->model, g_free);
  g_clear_pointer (&reading->soc, g_free);
}

/* "0x41", as cpuinfo writes the ids; FALSE for anything else. */
static gboolean
parse_hex (const char *text, guint64 max, guint64 *value)
{
  char *end = NULL;

  if (text == NULL || !g_str_has_prefix (text, "0x") || text[2] == '\0')
    return FALSE;
  *value = g_ascii_strtoull (text + 2, &end, 16);
  return *end == '\0' && *value <= max;
}

static const char *
arm_part_name (const char *implementer, const char *part)
{
  guint64 impl_value, part_value;

  if (!parse_hex (implementer, 0xff, &impl_value) || !parse_hex (part, 0xfff, &part_value))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (arm_parts); i++)
    {
      if (arm_parts[i].implementer == impl_value && arm_parts[i].part == part_value)
        return arm_parts[i].name;
    }
  return NULL;
}

/* "key\t: value" as cpuinfo writes it; FALSE for a line without a colon. */
static gboolean
split_line (char *line, char **key, char **value)
{
  char *colon = strchr (line, ':');

  if (colon == NULL)
    return FALSE;
  *colon = '\0';
  *key = g_strstrip (line);
  *value = g_strstrip (colon + 1);
  return TRUE;
}

static void
add_part (GPtrArray *parts, const char *name)
{
  if (name != NULL && !g_ptr_array_find_with_equal_func (parts, name, g_str_equal, NULL))
    g_ptr_array_add (parts, (gpointer)name);
}

/**
 * dc_cpu_parse_cpuinfo:
 * @cpuinfo: the contents of `/proc/cpuinfo`
 * @reading: (inout): where the model and the number of cores go
 *
 * The model is x86's "model name", or on arm64 the cores' names from their
 * part numbers ("Cortex-A55 + Cortex-A75" on a big.LITTLE SoC); the cores
 * are the "processor" entries.
 */
void
dc_cpu_parse_cpuinfo (GBytes *cpuinfo, DcCpuReading *reading)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *model_name = NULL;
  g_autofree char *implementer = NULL;
  g_auto (GStrv) lines = NULL;
  gsize size;
  const char *data = g_bytes_get_data (cpuinfo, &size);
  gint64 cores = 0;

  if (data == NULL || size == 0 || !g_utf8_validate (data, size, NULL))
    return;
  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *key, *value;

      if (!split_line (lines[i], &key, &value))
        continue;
      if (strcmp (key, "processor") == 0)
        cores++;
      else if (strcmp (key, "model name") == 0 && model_name == NULL && *value != '\0')
        model_name = g_strdup (value);
      else if (strcmp (key, "CPU implementer") == 0)
        {
          g_free (implementer);
          implementer = g_strdup (value);
        }
      else if (strcmp (key, "CPU part") == 0)
        add_part (parts, arm_part_name (implementer, value));
    }

  if (cores > 0)
    reading->cores = cores;
  g_clear_pointer (&reading->model, g_free);
  if (parts->len > 0)
    {
      g_ptr_array_add (parts, NULL);
      reading->model = g_strjoinv (" + ", (char **)parts->pdata);
    }
  else
    reading->model = g_steal_pointer (&model_name);
}

/**
 * dc_cpu_soc_from_compatible:
 * @compatible: the contents of `/proc/device-tree/compatible`
 *
 * The SoC, the last and least specific `compatible` entry
 * ("allwinner,sun50i-a64" on a PinePhone).
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL
 */
char *
dc_cpu_soc_from_compatible (GBytes *compatible)
{
  gsize size, start = 0, last_start = 0, last_length = 0;
  const char *data = g_bytes_get_data (compatible, &size);
  g_autofree char *entry = NULL;

  if (data == NULL)
    return NULL;
  /* Entries are NUL-separated: the last non-empty one. */
  for (gsize i = 0; i <= size; i++)
    {
      if (i < size && data[i] != '\0')
        continue;
      if (i > start)
        last_start = start, last_length = i - start;
      start = i + 1;
    }
  if (last_length == 0)
    return NULL;
  entry = g_strndup (data + last_start, last_length);
  if (!g_utf8_validate (entry, -1, NULL) || strchr (entry, ',') == NULL)
    return NULL;
  return g_steal_pointer (&entry);
}

static void
read_frequencies (const char *root, DcCpuReading *reading)
{
  g_autoptr (GPtrArray) policies = NULL;

  policies = dc_sysfs_list (root, "/sys/devices/system/cpu/cpufreq", "policy");
  for (guint i = 0; i < policies->len; i++)
    {
      const char *policy = g_ptr_array_index (policies, i);
      g_autofree char *max_path
        = g_build_filename ("/sys/devices/system/cpu/cpufreq", policy, "cpuinfo_max_freq", NULL);
      g_autofree char *cur_path
        = g_build_filename ("/sys/devices/system/cpu/cpufreq", policy, "scaling_cur_freq", NULL);
      g_autofree char *max_text = dc_sysfs_read_text (root, max_path);
      g_autofree char *cur_text = dc_sysfs_read_text (root, cur_path);
      gint64 khz;

      if (dc_sysfs_parse_int (max_text, 1, FREQUENCY_MAX_KHZ, &khz))
        reading->max_mhz = MAX (reading->max_mhz, khz / 1000);
      if (dc_sysfs_parse_int (cur_text, 1, FREQUENCY_MAX_KHZ, &khz))
        reading->current_mhz = MAX (reading->current_mhz, khz / 1000);
    }
}

static void
add_number (DcFinding *finding, const char *key, const char *label, gint64 value,
            DcFindingUnit unit)
{
  if (value > 0)
    dc_finding_add_integer (finding, key, label, value, unit);
  else
    dc_finding_add_unknown (finding, key, label);
}

/**
 * dc_cpu_evaluate:
 * @reading: the processor
 *
 * The "cpu" finding: ok when the processor could be identified, a
 * processor is not judged.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_cpu_evaluate (const DcCpuReading *reading)
{
  DcFinding *finding = dc_finding_new ("cpu", "cpu", _ ("Processor"));
  const char *model = reading->model != NULL ? reading->model : reading->soc;
  g_autofree char *summary = NULL;

  dc_finding_add_string (finding, "model", _ ("Model"), reading->model, NULL);
  dc_finding_add_string (finding, "soc", _ ("System on Chip"), reading->soc, NULL);
  add_number (finding, "cores", _ ("Cores"), reading->cores, DC_FINDING_UNIT_NONE);
  add_number (finding, "max_frequency_mhz", _ ("Top Speed"), reading->max_mhz,
              DC_FINDING_UNIT_MEGAHERTZ);
  add_number (finding, "current_frequency_mhz", _ ("Current Speed"), reading->current_mhz,
              DC_FINDING_UNIT_MEGAHERTZ);

  if (model != NULL && reading->cores > 0)
    /* Translators: %s is a processor, such as "Cortex-A53"; %d the number of its cores. */
    summary = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%s, %d core.", "%s, %d cores.", (gulong)reading->cores), model,
      (int)reading->cores);
  else if (reading->cores > 0)
    summary = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%d core.", "%d cores.", (gulong)reading->cores),
      (int)reading->cores);
  else if (model != NULL)
    /* Translators: %s is a processor, such as "Cortex-A53". */
    summary = g_strdup_printf (_ ("%s."), model);

  if (summary != NULL)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, summary, NULL);
  else
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                            _ ("The processor could not be identified."), NULL);
  return finding;
}

/**
 * dc_cpu_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full) (element-type DcFinding): the "cpu" finding
 */
GPtrArray *
dc_cpu_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  const char *root = dc_probe_context_get_root (context);
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (DcCpuReading) reading = { NULL, NULL, -1, -1, -1 };
  g_autoptr (GBytes) cpuinfo = NULL;
  g_autoptr (GBytes) compatible = NULL;

  cpuinfo = dc_sysroot_read (root, "/proc/cpuinfo", CPUINFO_MAX_SIZE, NULL);
  if (cpuinfo != NULL)
    dc_cpu_parse_cpuinfo (cpuinfo, &reading);
  compatible = dc_sysroot_read (root, "/proc/device-tree/compatible", COMPATIBLE_MAX_SIZE, NULL);
  if (compatible != NULL)
    reading.soc = dc_cpu_soc_from_compatible (compatible);
  read_frequencies (root, &reading);
  g_ptr_array_add (findings, dc_cpu_evaluate (&reading));
  return findings;
}
