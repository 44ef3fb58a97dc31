#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window under a virtual display.
# Expects target/debug/marktkantoor and target/debug/markt to be built (./dev test does).
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
exec xvfb-run -a -s "-screen 0 1920x1080x24" npm test
