/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-storage-probe-private.h"

#define GB (G_GUINT64_CONSTANT (1000000000))

static GPtrArray *
parse (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  return dc_storage_parse_mounts (bytes);
}

static const char *
mount_point (GPtrArray *mounts, guint i)
{
  return ((DcMount *)g_ptr_array_index (mounts, i))->mount_point;
}

static void
test_real_mounts (void)
{
  g_autoptr (GPtrArray) mounts
    = parse ("/dev/nvme0n1p2 / ext4 rw,relatime 0 0\n"
             "proc /proc proc rw,nosuid 0 0\n"
             "tmpfs /run tmpfs rw,nosuid,nodev 0 0\n"
             "/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077 0 0\n"
             "/dev/loop3 /snap/core22/864 squashfs ro,nodev,relatime 0 0\n"
             "nas:/export /mnt/nas nfs4 rw,relatime 0 0\n"
             "/dev/sdb1 /media/USB\\040Stick exfat rw,nosuid 0 0\n"
             "/dev/sdc1 /mnt/recovery ext4 ro,relatime 0 0\n");

  /* Disks only: not the kernel's, not memory, not images, not the network, not read-only. */
  g_assert_cmpuint (mounts->len, ==, 3);
  g_assert_cmpstr (mount_point (mounts, 0), ==, "/");
  g_assert_cmpstr (((DcMount *)g_ptr_array_index (mounts, 0))->type, ==, "ext4");
  g_assert_cmpstr (mount_point (mounts, 1), ==, "/boot/efi");
  /* The kernel escapes the space. */
  g_assert_cmpstr (mount_point (mounts, 2), ==, "/media/USB Stick");
}

static void
test_one_disk_once (void)
{
  g_autoptr (GPtrArray) mounts
    = parse ("/dev/sda2 / btrfs rw,subvol=/@ 0 0\n/dev/sda2 /home btrfs rw,subvol=/@home 0 0\n");

  /* A btrfs volume mounted twice is one disk, counted at its first mount point. */
  g_assert_cmpuint (mounts->len, ==, 1);
  g_assert_cmpstr (mount_point (mounts, 0), ==, "/");
}

static void
test_garbage (void)
{
  g_autoptr (GPtrArray) empty = parse ("");
  g_autoptr (GPtrArray) garbage = parse ("this is not a mount table\n\\\\\\ / \nrelative ext4\n");

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (garbage->len, ==, 0);
}

static DcFindingStatus
status_at (guint64 used, guint64 available)
{
  DcMount mount = { (char *)"/dev/mmcblk2p2", (char *)"/", (char *)"ext4" };
  g_autoptr (DcFinding) finding
    = dc_storage_evaluate (&mount, used + available, available, used, dc_thresholds_get_default ());

  return dc_finding_get_status (finding);
}

static void
test_thresholds (void)
{
  /* Above 90 % used is a warning, above 98 % critical. */
  g_assert_cmpint (status_at (90 * GB, 10 * GB), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpint (status_at (91 * GB, 9 * GB), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (status_at (98 * GB, 2 * GB), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (status_at (99 * GB, 1 * GB), ==, DC_FINDING_STATUS_CRITICAL);
  /* A file system that reports no size is not judged. */
  g_assert_cmpint (status_at (0, 0), ==, DC_FINDING_STATUS_UNKNOWN);
}

static void
test_values (void)
{
  DcMount mount = { (char *)"/dev/sda1", (char *)"/home", (char *)"ext4" };
  g_autoptr (DcFinding) finding = NULL;

  /* 5 % reserved for root: used counts as df counts it, 60 ÷ (60 + 35). */
  finding = dc_storage_evaluate (&mount, 100 * GB, 35 * GB, 60 * GB, dc_thresholds_get_default ());
  g_assert_cmpstr (dc_finding_get_id (finding), ==, "storage:/home");
  g_assert_cmpstr (dc_finding_get_category (finding), ==, "storage");
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "total_bytes")), ==, 100 * GB);
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "free_bytes")), ==, 35 * GB);
  g_assert_cmpfloat_with_epsilon (
    json_node_get_double (dc_finding_get_value (finding, "used_percent")), 63.2, 1e-9);
  g_assert_nonnull (strstr (dc_finding_get_summary (finding), "35.0"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/storage/real-mounts", test_real_mounts);
  g_test_add_func ("/storage/one-disk-once", test_one_disk_once);
  g_test_add_func ("/storage/garbage", test_garbage);
  g_test_add_func ("/storage/thresholds", test_thresholds);
  g_test_add_func ("/storage/values", test_values);

  return g_test_run ();
}
