# Shared by query-after-ingest.sh and restart-after-kill.sh, sourced with their arguments
# ([build-dir] [events]): the 10,000,000-event hospital, generated once under $work and reused,
# the setup both start with, and small helpers.

# The events file: the first $count lines of a generated hospital's EHR access log.
events_file() {  # build-dir, count -> prints the path
  local build=$1 count=$2 hospital="$work/hospital"
  if [ ! -f "$hospital/.done" ]; then
    echo "generating the hospital (10,000 employees, 1,000,000 patients, 35 days, 62 accesses a user-day: 10.1M events; several minutes)" >&2
    rm -rf "$hospital"
    "${PHI_DEMO_GEN:-$build/phi-demo-gen}" hospital --out "$hospital" --employees 10000 \
      --patients 1000000 --days 35 --events-per-user-day 62 >&2
    touch "$hospital/.done"
  fi
  local file="$work/events-$count.jsonl"
  if [ ! -f "$file" ]; then
    head -n "$count" "$hospital/logs/ehr_access.jsonl" > "$file.tmp" && mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# The write-ahead logs in a timeline directory, in MB.
wal_mb() {
  find "$1" -maxdepth 1 -name '*.log' -printf '%s\n' 2> /dev/null | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'
}

# Events committed so far, as phi-auditctl stats reports them (0 before the timeline exists).
committed_events() {  # build-dir, data-dir
  "$1/phi-auditctl" --data-dir "$2" stats 2> /dev/null | sed -n 's/^events: //p' || true
}

# p50, p95 and max of the milliseconds on stdin, one a line (nearest rank).
percentiles() {
  sort -n | awk '{ v[NR] = $1 } END {
    p50 = v[int((NR + 1) / 2)]; i95 = int(NR * 0.95 + 0.999); p95 = v[i95 < 1 ? 1 : i95]
    printf "p50 %.1f ms  p95 %.1f ms  max %.1f ms  (%d runs)\n", p50, p95, v[NR], NR }'
}

# What both scripts start with: [build-dir] [events] from their arguments, BENCH_DIR, and the
# events file read once so that the page cache holds it.
build=$(cd "${1:-build}" && pwd)
work=${BENCH_DIR:-/tmp/phi-wal-bench}
mkdir -p "$work"
events=$(events_file "$build" "${2:-10000000}")
count=$(wc -l < "$events")
cat "$events" > /dev/null
