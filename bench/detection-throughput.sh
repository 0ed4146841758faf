#!/usr/bin/env bash
# Detection throughput, issue 6: the full default rule pack with a context of 10,000 employees,
# 1,000,000 patients and 2,000,000 encounters, against ingest alone on the same 1,000,000
# events in the same run. Prints events/s for both timed from the moment the timeline is open
# (the steady rate the targets name) and for the whole process as an operator would time it
# (start-up and the context load included), their ratio, peak RSS, and the
# engine's own figures from phi_detection_state_bench (detection state per user).
# DEAD_SINK=1 (issue 8): instead, detection with no sink against detection with two sinks that
# are down (syslog over TCP and a webhook, both to a closed port), twice each, alternating.
# Usage: [DEAD_SINK=1] bench/detection-throughput.sh [build-dir] [events]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
count=${2:-1000000}
work=${BENCH_DIR:-/tmp/phi-detection-bench}
mkdir -p "$work"
big="$work/big"

if [ ! -f "$big/.padded" ]; then
  echo "generating the context (10,000 employees, 1,000,000 patients; a few minutes)"
  rm -rf "$big"
  "$build/phi-demo-gen" hospital --out "$big" --employees 10000 --patients 1000000 --days 7 \
    --events-per-user-day 40 2>/dev/null
  # Past stays up to 2,000,000 encounter rows: real feeds carry years of history.
  have=$(($(wc -l < "$big/context/encounters.csv") - 1))
  awk -v need=$((2000000 - have)) -v seed=7 'BEGIN {
    srand(seed); split("Emergency,Cardiology,Oncology,Internal Medicine,Pediatrics,Psychiatry,Radiology,Obstetrics", d, ",")
    for (i = 0; i < need; i++) {
      y = 2019 + int(rand() * 6); m = 1 + int(rand() * 12); day = 1 + int(rand() * 27)
      printf "MRN%07d,%s,u%05d,%04d-%02d-%02dT08:00:00Z,%04d-%02d-%02dT16:00:00Z\n",
        1 + int(rand() * 1000000), d[1 + int(rand() * 8)], 1 + int(rand() * 10000), y, m, day, y, m, day + 1
    }}' >> "$big/context/encounters.csv"
  touch "$big/.padded"
fi
[ -f "$work/events.jsonl" ] || head -n "$count" "$big/logs/ehr_access.jsonl" > "$work/events.jsonl"
events=$(wc -l < "$work/events.jsonl")
cat "$work/events.jsonl" > /dev/null  # page cache

run() {  # name, with detection (0/1), with sinks that are down (0/1)
  local dir="$work/run-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  {
    echo "data_dir: data"
    echo "log_level: info"
    echo "sources: [{name: ehr, format: phi-json, paths: [\"$work/events.jsonl\"]}]"
    if [ "$2" = 1 ]; then
      echo "detection:"
      echo "  rules_dir: $PWD/rules"
      echo "  alerts_file: alerts.jsonl"
      echo "  context: {employees: $big/context/employees.csv, patients: $big/context/patients.csv,"
      echo "            encounters: $big/context/encounters.csv, appointments: $big/context/appointments.csv}"
    fi
    if [ "${3:-0}" = 1 ]; then
      echo "sinks:"
      echo "  - {name: siem, type: syslog, transport: tcp, host: 127.0.0.1, port: 9, drain_timeout_ms: 0}"
      echo "  - {name: hook, type: webhook, url: \"https://127.0.0.1:9/alerts\", drain_timeout_ms: 0}"
    fi
  } > "$dir/phi.yaml"
  local start end open
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$dir/rss" "$build/phi-auditd" --config "$dir/phi.yaml" --once 2> "$dir/log"
  end=$(date +%s.%N)
  open=$(sed -n 's/^\([0-9T:.-]*\)+00:00 info \[daemon\] timeline .* open.*/\1/p' "$dir/log" | head -1)
  open=$(date -d "$open" +%s.%N)
  awk -v n="$1" -v e="$events" -v s="$start" -v o="$open" -v t="$end" -v r="$(cat "$dir/rss")" 'BEGIN {
    printf "%-22s %8d events in %6.2f s after %5.2f s of start-up: %9.0f events/s, peak RSS %4.0f MB\n",
      n, e, t - o, o - s, e / (t - o), r / 1024
    printf "%-22s whole process (as an operator times it): %6.2f s, %9.0f events/s\n", "", t - s, e / (t - s) }'
  echo "$events $(awk -v o="$open" -v t="$end" 'BEGIN { print t - o }')" > "$dir/rate"
}

echo "machine: $(nproc) cores; $events events; context: $(($(wc -l < "$big/context/employees.csv") - 1)) employees, $(($(wc -l < "$big/context/patients.csv") - 1)) patients, $(($(wc -l < "$big/context/encounters.csv") - 1)) encounters"
if [ "${DEAD_SINK:-0}" = 1 ]; then
  for round in 1 2; do
    run "no-sink-$round" 1 0
    run "dead-sinks-$round" 1 1
    read -r _ none < "$work/run-no-sink-$round/rate"
    read -r _ dead < "$work/run-dead-sinks-$round/rate"
    echo "  dead sinks: $(grep -c 'wait in the timeline' "$work/run-dead-sinks-$round/log") warning(s) in the log, $(wc -l < "$work/run-dead-sinks-$round/alerts.jsonl") alert records"
    awk -v n="$none" -v d="$dead" 'BEGIN { printf "ingest with dead sinks / with none: %.3f\n", n / d }'
  done
  exit 0
fi
run ingest-only 0
run with-detection 1
read -r _ ingest < "$work/run-ingest-only/rate"
read -r _ detect < "$work/run-with-detection/rate"
awk -v i="$ingest" -v d="$detect" 'BEGIN { printf "ratio (with detection / ingest only): %.2f\n", i / d }'
"$build/bench/phi_detection_state_bench" "$work/events.jsonl" rules "$big/context"
