/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "dc-firmware-string-private.h"

static char *
clean (const char *data, gsize size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);

  return dc_firmware_string_from_bytes (bytes);
}

static void
assert_clean (const char *data, gsize size, const char *expected)
{
  g_autofree char *value = clean (data, size);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_from_bytes (void)
{
  /* A device-tree string, NUL-terminated. */
  assert_clean ("Pine64 PinePhone (1.2)\0", 23, "Pine64 PinePhone (1.2)");
  /* A string list: the first, most specific entry. */
  assert_clean ("oneplus,enchilada\0qcom,sdm845\0", 30, "oneplus,enchilada");
  /* A sysfs attribute with its newline, and padding firmware leaves. */
  assert_clean ("  FRANFAKE0TEST00042  \n", 23, "FRANFAKE0TEST00042");
  /* Nothing a person could read. */
  assert_clean ("", 0, NULL);
  assert_clean ("\0\0\0", 3, NULL);
  assert_clean (" \n", 2, NULL);
  assert_clean ("\xff\xfe\x80", 3, NULL);
  assert_clean ("AB\x01"
                "CD",
                5, NULL);
  assert_clean ("AB\tCD", 5, NULL);

  g_assert_null (dc_firmware_string_from_bytes (NULL));
}

static void
test_placeholders (void)
{
  static const char *const junk[] = {
    "To be filled by O.E.M.",
    "To Be Filled By O.E.M.",
    "Default string",
    "DEFAULT STRING",
    "System Serial Number",
    "System Product Name",
    "System manufacturer",
    "Not Specified",
    "None",
    "N/A",
    "0",
    "0123456789",
    "00000000",
    "00000000-0000-0000-0000-000000000000",
    "FFFFFFFFFFFF",
    "Type1ProductConfigId",
    "",
    NULL,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      if (!dc_firmware_string_is_placeholder (junk[i]))
        g_error ("“%s” should be a placeholder", junk[i]);
    }
}

/* Real values from the fixtures and from devices in the field must pass,
 * including ones that merely start or end with zeros. */
static void
test_real_values (void)
{
  static const char *const real[] = {
    "deadbeef00c0ffee",
    "0BADC0DE12345678",
    "3735928559",
    "FRANFAKE0TEST00042",
    "OnePlus 6",
    "Pine64 PinePhone (1.2)",
    "Laptop (12th Gen Intel Core)",
    "PRIME B450M-A",
    "10",
    "0000001",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (real); i++)
    {
      if (dc_firmware_string_is_placeholder (real[i]))
        g_error ("“%s” is a real value, not a placeholder", real[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/firmware-string/from-bytes", test_from_bytes);
  g_test_add_func ("/firmware-string/placeholders", test_placeholders);
  g_test_add_func ("/firmware-string/real-values", test_real_values);

  return g_test_run ();
}
