#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests (issue 18): Debian's PostgreSQL, the highest
# version installed under /usr/lib/postgresql (the `postgresql` package is installed with
# apt-get when there is none).
#
#   tests/pg/cluster.sh start DIR         a new cluster in DIR (absent or empty), started;
#                                         prints one line on stdout, the URL for
#                                         `markt --db` and libpq:
#                                             postgresql:///markt?host=SOCKET_DIR&user=markt
#   tests/pg/cluster.sh stop DIR          stops it (immediate) and removes DIR
#   tests/pg/cluster.sh psql DIR [ARGS]   psql into its database `markt` as `markt`
#   tests/pg/cluster.sh url DIR           prints the connection string again
#
# The cluster: trust authentication, UTF8, locale C.UTF-8 (MARKT_PG_LOCALE overrides it,
# e.g. nl_NL.UTF-8 to prove that nothing depends on the database's collation), no TCP at
# all (listen_addresses = ''), a unix socket in DIR, fsync off, time zone UTC. The role
# `markt` is a superuser and owns the database `markt` (tests may create more databases).
#
# Layout: DIR/data (the cluster), DIR/server.log, the socket DIR/.s.PGSQL.5432. A socket
# path is limited to 107 bytes; when DIR is too long for it, the socket goes to a short
# folder /tmp/markt-pg.XXXXXX instead (named in DIR/socket_dir, removed by `stop`).
#
# As root the server runs as the user `postgres` (initdb refuses root): DIR is made
# postgres's, and every folder above DIR must let postgres through.
set -euo pipefail

PORT=5432
MARKER=.markt-test-cluster

die() {
    printf 'cluster.sh: %s\n' "$*" >&2
    exit 1
}

usage() {
    die "usage: $0 start DIR | stop DIR | psql DIR [psql arguments] | url DIR"
}

# The bin folder of the highest installed PostgreSQL (or of version $1 when given and
# installed), or nothing.
find_bin() {
    local want="${1:-}" dir
    if [ -n "$want" ] && [ -x "/usr/lib/postgresql/$want/bin/postgres" ]; then
        echo "/usr/lib/postgresql/$want/bin"
        return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"
            return
        fi
    done
}

# Installs Debian's `postgresql` package, as ./dev's need_packages does.
install_postgresql() {
    command -v apt-get >/dev/null || die "no PostgreSQL server found: please install PostgreSQL (Debian: postgresql)"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    printf '==> installing postgresql\n' >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
}

need_bin() {
    BIN=$(find_bin "${1:-}")
    if [ -z "$BIN" ]; then
        install_postgresql
        BIN=$(find_bin)
        [ -n "$BIN" ] || die "the postgresql package left no server under /usr/lib/postgresql/*/bin"
    fi
}

# Runs a server program: as `postgres` when we are root, from / (postgres may not enter the
# current folder).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# DIR as an absolute path.
absolute() {
    local d="$1"
    case "$d" in
        /*) ;;
        *) d="$PWD/$d" ;;
    esac
    realpath -m -- "$d"
}

# en_US.UTF-8 and en_US.utf8 are one locale.
normalize_locale() {
    tr '[:upper:]' '[:lower:]' | sed 's/utf-8$/utf8/'
}

socket_dir_of() {
    local dir="$1"
    if [ -f "$dir/socket_dir" ]; then
        cat "$dir/socket_dir"
    else
        echo "$dir"
    fi
}

# The URL `--db` and MARKTKANTOOR_DB take: the socket's folder as the `host` parameter.
conninfo() {
    local sock="$1"
    case "$sock" in
        *[[:space:]]* | *[\&?#%]*) die "the socket folder $sock holds a character a URL would need escaped" ;;
        *) printf 'postgresql:///markt?host=%s&user=markt\n' "$sock" ;;
    esac
}

is_ours() {
    [ -f "$1/$MARKER" ] && [ -f "$1/data/PG_VERSION" ]
}

start() {
    local dir sock short="" pid_started=""
    dir=$(absolute "$1")
    case "$dir" in
        *[,\'\"\\]* | *$'\n'*) die "DIR may not hold a comma, a quote, a backslash or a newline: $dir" ;;
    esac
    [ "$dir" != "/" ] || die "DIR may not be /"
    if [ -e "$dir" ]; then
        [ -d "$dir" ] || die "$dir exists and is not a folder"
        [ -z "$(ls -A "$dir")" ] || die "$dir is not empty (stop the cluster in it first, or choose another folder)"
    fi

    need_bin
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root, but there is no user postgres to run the server as"
    fi

    # The socket: DIR/.s.PGSQL.5432 (and its .lock) must fit in 107 bytes.
    local sock_len
    sock_len=$(printf '%s/.s.PGSQL.%s.lock' "$dir" "$PORT" | wc -c)
    mkdir -p "$dir"
    if [ "$sock_len" -gt 107 ]; then
        short=$(mktemp -d /tmp/markt-pg.XXXXXX)
        sock="$short"
        printf '%s\n' "$short" >"$dir/socket_dir"
    else
        sock="$dir"
    fi
    touch "$dir/$MARKER"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres:postgres "$dir"
        [ -z "$short" ] || chown postgres:postgres "$short"
        as_owner test -w "$dir" -a -x "$dir" \
            || { rm -rf "$dir"; [ -z "$short" ] || rm -rf "$short"; die "the user postgres cannot reach $dir (a folder above it is closed to it): choose a folder under /tmp"; }
    fi

    # From here on a failure stops what was started and removes the cluster.
    fail() {
        printf 'cluster.sh: %s\n' "$*" >&2
        local f
        for f in "$dir/initdb.log" "$dir/server.log" "$dir/setup.log"; do
            [ -f "$f" ] && { printf -- '--- %s\n' "$f" >&2; tail -n 30 "$f" >&2; }
        done
        if [ -n "$pid_started" ]; then
            as_owner "$BIN/pg_ctl" -D "$dir/data" stop -m immediate -w >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
        [ -z "$short" ] || rm -rf "$short"
        exit 1
    }

    # C.UTF-8 when the system has it (glibc 2.35+ always does), else C.
    local locale="${MARKT_PG_LOCALE:-C.UTF-8}"
    if [ "$locale" != C ] && ! locale -a 2>/dev/null | normalize_locale | grep -qxF "$(printf '%s\n' "$locale" | normalize_locale)"; then
        [ -z "${MARKT_PG_LOCALE:-}" ] || fail "locale $locale is not installed"
        locale=C
    fi

    as_owner "$BIN/initdb" -D "$dir/data" --username=postgres --auth=trust --encoding=UTF8 \
        --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1 || fail "initdb failed"

    # The server's settings: a unix socket only, nothing durable.
    cat >>"$dir/data/postgresql.conf" <<EOF

# tests/pg/cluster.sh: a throwaway cluster for tests
listen_addresses = ''
port = $PORT
unix_socket_directories = '$sock'
unix_socket_permissions = 0777
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
log_timezone = 'UTC'
datestyle = 'iso, ymd'
max_connections = 200
EOF

    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1 \
        || fail "the server did not start"
    pid_started=1

    "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$PORT" -U postgres -d postgres \
        -c 'CREATE ROLE markt LOGIN SUPERUSER' \
        -c 'CREATE DATABASE markt OWNER markt' >/dev/null 2>"$dir/setup.log" \
        || fail "could not create the role and database markt"

    conninfo "$sock"
}

stop() {
    local dir sock bin ver
    dir=$(absolute "$1")
    [ -e "$dir" ] || return 0
    is_ours "$dir" || die "$dir does not hold a cluster made by cluster.sh: not touching it"
    sock=$(socket_dir_of "$dir")
    ver=$(cat "$dir/data/PG_VERSION")
    bin=$(find_bin "$ver")
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" stop -m immediate -w >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    if [ "$sock" != "$dir" ]; then
        case "$sock" in
            /tmp/markt-pg.*) rm -rf "$sock" ;;
        esac
    fi
}

psql_into() {
    local dir sock bin
    dir=$(absolute "$1")
    shift
    is_ours "$dir" || die "$dir does not hold a cluster made by cluster.sh"
    sock=$(socket_dir_of "$dir")
    bin=$(find_bin "$(cat "$dir/data/PG_VERSION")")
    if [ -n "$bin" ] && [ -x "$bin/psql" ]; then
        exec "$bin/psql" -X -h "$sock" -p "$PORT" -U markt -d markt "$@"
    fi
    exec psql -X -h "$sock" -p "$PORT" -U markt -d markt "$@"
}

[ $# -ge 2 ] || usage
cmd="$1"
shift
case "$cmd" in
    start) [ $# -eq 1 ] || usage; start "$1" ;;
    stop) [ $# -eq 1 ] || usage; stop "$1" ;;
    psql) psql_into "$@" ;;
    url)
        [ $# -eq 1 ] || usage
        d=$(absolute "$1")
        is_ours "$d" || die "$d does not hold a cluster made by cluster.sh"
        conninfo "$(socket_dir_of "$d")"
        ;;
    *) usage ;;
esac
