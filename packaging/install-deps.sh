#!/bin/sh
# Installs the Debian 12 packages PrefStudio builds and runs with. Idempotent: installs only
# what is missing and prints nothing when everything is there. Run as root (or via sudo).
set -eu

PACKAGES="
  g++ cmake ninja-build pkg-config ccache git ca-certificates python3
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libgl-dev
  libtorch-dev libopenblas0-openmp libgloo-dev
  libopencv-dev libsqlite3-dev libsimdjson-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  xvfb xauth
"

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: missing packages:$missing; run this script as root" >&2
        exit 1
    fi
else
    SUDO=""
fi

echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
