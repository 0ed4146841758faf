#!/usr/bin/env bash
# Issue 7, item 6: a patient's history as a user gets it, right after a big ingest. The daemon
# follows a file of 10,000,000 events and keeps running; once they are all committed, each query
# is a whole `phi-auditctl events --patient MRN…` process (start-up, the round trip through the
# daemon's control socket and output included), timed from outside, for different patients.
# Prints p50/p95/max right away, after 5 s idle and once RocksDB's background compactions have
# settled (SETTLE=60 s later); beside them, the same with the daemon stopped (phi-auditctl then
# opens a secondary instance itself) and `phi-auditctl --help`, the cost of starting the process.
# Usage: bench/query-after-ingest.sh [build-dir] [events]   (QUERIES=20, BENCH_DIR=/tmp/phi-wal-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
queries=${QUERIES:-20}
source bench/wal-common.sh "$@"  # build, work, events (in the page cache), count
# Patients that appear in the log, spread over it.
mapfile -t patients < <(awk -v n="$queries" -v total="$count" 'NR % int(total / (n * 4) + 1) == 0 &&
    match($0, /MRN[0-9]+/) { m = substr($0, RSTART, RLENGTH); if (!(m in seen)) { seen[m]; print m; if (++k == n) exit } }' "$events")

dir="$work/run-query"
rm -rf "$dir" && mkdir -p "$dir"
cat > "$dir/phi.yaml" <<YAML
data_dir: data
log_level: info
sources: [{name: ehr, format: phi-json, paths: ["$events"]}]
YAML
"$build/phi-auditd" --config "$dir/phi.yaml" 2> "$dir/log" &
daemon=$!
trap 'kill $daemon 2> /dev/null || true' EXIT
start=$EPOCHREALTIME
while [ "$(committed_events "$build" "$dir/data")" != "$count" ]; do
  kill -0 $daemon || { echo "phi-auditd stopped:"; tail "$dir/log"; exit 1; }
  sleep 2
done
awk -v n="$count" -v s="$start" -v t="$EPOCHREALTIME" 'BEGIN {
  printf "machine: %d cores; %d events ingested by a running phi-auditd in %.0f s (polled every 2 s)\n",
    '"$(nproc)"', n, t - s }'

time_each() {  # command... (with MRN in it replaced by each patient) -> milliseconds, a line each
  for mrn in "${patients[@]}"; do
    local t0=$EPOCHREALTIME
    "${@/MRN/$mrn}" > /dev/null 2>&1
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
  done
}
measure() {  # label
  echo "$1: write-ahead log $(wal_mb "$dir/data/timeline") MB"
  time_each "$build/phi-auditctl" --data-dir "$dir/data" events --patient MRN | percentiles |
    sed 's/^/  phi-auditctl events --patient (whole process): /'
}
measure "right after the last commit"
sleep 5
measure "after 5 s idle"
sleep "${SETTLE:-60}"
measure "after ${SETTLE:-60} s more (background compactions settle)"
echo "  answered by the daemon: $(grep -c 'phi-auditctl events by' "$dir/log") of $((3 * ${#patients[@]})) queries"
time_each "$build/phi-auditctl" --help | percentiles | sed 's/^/  phi-auditctl --help (process start-up alone): /'
kill $daemon
wait $daemon || true
trap - EXIT
echo "daemon stopped (phi-auditctl opens a secondary instance):"
time_each "$build/phi-auditctl" --data-dir "$dir/data" events --patient MRN | percentiles |
  sed 's/^/  phi-auditctl events --patient (whole process): /'
