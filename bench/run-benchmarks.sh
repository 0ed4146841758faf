#!/usr/bin/env bash
# `make bench`: end-to-end --once ingest of 1M phi-json events and 1M pgaudit csvlog lines
# (events/s, MB/s, peak RSS), then the patient-history query benchmark on a 10M-event timeline.
# Usage: bench/run-benchmarks.sh [build-dir] [events]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
count=${2:-1000000}
work=${BENCH_DIR:-/tmp/phi-bench}
mkdir -p "$work"

ingest() {  # format, file
  local format=$1 file=$2 dir="$work/run-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/phi.yaml" <<YAML
data_dir: data
log_level: warn
sources:
  - name: bench
    format: $format
    paths: ["$file"]
    patient_pattern: 'MRN\d{7}'
YAML
  cat "$file" > /dev/null  # page cache, as the peers were measured
  /usr/bin/time -f '%e %M %U %S' -o "$dir/time" "$build/phi-auditd" --config "$dir/phi.yaml" --once
  read -r secs rss_kb user sys < "$dir/time"
  local bytes events
  bytes=$(stat -c %s "$file")
  events=$("$build/phi-auditctl" --config "$dir/phi.yaml" stats | sed -n 's/^events: //p')
  awk -v f="$format" -v e="$events" -v b="$bytes" -v s="$secs" -v r="$rss_kb" -v u="$user" -v y="$sys" 'BEGIN {
    printf "%-16s %9d events %8.1f MB  %6.2f s  %9.0f events/s  %6.1f MB/s  cpu %.2f s  peak RSS %.0f MB\n",
      f, e, b/1e6, s, e/s, b/1e6/s, u+y, r/1024 }'
}

[ -f "$work/events.jsonl" ] || "$build/phi-demo-gen" events --format phi-json --count "$count" --out "$work/events.jsonl"
[ -f "$work/pgaudit.csv" ] || "$build/phi-demo-gen" events --format pgaudit-csvlog --count "$count" --out "$work/pgaudit.csv"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
ingest phi-json "$work/events.jsonl"
ingest pgaudit-csvlog "$work/pgaudit.csv"
"$build/bench/phi_query_bench" --timeline_dir="$work/query-timeline" --benchmark_min_time=2
