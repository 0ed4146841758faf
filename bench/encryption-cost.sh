#!/usr/bin/env bash
# Issue 9, item 6: what encryption at rest costs on ingest. The same events are ingested by the
# same phi-auditd binary (`--once`) into a new timeline with `integrity.encrypt_at_rest` off and
# on, alternating, round after round in one run; prints events/s from the moment the timeline is
# open and for the whole process, peak RSS and the timeline's size, then the ratio of the
# medians. Usage: bench/encryption-cost.sh [build-dir] [events] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
count=${2:-2000000}
rounds=${3:-3}
work=${BENCH_DIR:-/tmp/wal-bench}
source bench/once-common.sh
prepare_events

ingest() {  # name, encrypt (true|false) -> one result line; the timeline stays in $work/at-rest-<name>
  local dir="$work/at-rest-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'data_dir: data\nlog_level: info\nsources: [{name: ehr, format: phi-json, paths: ["%s"]}]\nintegrity: {encrypt_at_rest: %s}\n' \
    "$events" "$2" > "$dir/phi.yaml"
  time_once "$build" "$dir"
  local size
  size=$(du -sm "$dir/data/timeline" | cut -f1)
  awk -v name="$1" -v e="$n" -v s="$start" -v o="$open" -v t="$end" -v r="$rss_kb" -v z="$size" 'BEGIN {
    printf "%-12s %9d events: %9.0f events/s from timeline open (%6.2f s), whole process %9.0f events/s, peak RSS %4.0f MB, timeline %5d MB\n",
      name, e, e / (t - o), t - o, e / (t - s), r / 1024, z }'
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $n events of $(($(wc -c < "$events") / n)) bytes"
results="$work/at-rest-results"
: > "$results"
for round in $(seq 1 "$rounds"); do
  ingest "clear-$round" false | tee -a "$results"
  ingest "sealed-$round" true | tee -a "$results"
done
awk '{ rate[$1 ~ /^clear/ ? "clear" : "sealed", ++k[$1 ~ /^clear/ ? "clear" : "sealed"]] = $4 }
  END {
    for (kind in k) { m = k[kind]; for (i = 1; i <= m; i++) v[i] = rate[kind, i]; for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }; med[kind] = v[int((m + 1) / 2)]; delete v }
    printf "median from timeline open: clear %.0f events/s, sealed %.0f events/s: sealed/clear %.3f (%.1f %% slower)\n",
      med["clear"], med["sealed"], med["sealed"] / med["clear"], 100 * (1 - med["sealed"] / med["clear"]) }' "$results"
