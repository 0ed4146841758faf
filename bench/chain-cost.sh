#!/usr/bin/env bash
# Issue 9: what the hash chain costs and how fast it is checked. Ingests the same events with
# `phi-auditd --once` built from this tree and from a build without the chain (BASE_BUILD, e.g.
# a worktree at eee0b8a), alternating, and prints events/s for each from the moment the
# timeline is open and for the whole process; then times `phi-auditctl verify` over this tree's
# timeline (whole process, events/s, peak RSS).
# Usage: BASE_BUILD=/path/to/old/build bench/chain-cost.sh [build-dir] [events] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
count=${2:-10000000}
rounds=${3:-1}
work=${BENCH_DIR:-/tmp/wal-bench}
source bench/once-common.sh
prepare_events

ingest() {  # name, build dir -> prints the rates; leaves the timeline in $work/chain-<name>
  local dir="$work/chain-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'data_dir: data\nlog_level: info\nsources: [{name: ehr, format: phi-json, paths: ["%s"]}]\n' \
    "$events" > "$dir/phi.yaml"
  time_once "$2" "$dir"
  awk -v name="$1" -v e="$n" -v s="$start" -v o="$open" -v t="$end" -v r="$rss_kb" 'BEGIN {
    printf "%-16s %9d events: %9.0f events/s from timeline open (%6.2f s), whole process %9.0f events/s, peak RSS %4.0f MB\n",
      name, e, e / (t - o), t - o, e / (t - s), r / 1024 }'
}

echo "machine: $(nproc) cores; $n events of $(($(wc -c < "$events") / n)) bytes"
for round in $(seq 1 "$rounds"); do
  [ -n "${BASE_BUILD:-}" ] && ingest "no-chain-$round" "$BASE_BUILD"
  ingest "chain-$round" "$build"
done
data="$work/chain-chain-$rounds/data"
for run in 1 2; do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/verify-rss" "$build/phi-auditctl" --data-dir "$data" verify > "$work/verify-out" 2>&1 ||
    { cat "$work/verify-out"; exit 1; }
  end=$(date +%s.%N)
  awk -v e="$n" -v s="$start" -v t="$end" -v r="$(cat "$work/verify-rss")" -v k="$run" 'BEGIN {
    printf "verify run %d: whole phi-auditctl process %6.2f s, %9.0f events/s, peak RSS %4.0f MB\n", k, t - s, e / (t - s), r / 1024 }'
done
sed 's/^/  /' "$work/verify-out"
