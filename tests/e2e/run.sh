#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window under a virtual display: the
# one-desk suite (app.test.mjs), then two windows on one office server (desks.test.mjs).
# Expects target/debug/marktkantoor and target/debug/markt to be built (./dev test does;
# with CARGO_TARGET_DIR set, the debug build there).
#
# The app's clock is set for every run (MARKTKANTOOR_E2E_NOW, passed on as MARKTKANTOOR_NOW
# on the demo database), so the outcome never depends on the day the suite runs: first the
# whole suite on a Monday morning, then its market morning, allocation and control tests at
# the moments that once broke it or might: a Sunday (AC is closed; the morning is Monday's,
# typed into the day field), the last day of a year, and a leap day. Their screenshots go to
# a scratch folder: the README's come from the first run.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund

e2e() { xvfb-run -a -s "-screen 0 1920x1080x24" node --test --test-concurrency=1 --test-timeout=600000 "$@" app.test.mjs; }

MARKTKANTOOR_E2E_NOW="${MARKTKANTOOR_E2E_NOW:-2026-11-30T07:30:00+01:00}" e2e

# Two desks of one office server: two app windows as clients of `markt serve`.
echo "== two desks on one server"
xvfb-run -a -s "-screen 0 1920x1080x24" node --test --test-concurrency=1 --test-timeout=600000 desks.test.mjs

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for now in 2026-12-06T07:30:00+01:00 2026-12-31T07:30:00+01:00 2028-02-29T07:30:00+01:00; do
    echo "== the market morning, allocation and control at $now"
    MARKTKANTOOR_E2E_NOW="$now" MARKTKANTOOR_E2E_SHOTS="$scratch" \
        e2e --test-name-pattern='market morning|allocates AC|records a control'
done
