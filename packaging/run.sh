#!/bin/sh
# The README's two commands:
#   packaging/run.sh studio [PROJECT]  install what is missing, build, open the studio
#                                      (on the demo project unless PROJECT is given)
#   packaging/run.sh test              install what is missing, build, run every test
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ "${1:-}" = "test" ]; then
    "$ROOT/packaging/install-deps.sh" --tests
else
    "$ROOT/packaging/install-deps.sh"
fi

case "${1:-}" in
studio)
    cmake --preset release >/dev/null
    cmake --build --preset release -j"$(nproc)" --target prefstudio prefstudio-cli
    PROJECT=${2:-"$HOME/PrefStudio/demo"}
    if [ ! -f "$PROJECT/project.sqlite" ]; then
        "$ROOT/build/release/app/prefstudio-cli" demo "$PROJECT"
    fi
    exec "$ROOT/build/release/app/prefstudio" "$PROJECT"
    ;;
test)
    cmake --preset ci >/dev/null
    cmake --build --preset ci -j"$(nproc)"
    ctest --preset ci -j"$(nproc)"
    ;;
*)
    echo "usage: packaging/run.sh studio [PROJECT] | packaging/run.sh test" >&2
    exit 2
    ;;
esac
