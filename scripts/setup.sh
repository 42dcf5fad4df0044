#!/usr/bin/env bash
# Set up everything bqinspect needs on a Debian 12 machine: system packages, a virtual
# environment in .venv with the project installed (editable), compiled Qt translations.
#
# Idempotent, and fast when everything is already there. Called by scripts/run-app.sh and
# scripts/run-tests.sh; can also be run on its own (or sourced, then `bqinspect_setup [--test]`):
#
#   bash scripts/setup.sh          # what the app needs
#   bash scripts/setup.sh --test   # ... plus what the test suite needs
#
# Environment:
#   BQINSPECT_SETUP_TEST=1   same as --test
#   BQINSPECT_PYTHON=...     the Python to build .venv from (default: python3; must be >= 3.11)

# Runs in a subshell so that sourcing this file does not change the caller's shell options
# or directory; its exit status is the function's.
bqinspect_setup() (
    set -euo pipefail

    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cd "$root"

    local with_test="${BQINSPECT_SETUP_TEST:-0}"
    local arg
    for arg in "$@"; do
        case "$arg" in
            --test) with_test=1 ;;
            -h | --help)
                sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
                return 0
                ;;
            *)
                echo "setup: unknown argument: $arg" >&2
                return 2
                ;;
        esac
    done

    say() { printf 'setup: %s\n' "$*"; }
    die() {
        printf 'setup: error: %s\n' "$*" >&2
        exit 1
    }

    # One set-up at a time in this tree (two commands started together would otherwise
    # race on apt and pip). The lock is held on this very file, so no lock file is left.
    if command -v flock >/dev/null 2>&1; then
        exec 9<"${BASH_SOURCE[0]}"
        flock 9
    fi

    # ---- Python -------------------------------------------------------------------------
    local python="${BQINSPECT_PYTHON:-python3}"
    command -v "$python" >/dev/null 2>&1 ||
        die "'$python' not found. Install Python 3.11 or newer (on Debian 12: apt-get install python3)."
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "$("$python" --version 2>&1) is too old: bqinspect needs Python 3.11 or newer."

    local venv="$root/.venv"
    local need_venv=0
    if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        need_venv=1
    fi

    # ---- System packages ----------------------------------------------------------------
    # Qt's own system libraries (PySide6 wheels bundle Qt but not these): offscreen needs
    # EGL/GL, fontconfig, xkbcommon, dbus, glib; a real X11 display needs the xcb set, a
    # Wayland session the wayland client libraries, and printing to a real printer libcups.
    local -a pkgs=(
        libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
        libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxext6 libxrender1 libice6 libsm6
        libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
        libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
        libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
        libwayland-client0 libwayland-cursor0 libwayland-egl1 libcups2
    )
    # Without ensurepip (Debian's python3-venv) `python3 -m venv` cannot make a venv with pip.
    if [[ $need_venv == 1 ]] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        pkgs+=(python3-venv)
    fi
    if [[ $with_test == 1 ]]; then
        # pdftotext/pdftoppm, the age CLI, a PostgreSQL server, .desktop and AppStream
        # validators, a virtual X display for tests that want a real window; PyInstaller
        # (the bundle test) needs objdump from binutils; bench/photos.py measures ingest
        # against libjpeg-turbo's own djpeg.
        pkgs+=(poppler-utils age postgresql desktop-file-utils appstream xvfb xauth binutils
            libjpeg-turbo-progs)
        # ... and the shared library of the Python it bundles. A distribution's own Python
        # ships it as a separate package (libpython3.11 on Debian 12, libpython3.12 on
        # Ubuntu 24.04); a Python built by hand with --enable-shared has it already.
        local pyver ldlib libdir
        read -r pyver ldlib libdir < <("$python" -c 'import sys, sysconfig
print(f"{sys.version_info[0]}.{sys.version_info[1]}", sysconfig.get_config_var("LDLIBRARY") or "-",
      sysconfig.get_config_var("LIBDIR") or "-")')
        if [[ $(readlink -f "$(command -v "$python")") == /usr/bin/* ]]; then
            pkgs+=("libpython$pyver")
        elif [[ $ldlib != *.so* && ! -e $libdir/libpython$pyver.so.1.0 ]]; then
            say "warning: $python has no shared libpython$pyver; the bundle test (PyInstaller) will fail"
        fi
    fi

    if command -v dpkg-query >/dev/null 2>&1; then
        local -a missing=()
        local pkg status
        for pkg in "${pkgs[@]}"; do
            status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
            [[ $status == ii* ]] || missing+=("$pkg")
        done
        if ((${#missing[@]})); then
            if [[ $(id -u) != 0 ]]; then
                die "missing system packages; install them as root, then run this again:
    apt-get update && apt-get install -y ${missing[*]}"
            fi
            say "installing system packages: ${missing[*]}"
            export DEBIAN_FRONTEND=noninteractive
            # The tests start a throw-away PostgreSQL server of their own: tell Debian's
            # postgresql-common not to create (and start) the system's "main" cluster. The
            # setting only matters before the first install; --force-confold keeps it.
            if [[ " ${missing[*]} " == *" postgresql "* && ! -e /etc/postgresql-common/createcluster.conf ]]; then
                mkdir -p /etc/postgresql-common
                printf '%s\n' "# Written by bqinspect's set-up: no default cluster (the tests run their own)." \
                    "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
            fi
            local -a apt=(apt-get -q -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
            "${apt[@]}" update || die "apt-get update failed"
            "${apt[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null ||
                die "apt-get install failed for: ${missing[*]}"
        fi
    else
        say "warning: not a Debian system (no dpkg-query); make sure the equivalents of these are installed: ${pkgs[*]}"
    fi

    # ---- Virtual environment --------------------------------------------------------------
    if [[ $need_venv == 1 ]]; then
        say "creating .venv with $("$python" --version 2>&1)"
        rm -rf "$venv"
        if ! "$python" -m venv "$venv"; then
            rm -rf "$venv"
            die "'$python -m venv' failed (on Debian: apt-get install python3-venv)"
        fi
        # The pip that venv bundles can be old (Debian 12's is 23.0): bring it up to date.
        "$venv/bin/python" -m pip install --quiet --upgrade pip </dev/null ||
            die "could not upgrade pip in .venv"
    fi

    # Reinstall only when pyproject.toml changed since the last install (or the test extras
    # are wanted and were not installed). The stamp lives inside .venv, so a new venv has none.
    local stamp="$venv/.bqinspect-install-stamp"
    local want_sha have_sha="" have_extras=""
    want_sha="$("$venv/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' pyproject.toml)"
    if [[ -f $stamp ]]; then
        read -r have_sha have_extras <"$stamp" || true
    fi
    # Once the test extras are in .venv they stay in on later reinstalls.
    local extras=""
    if [[ $with_test == 1 || $have_extras == test ]]; then
        extras="test"
    fi
    local spec=".[gui${extras:+,$extras}]"
    if [[ $have_sha != "$want_sha" || $have_extras != "$extras" ]]; then
        say "installing bqinspect and its Python dependencies into .venv (pip install -e '$spec'; the first time takes a few minutes)"
        rm -f "$stamp"
        "$venv/bin/python" -m pip install --progress-bar off -e "$spec" </dev/null ||
            die "pip install -e '$spec' failed"
        printf '%s %s\n' "$want_sha" "$extras" >"$stamp"
    fi

    # ---- Qt translations ----------------------------------------------------------------
    local ts qm
    for ts in resources/translations/*.ts; do
        [[ -e $ts ]] || continue
        qm="${ts%.ts}.qm"
        if [[ ! -e $qm || $ts -nt $qm ]]; then
            say "compiling $ts"
            "$venv/bin/pyside6-lrelease" -silent "$ts" -qm "$qm" || die "pyside6-lrelease failed on $ts"
        fi
    done

    say "ready (.venv: $("$venv/bin/python" --version 2>&1))"
)

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    bqinspect_setup "$@"
fi
