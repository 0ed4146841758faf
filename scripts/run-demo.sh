#!/usr/bin/env bash
# `make run`: generates a small synthetic hospital under var/demo (once: employees, patients,
# encounters, appointments, a week of EHR access with injected incidents), then starts
# phi-auditd in the foreground on etc/phi-auditd.yaml, which ingests it and raises alerts with
# explanations.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
demo=var/demo

# A demo generated before the appointments feed existed is generated again.
if [ ! -f "$demo/.generated" ] || [ ! -f "$demo/context/appointments.csv" ]; then
  rm -rf "$demo" var/phi-auditd
  echo "run-demo: generating a synthetic hospital in $demo"
  "$build_dir/phi-demo-gen" hospital --out "$demo"
  touch "$demo/.generated"
fi

cat <<MSG
run-demo: starting phi-auditd on etc/phi-auditd.yaml (Ctrl-C stops it). In another terminal:
  $build_dir/phi-auditctl --config etc/phi-auditd.yaml alerts     # what fired, and why
  $build_dir/phi-auditctl --config etc/phi-auditd.yaml stats
  $build_dir/phi-auditctl --config etc/phi-auditd.yaml events --patient \$(sed -n 2p $demo/context/patients.csv | cut -d, -f1)
  $build_dir/phi-auditctl --config etc/phi-auditd.yaml events --user u00001 --format csv
MSG
"$build_dir/phi-auditd" --config etc/phi-auditd.yaml &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon' INT TERM
# Give it a moment to ingest the demo week, then show what it found (alerts carry PHI, so the
# daemon's own log never prints them: phi-auditctl does, for the people allowed to see them).
sleep 5
echo "run-demo: the newest alerts, each with why it fired:"
"$build_dir/phi-auditctl" --config etc/phi-auditd.yaml alerts --limit 5 || true
echo "run-demo: phi-auditd keeps following the logs; Ctrl-C stops it."
wait $daemon
