#!/usr/bin/env bash
# Set up everything the app needs and start it:
#   bash scripts/run-app.sh [bqinspect args...]
# With a display ($DISPLAY or $WAYLAND_DISPLAY) this opens the window (the app makes a demo
# workspace on its first start). Without one it says so and runs the headless demo instead.
set -euo pipefail

# The bqinspect command run when there is no display (global options given to this script,
# such as --data-dir, go before it).
HEADLESS_DEMO=(demo --tour)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"

# A demo workspace of its own, so trying the app never touches real data; give --data-dir
# (or set BQINSPECT_HOME) to work in another data directory.
demo_home="${BQINSPECT_HOME:-$root/.demo-data}"

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    exec "$root/.venv/bin/bqinspect" --data-dir "$demo_home" --demo "$@"
fi

echo "No display found (DISPLAY and WAYLAND_DISPLAY are empty): running the headless demo (bqinspect ${HEADLESS_DEMO[*]}) instead of the window."
export QT_QPA_PLATFORM=offscreen
exec "$root/.venv/bin/bqinspect" --data-dir "$demo_home" "$@" "${HEADLESS_DEMO[@]}"
