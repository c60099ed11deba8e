#!/usr/bin/env bash
# `meson install` into the build tree's prefix yields a working app: everything in its place, the
# tool answers in German, the app starts from the installed files alone.
#
#   test-install.sh MESON BUILD_ROOT PREFIX SOURCE_ROOT
set -euo pipefail
meson=$1 build=$2 prefix=$3 src=$4
id=io.github.devicecare.DeviceCare

case "$prefix" in
  "$build"/*) ;;
  *) echo "the prefix $prefix is outside the build tree: not installing there"; exit 77 ;;
esac
rm -rf "$prefix"
"$meson" install -C "$build" --no-rebuild --quiet >/dev/null

missing=0
for file in bin/device-care bin/device-care-tool share/applications/$id.desktop \
  share/metainfo/$id.metainfo.xml share/dbus-1/services/$id.service \
  share/glib-2.0/schemas/$id.gschema.xml share/glib-2.0/schemas/gschemas.compiled \
  share/icons/hicolor/scalable/apps/$id.svg share/icons/hicolor/symbolic/apps/$id-symbolic.svg \
  share/device-care/vendor.conf \
  share/locale/{de,es,fr,it}/LC_MESSAGES/device-care.mo; do
  [ -e "$prefix/$file" ] || { echo "not installed: $file"; missing=1; }
done
[ $missing = 0 ] || exit 1

grep -qx "Exec=$prefix/bin/device-care --gapplication-service" \
  "$prefix/share/dbus-1/services/$id.service" || { echo "the D-Bus service runs the wrong binary"; exit 1; }

# Translations are found where they were installed.
LC_ALL=C.UTF-8 LANGUAGE=de "$prefix/bin/device-care-tool" --help | grep -q "Befehle" \
  || { echo "the installed tool does not speak German"; exit 1; }

DEVICE_CARE_ROOT=$src/tests/data/device/pinephone "$prefix/bin/device-care-tool" identity \
  | grep -q '"source" *: *"device-tree"' || { echo "the installed tool cannot read a device"; exit 1; }

# The app with nothing from the build tree: it must still be running after 3 s, having said no
# warning (G_DEBUG makes any warning fatal).
status=0
env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$prefix/share:/usr/share" \
  G_DEBUG=fatal-warnings timeout 3 "$prefix/bin/device-care" || status=$?
[ $status = 124 ] || { echo "the installed app exited with $status instead of running"; exit 1; }
echo "installed into $prefix and ran"
