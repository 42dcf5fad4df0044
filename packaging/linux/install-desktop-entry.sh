#!/usr/bin/env bash
# Install bqinspect's menu entry and icon for the current user (no root needed):
#
#   bash packaging/linux/install-desktop-entry.sh [--exec COMMAND] [--uninstall]
#
# COMMAND is what the menu entry starts: by default the bundle next to this script's
# repository (dist/bqinspect/bqinspect) if it was built, else .venv/bin/bqinspect, else
# `bqinspect` on the PATH. Files go under ${XDG_DATA_HOME:-~/.local/share}: the desktop entry
# in applications/, the icon in icons/hicolor/{256x256,scalable}/apps/. The installed entry is
# checked with desktop-file-validate when that tool is there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app_id=io.github.bqinspect
exec_cmd=""
uninstall=0
while (($#)); do
    case "$1" in
        --exec)
            exec_cmd="${2:?--exec needs a command}"
            shift 2
            ;;
        --uninstall)
            uninstall=1
            shift
            ;;
        -h | --help)
            sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "install-desktop-entry: unknown argument: $1" >&2
            exit 2
            ;;
    esac
done

data="${XDG_DATA_HOME:-$HOME/.local/share}"
entry="$data/applications/$app_id.desktop"
png="$data/icons/hicolor/256x256/apps/$app_id.png"
svg="$data/icons/hicolor/scalable/apps/$app_id.svg"

if [[ $uninstall == 1 ]]; then
    rm -f "$entry" "$png" "$svg"
    echo "removed $entry and the icons"
    exit 0
fi

if [[ -z $exec_cmd ]]; then
    if [[ -x $root/dist/bqinspect/bqinspect ]]; then
        exec_cmd="$root/dist/bqinspect/bqinspect"
    elif [[ -x $root/.venv/bin/bqinspect ]]; then
        exec_cmd="$root/.venv/bin/bqinspect"
    else
        exec_cmd=bqinspect
    fi
fi
# The desktop entry spec wants reserved characters in Exec quoted; a path with spaces is.
case "$exec_cmd" in
    *[[:space:]]*) exec_line="\"$exec_cmd\"" ;;
    *) exec_line="$exec_cmd" ;;
esac

mkdir -p "$(dirname "$entry")" "$(dirname "$png")" "$(dirname "$svg")"
sed "s|^Exec=.*|Exec=$exec_line|" "$here/$app_id.desktop" >"$entry.tmp"
mv "$entry.tmp" "$entry"
install -m 0644 "$root/resources/icons/bqinspect.png" "$png"
install -m 0644 "$root/resources/icons/bqinspect.svg" "$svg"

if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$entry"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "installed $entry (Exec=$exec_line) and the icon"
