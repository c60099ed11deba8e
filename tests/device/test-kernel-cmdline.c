/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-kernel-cmdline-private.h"

static void
assert_serialno (const char *cmdline, const char *expected)
{
  g_autoptr (GBytes) bytes = g_bytes_new (cmdline, strlen (cmdline));
  g_autofree char *value = dc_kernel_cmdline_get (bytes, "androidboot.serialno");

  g_assert_cmpstr (value, ==, expected);
}

static void
test_found (void)
{
  assert_serialno ("console=ttyMSM0 androidboot.serialno=a1b2c3d4 quiet\n", "a1b2c3d4");
  /* First and last argument, with and without the trailing newline. */
  assert_serialno ("androidboot.serialno=93EAFAKE0042 rw", "93EAFAKE0042");
  assert_serialno ("rw androidboot.serialno=93EAFAKE0042\n", "93EAFAKE0042");
  assert_serialno ("rw\tandroidboot.serialno=93EAFAKE0042", "93EAFAKE0042");
}

static void
test_last_wins (void)
{
  /* The boot image's built-in line first, then what the bootloader added. */
  assert_serialno ("androidboot.serialno=0123 rw androidboot.serialno=a1b2c3d4\n", "a1b2c3d4");
}

static void
test_quotes (void)
{
  assert_serialno ("quiet androidboot.serialno=\"ab cd\" rw", "ab cd");
  assert_serialno ("dyndbg=\"file x.c +p\" androidboot.serialno=a1b2 rw", "a1b2");
  assert_serialno ("foo=\"androidboot.serialno=inside\" rw", NULL);
}

static void
test_absent (void)
{
  assert_serialno ("", NULL);
  assert_serialno ("\n", NULL);
  assert_serialno ("root=/dev/sda1 rw quiet splash\n", NULL);
  /* Other arguments that merely contain the name. */
  assert_serialno ("xandroidboot.serialno=1 androidboot.serialnumber=2", NULL);
  assert_serialno ("androidboot.serialno androidboot.serialno=", NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernel-cmdline/found", test_found);
  g_test_add_func ("/kernel-cmdline/last-wins", test_last_wins);
  g_test_add_func ("/kernel-cmdline/quotes", test_quotes);
  g_test_add_func ("/kernel-cmdline/absent", test_absent);

  return g_test_run ();
}
