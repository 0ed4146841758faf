#!/usr/bin/env bash
# Issue 7, item 6: how long phi-auditd takes to follow its sources again after kill -9. The
# daemon ingests the 10,000,000-event file (plus an empty live file) for KILL_AFTER seconds and
# is killed with SIGKILL mid-ingest, when its write-ahead log is largest; it is then started on
# the same data directory. Prints the log left at the kill, the time from start until its log
# says the timeline is open and the sources are followed again, and until an event appended to
# the live file at the restart is committed and found (by phi-auditctl queries, polled while the
# daemon catches up on the rest of the file, so that figure includes a query or two).
# Usage: bench/restart-after-kill.sh [build-dir] [events]   (KILL_AFTER=30, BENCH_DIR=/tmp/phi-wal-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
kill_after=${KILL_AFTER:-30}
source bench/wal-common.sh "$@"  # build, work, events (in the page cache), count

dir="$work/run-restart"
rm -rf "$dir" && mkdir -p "$dir"
: > "$dir/live.jsonl"
cat > "$dir/phi.yaml" <<YAML
data_dir: data
log_level: info
sources:
  - {name: ehr, format: phi-json, paths: ["$events"]}
  - {name: live, format: phi-json, paths: ["$dir/live.jsonl"]}
YAML
"$build/phi-auditd" --config "$dir/phi.yaml" 2> "$dir/log-before" &
daemon=$!
trap 'kill $daemon 2> /dev/null || true' EXIT
peak=0
for _ in $(seq "$kill_after"); do
  sleep 1
  peak=$(awk -v a="$peak" -v b="$(wal_mb "$dir/data/timeline")" 'BEGIN { print (b > a ? b : a) }')
done
at_kill=$(wal_mb "$dir/data/timeline")
kill -9 $daemon
wait $daemon 2> /dev/null || true
echo "machine: $(nproc) cores; killed with SIGKILL after ${kill_after} s of ingest; write-ahead log at the kill ${at_kill} MB (largest seen, sampled each second: ${peak} MB)"

# Start again; the event is appended as it starts, so it is there by the first poll.
start=$EPOCHREALTIME
"$build/phi-auditd" --config "$dir/phi.yaml" 2> "$dir/log" &
daemon=$!
echo '{"ts":"2026-12-01T12:00:00Z","user":"u99999","action":"view","patient":"MRN9999999"}' >> "$dir/live.jsonl"
until grep -q 'timeline .* open' "$dir/log"; do
  kill -0 $daemon || { echo "phi-auditd stopped:"; tail "$dir/log"; exit 1; }
  sleep 0.01
done
until grep -q 'source live: following' "$dir/log"; do sleep 0.01; done
log_time() {  # pattern -> seconds since the epoch of the first log line matching it
  date -d "$(sed -n "s/^\([0-9T:.-]*\)+00:00 .*$1.*/\1/p" "$dir/log" | head -1)" +%s.%N
}
open=$(log_time 'timeline .* open')
following=$(log_time 'source live: following')
until "$build/phi-auditctl" --data-dir "$dir/data" events --patient MRN9999999 --format csv 2> /dev/null |
    grep -q u99999; do
  kill -0 $daemon || { echo "phi-auditd stopped:"; tail "$dir/log"; exit 1; }
done
committed=$EPOCHREALTIME
awk -v s="$start" -v o="$open" -v f="$following" -v c="$committed" 'BEGIN {
  printf "restart after kill -9: timeline open (log) after %.2f s, following its sources (log) after %.2f s;\n", o - s, f - s
  printf "  the appended event committed and found by phi-auditctl after %.2f s\n", c - s }'
kill $daemon
wait $daemon || true
trap - EXIT
