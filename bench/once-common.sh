# Shared by chain-cost.sh and encryption-cost.sh: the events file (the first $count lines of the
# 10,000,000-event hospital log, bench/query-after-ingest.sh makes it) and one timed
# `phi-auditd --once` run.

# Sets $events and $n for $count events under $work; exits when the source file is missing.
prepare_events() {
  local source_file="$work/events-10000000.jsonl"
  [ -f "$source_file" ] || { echo "needs $source_file (bench/query-after-ingest.sh makes it)"; exit 1; }
  events="$work/events-$count.jsonl"
  [ -f "$events" ] || head -n "$count" "$source_file" > "$events"
  n=$(wc -l < "$events")
  cat "$events" > /dev/null  # page cache
}

# Runs `$1/phi-auditd --config $2/phi.yaml --once`; sets $start, $open (the timeline opened, from
# the daemon's log) and $end in seconds, and $rss_kb.
time_once() {
  local build=$1 dir=$2
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$dir/rss" "$build/phi-auditd" --config "$dir/phi.yaml" --once 2> "$dir/log"
  end=$(date +%s.%N)
  open=$(sed -n 's/^\([0-9T:.-]*\)+00:00 info \[daemon\] timeline .* open.*/\1/p' "$dir/log" | head -1)
  open=$(date -d "$open" +%s.%N)
  rss_kb=$(cat "$dir/rss")
}
