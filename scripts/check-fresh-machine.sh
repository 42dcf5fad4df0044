#!/usr/bin/env bash
# Prove the README's two commands on a fresh machine: build a minimal root of a distribution
# (debootstrap --variant=minbase, only python3 added), clone this repository into it, run
#   bash scripts/run-app.sh     (no display there: it must fall back to the headless demo)
#   bash scripts/run-tests.sh   (the whole test suite, as CI runs it)
# inside it, and print one PASS / FAIL line for each with the time it took.
#
#   sudo bash scripts/check-fresh-machine.sh [debian12|ubuntu24.04 ...] [--keep]
#
# Needs root (debootstrap, chroot, mounts) and the distribution's package mirror; run it
# before resolving anything that changes set-up, dependencies or packaging. It tests the
# committed HEAD of this checkout (it clones it), not uncommitted changes. Logs and the root
# are kept under $BQINSPECT_FRESH_DIR (default /var/tmp); the root is removed unless --keep.
#
# Environment:
#   BQINSPECT_FRESH_DIR   where the minimal roots and logs go (default /var/tmp)
#   BQINSPECT_MIRROR      a package mirror to use instead of debootstrap's default
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keep=0
distros=()
for arg in "$@"; do
    case "$arg" in
        --keep) keep=1 ;;
        debian12 | ubuntu24.04) distros+=("$arg") ;;
        -h | --help)
            sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "check-fresh-machine: unknown argument: $arg (debian12, ubuntu24.04, --keep)" >&2
            exit 2
            ;;
    esac
done
((${#distros[@]})) || distros=(debian12)

die() {
    printf 'check-fresh-machine: error: %s\n' "$*" >&2
    exit 1
}
say() { printf 'check-fresh-machine: %s\n' "$*"; }

[[ $(id -u) == 0 ]] || die "needs root (debootstrap, chroot and mounts)"
command -v git >/dev/null || die "git is needed to clone the repository"

need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
ubuntu_key=/usr/share/keyrings/ubuntu-archive-keyring.gpg
for d in "${distros[@]}"; do
    if [[ $d == ubuntu* && ! -e $ubuntu_key ]] && apt-cache policy ubuntu-keyring 2>/dev/null | grep -q "Candidate: [^(]"; then
        need+=(ubuntu-keyring)
    fi
done
if ((${#need[@]})); then
    say "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -q update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "${need[@]}" >/dev/null
fi

base_dir="${BQINSPECT_FRESH_DIR:-/var/tmp}"
mkdir -p "$base_dir"

mounted=()
unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[$i]}" 2>/dev/null || true
    done
    mounted=()
}
trap unmount_all EXIT

bind() { # bind SRC DEST
    mkdir -p "$2"
    mount --rbind "$1" "$2"
    mount --make-rslave "$2"
    mounted+=("$2")
}

# Seconds as "M min S s".
human() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }

overall=0
for distro in "${distros[@]}"; do
    case "$distro" in
        debian12) suite=bookworm components=main keyring=/usr/share/keyrings/debian-archive-keyring.gpg ;;
        # universe as on an installed Ubuntu desktop (some Qt xcb libraries and age live there)
        ubuntu24.04) suite=noble components=main,universe keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg ;;
    esac
    work="$(mktemp -d "$base_dir/bqinspect-fresh-$distro-XXXXXX")"
    root="$work/root"
    log="$work/log"
    mkdir -p "$log"
    say "$distro: building a minimal root in $root (log: $log/debootstrap.log)"

    # Older debootstrap releases do not know every suite by name; Ubuntu's suites share one
    # script, whose default mirror is then used (or $BQINSPECT_MIRROR).
    if [[ -e $keyring ]]; then
        check=(--keyring="$keyring")
    else
        # Some hosts (Debian 12) no longer package Ubuntu's archive key. The root is a
        # throw-away for this check: its first packages come unverified, and the apt inside it
        # then verifies everything with the ubuntu-keyring those packages bring.
        say "warning: $keyring is missing here: bootstrapping $distro without signature checks"
        check=(--no-check-gpg)
    fi
    args=(--variant=minbase --include=python3 --components="$components" "${check[@]}" "$suite" "$root")
    script="/usr/share/debootstrap/scripts/$suite"
    if [[ ! -e $script && $distro == ubuntu* ]]; then
        script=/usr/share/debootstrap/scripts/gutsy
        mirror="${BQINSPECT_MIRROR:-$(sed -n 's/^default_mirror //p' "$script" | head -n 1)}"
        args+=("$mirror" "$script")
    elif [[ -n ${BQINSPECT_MIRROR:-} ]]; then
        args+=("$BQINSPECT_MIRROR")
    fi
    start=$SECONDS
    if ! debootstrap "${args[@]}" >"$log/debootstrap.log" 2>&1; then
        tail -n 20 "$log/debootstrap.log" >&2
        die "$distro: debootstrap failed (see $log/debootstrap.log)"
    fi
    say "$distro: minimal root ready in $(human $((SECONDS - start)))"

    if [[ $distro == ubuntu* ]]; then
        # debootstrap writes only the release pocket; an installed Ubuntu also has -updates
        # and -security, which carry the versions its other packages depend on.
        mirror_url="$(awk '/^deb /{print $2; exit}' "$root/etc/apt/sources.list")"
        comps="${components//,/ }"
        printf 'deb %s %s %s\n' "$mirror_url" "$suite-updates" "$comps" "$mirror_url" "$suite-security" "$comps" \
            >>"$root/etc/apt/sources.list"
    fi
    # No service may start inside the root (as in a container); name resolution as on the host.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    # The root reaches the package indexes the way this machine does: through the same proxy
    # settings, trusting the same certificate authorities (a network that inspects TLS has its
    # own). Nothing else of this machine's Python or pip set-up is carried over.
    host_ca=""
    for f in "${PIP_CERT:-}" "${SSL_CERT_FILE:-}" /etc/ssl/certs/ca-certificates.crt; do
        if [[ -n $f && -f $f ]]; then
            host_ca="$f"
            break
        fi
    done
    pass_env=()
    if [[ -n $host_ca ]]; then
        cp -L "$host_ca" "$root/etc/host-ca-certificates.crt"
        pass_env+=(PIP_CERT=/etc/host-ca-certificates.crt SSL_CERT_FILE=/etc/host-ca-certificates.crt
            REQUESTS_CA_BUNDLE=/etc/host-ca-certificates.crt)
    fi
    for var in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY PIP_INDEX_URL; do
        [[ -n ${!var:-} ]] && pass_env+=("$var=${!var}")
    done
    bind /proc "$root/proc"
    bind /sys "$root/sys"
    bind /dev "$root/dev"

    mkdir -p "$root/src"
    git clone --quiet --no-hardlinks "$repo" "$root/src/bqinspect"
    say "$distro: cloned $(git -C "$repo" rev-parse --short HEAD) into /src/bqinspect"

    in_root() {
        chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb "${pass_env[@]}" \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            /bin/bash -c "cd /src/bqinspect && $1"
    }

    for cmd in "bash scripts/run-app.sh" "bash scripts/run-tests.sh"; do
        name="${cmd#bash scripts/}"
        name="${name%.sh}"
        start=$SECONDS
        if in_root "$cmd" </dev/null >"$log/$name.log" 2>&1; then
            result=PASS
        else
            result=FAIL
            overall=1
        fi
        printf '%s %-11s %-9s %s  (log: %s)\n' "$result" "$distro" "$name" "$(human $((SECONDS - start)))" "$log/$name.log"
    done

    unmount_all
    if [[ $keep == 0 ]]; then
        rm -rf --one-file-system "$root"
    fi
done
exit "$overall"
