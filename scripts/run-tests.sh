#!/usr/bin/env bash
# Set up everything the test suite needs and run it:
#   ruff check, ruff format --check, mypy, pytest (arguments are passed to pytest).
# Stops at the first failing step and exits non-zero; pytest collecting no tests counts
# as a failure. A throw-away PostgreSQL server is started for the run and removed after it
# (BQINSPECT_TEST_PG_URL points at it).
#
#   bash scripts/run-tests.sh [pytest args...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

banner() { printf '\n==> %s\n' "$*"; }
die() {
    printf 'run-tests: error: %s\n' "$*" >&2
    exit 1
}

banner "set-up (system packages, .venv, translations)"
bash "$root/scripts/setup.sh" --test

# ---- Throw-away PostgreSQL ------------------------------------------------------------------
banner "starting a throw-away PostgreSQL server"
pg_bin="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)"
pg_bin="${pg_bin%/initdb}"
[[ -n $pg_bin && -x $pg_bin/pg_ctl ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"

pg_dir="$(mktemp -d)"
pg_data="$pg_dir/data"
pg_port=$((20000 + RANDOM % 40000)) # only names the socket: the server listens on no TCP port

pg_started=0
cleanup() {
    local rc=$?
    if [[ $pg_started == 1 ]]; then
        pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# initdb refuses to run as root: run the server as the postgres user then.
as_pg=()
if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "there is no 'postgres' user (is the postgresql package installed?)"
    chown postgres:postgres "$pg_dir"
    as_pg=(runuser -u postgres --)
fi
chmod 700 "$pg_dir"
pg() { (cd "$pg_dir" && "${as_pg[@]}" "$@"); }

pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$pg_dir/initdb.log" 2>&1 ||
    { cat "$pg_dir/initdb.log" >&2; die "initdb failed"; }
cat >>"$pg_data/postgresql.conf" <<EOF

# throw-away test server
listen_addresses = ''
unix_socket_directories = '$pg_dir'
port = $pg_port
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
pg_started=1
pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_dir/server.log" -w -t 60 start >/dev/null ||
    { cat "$pg_dir/server.log" >&2; die "the PostgreSQL server did not start"; }
pg "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U postgres bqinspect_test ||
    die "could not create the test database"
export BQINSPECT_TEST_PG_URL="postgresql+psycopg://postgres@/bqinspect_test?host=$pg_dir&port=$pg_port"
echo "BQINSPECT_TEST_PG_URL=$BQINSPECT_TEST_PG_URL"

# ---- Checks and tests ---------------------------------------------------------------------
export QT_QPA_PLATFORM=offscreen

banner "ruff check"
.venv/bin/ruff check .

banner "ruff format --check"
.venv/bin/ruff format --check .

banner "mypy"
.venv/bin/mypy

banner "pytest -n ${BQINSPECT_TEST_WORKERS:-auto} $*"
rc=0
# One worker per core (BQINSPECT_TEST_WORKERS=0 runs in this process); each PostgreSQL test
# makes its own database, each test its own data directory, so the workers share nothing.
.venv/bin/python -m pytest -n "${BQINSPECT_TEST_WORKERS:-auto}" "$@" || rc=$?
if [[ $rc == 5 ]]; then
    echo "run-tests: pytest collected no tests: counted as a failure" >&2
fi
if [[ $rc != 0 ]]; then
    exit "$rc"
fi
banner "all checks and tests passed"
