# shellcheck shell=bash
# Shared by build-aux/demo and build-aux/test: the packages Device Care needs on Debian 12, and the
# build directory they share. Sourced, not run.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsqlite3-dev libsecret-1-dev libshumate-dev libportal-gtk4-dev desktop-file-utils appstream
  adwaita-icon-theme fonts-cantarell
)
TEST_PACKAGES=(xvfb xauth xdotool dbus dbus-x11 at-spi2-core python3-pyatspi python3-dbusmock
  prosody python3-slixmpp gnome-keyring)

# Installs what is missing (as root), or says the one apt command to run.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Device Care needs packages that are not installed. Run:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
}

# meson setup once, reconfigure when options change; the prefix is inside the build directory so
# `meson install` needs no root and the demo runs the installed app with its translations.
setup_build() {
  local builddir=$1
  shift
  if [ -f "$builddir/build.ninja" ]; then
    meson configure "$builddir" "$@" >/dev/null
  else
    meson setup "$builddir" --prefix "$builddir/prefix" "$@" >/dev/null
  fi
  meson compile -C "$builddir" >/dev/null || meson compile -C "$builddir"
}
