#!/usr/bin/env bash
# The demo city built on SQLite and on PostgreSQL gives the same answers (issue 18, item 7):
# the same finance export bytes, and the same daily list of the next market day (PDF bytes
# and text), which shows the day's allocation: who stands on which stall. Outside
# `./dev test`: the demo on PostgreSQL takes about six minutes in a debug build (every
# statement a round trip to the server).
#
#   tests/pg/same-answers.sh [markt binary]      (default: target/release/markt, built if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
markt="${1:-target/release/markt}"
[ -x "$markt" ] || cargo build --release -p markt-cli
work=$(mktemp -d /tmp/markt-same.XXXXXX)
chmod 755 "$work"  # the server runs as postgres and must reach its folder inside
pg="$work/pg"
trap 'tests/pg/cluster.sh stop "$pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
url=$(tests/pg/cluster.sh start "$pg")
export MARKTKANTOOR_NOW=2026-11-28T08:30
for engine in sqlite postgres; do
    if [ "$engine" = sqlite ]; then db="$work/demo.sqlite"; else db="$url"; fi
    start=$SECONDS
    "$markt" --db "$db" demo --seed 1 --today 2026-11-27 >/dev/null
    echo "demo on $engine: $((SECONDS - start)) s"
    MARKTKANTOOR_PASSWORD=financien-2026 "$markt" --db "$db" export finance --from 2026-01-01 --to 2026-11-27 \
        -o "$work/finance-$engine.csv" --user financien >/dev/null
    MARKTKANTOOR_PASSWORD=marktbureau-2026 "$markt" --db "$db" print daily-list --market AC --date 2026-11-28 \
        --user medewerker -o "$work/list-$engine.pdf" >/dev/null
    pdftotext -layout "$work/list-$engine.pdf" "$work/list-$engine.txt"
done
cmp "$work/finance-sqlite.csv" "$work/finance-postgres.csv"
cmp "$work/list-sqlite.txt" "$work/list-postgres.txt"
cmp "$work/list-sqlite.pdf" "$work/list-postgres.pdf"
echo "the same finance export ($(wc -c <"$work/finance-sqlite.csv") bytes) and daily list on both engines"
