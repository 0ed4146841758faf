#!/usr/bin/env bash
# Issue 9, item 7: a patient access report as a compliance officer gets it, from a timeline of
# 10,000,000 events (bench/chain-cost.sh leaves one in $BENCH_DIR/chain-chain-1). Each report is
# a whole `phi-auditctl report patient-access MRN --from <a year ago> --output FILE` process
# (start-up, the query, the PDF, the signature, the recorded read), timed from outside, for
# different patients: first with the daemon stopped (phi-auditctl opens the timeline itself),
# then with the daemon running (the report comes back through its control socket).
# Usage: bench/report-latency.sh [build-dir] [reports]   (BENCH_DIR=/tmp/wal-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
reports=${2:-20}
work=${BENCH_DIR:-/tmp/wal-bench}
dir="$work/chain-chain-1"
[ -d "$dir/data/timeline" ] || { echo "needs $dir (run bench/chain-cost.sh first)"; exit 1; }
events=$(sed -n 's/.*paths: \["\([^"]*\)".*/\1/p' "$dir/phi.yaml")
mapfile -t patients < <(awk -v n="$reports" 'NR % 40000 == 0 && match($0, /MRN[0-9]+/) {
    m = substr($0, RSTART, RLENGTH); if (!(m in seen)) { seen[m]; print m; if (++k == n) exit } }' "$events")
from=$(date -u -d '1 year ago' +%Y-%m-%d)
out="$work/report-bench"
rm -rf "$out" && mkdir -p "$out"

time_reports() {  # format -> milliseconds, one a line
  for mrn in "${patients[@]}"; do
    local t0=$EPOCHREALTIME
    "$build/phi-auditctl" --config "$dir/phi.yaml" report patient-access "$mrn" --from "$from" \
      --format "$1" --output "$out/$mrn.$1" > /dev/null
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
  done
}
percentiles() {
  sort -n | awk '{ v[NR] = $1 } END { i95 = int(NR * 0.95 + 0.999)
    printf "p50 %.1f ms  p95 %.1f ms  max %.1f ms  (%d reports)\n", v[int((NR + 1) / 2)], v[i95], v[NR], NR }'
}
rows() { awk 'NR > 1' "$out"/*.csv 2> /dev/null | wc -l; }

echo "timeline: $("$build/phi-auditctl" --config "$dir/phi.yaml" stats | sed -n 's/^events: //p') events; ${#patients[@]} patients, reports from $from"
echo "daemon stopped, PDF:  $(time_reports pdf | percentiles)"
echo "daemon stopped, CSV:  $(time_reports csv | percentiles)  ($(rows) rows in all)"
"$build/phi-auditd" --config "$dir/phi.yaml" 2> "$out/daemon.log" &
daemon=$!
trap 'kill $daemon 2> /dev/null || true' EXIT
until [ -S "$dir/data/control.sock" ]; do sleep 0.2; done
sleep 2
echo "daemon running, PDF:  $(time_reports pdf | percentiles)"
echo "daemon running, CSV:  $(time_reports csv | percentiles)"
"$build/phi-auditctl" --config "$dir/phi.yaml" verify-report "$out/${patients[0]}.pdf" | head -1
