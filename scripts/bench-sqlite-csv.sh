#!/usr/bin/env bash
# Times `sqlite3 -csv` on the rows of the finance export (the same joins, columns and order
# as a batch's lines) of the benchmark's database, for the ratio in BENCHMARKS.md.
# Run `cargo bench -p markt --bench finance_export` first: it builds the database.
# Another database and period: scripts/bench-sqlite-csv.sh city.sqlite 2026-04-01 2026-06-30
set -euo pipefail
db="${1:-${CARGO_TARGET_DIR:-target}/tmp/finance-bench/million.sqlite}"
from="${2:-2026-01-01}"
until="${3:-2026-12-31}"
out="$(mktemp)"
query="SELECT 1, m.code, p.day, p.invoice_number, v.registration_number,
  trim(v.initials || CASE WHEN v.infix <> '' THEN ' ' || v.infix ELSE '' END || ' ' || v.surname), il.label,
  coalesce(tk.ledger_code, ''), coalesce(tk.vat_code, ''), il.quantity,
  printf('%.2f', il.price_cents / 100.0), il.vat_bp / 100, printf('%.2f', il.excl_cents / 100.0),
  printf('%.2f', il.vat_cents / 100.0), printf('%.2f', il.incl_cents / 100.0),
  coalesce((SELECT pay.method FROM payment pay WHERE pay.permit_id = p.id AND +pay.reverses_payment_id IS NULL
            ORDER BY pay.id DESC LIMIT 1), '')
FROM daily_permit p JOIN invoice_line il ON il.permit_id = p.id JOIN market m ON m.id = p.market_id
JOIN vendor v ON v.id = p.vendor_id LEFT JOIN tariff_kind tk ON tk.code = il.tariff_kind_code
WHERE p.day BETWEEN '$from' AND '$until'
  AND NOT EXISTS (SELECT 1 FROM permit_void pv WHERE pv.permit_id = p.id)
ORDER BY p.day, m.code, p.invoice_number, il.position;"
sqlite3 --version
for run in 1 2 3; do
  start=$(date +%s.%N)
  sqlite3 -csv "file:$db?mode=ro" "$query" > "$out"
  end=$(date +%s.%N)
  echo "run $run: $(echo "$end - $start" | bc) s, $(wc -l < "$out") lines, $(stat -c %s "$out") bytes"
done
rm -f "$out"
