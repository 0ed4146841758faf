#!/usr/bin/env bash
# Detection quality on synthetic hospitals: for each profile (a large hospital and a small
# clinic) and several seeds, generates the data with phi-demo-gen, runs phi-auditd --once with
# the default rule pack, scores the alerts against the labelled incidents and prints one table
# row each: recall, precision, false and total alerts per 1,000 user-days, explained share.
# With INDEPENDENT=1 it also scores bench/independent_hospital/simulate.py's data (python3),
# a simulator written apart from phi-demo-gen, as a check against fitting one generator.
# Usage: bench/detection-quality.sh [build-dir] [seeds...]   (default seeds: 1 2 3)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
seeds=("${@:-1 2 3}")
[ $# -eq 0 ] && seeds=(1 2 3)
work=${BENCH_DIR:-/tmp/phi-quality}
mkdir -p "$work"

run_one() {  # label, data dir, days
  local label=$1 demo=$2 days=$3 dir="$work/run-$1"
  rm -rf "$dir" && mkdir -p "$dir"
  local appointments=""
  [ -f "$demo/context/appointments.csv" ] && appointments="    appointments: $demo/context/appointments.csv"
  cat > "$dir/phi.yaml" <<YAML
data_dir: data
log_level: warn
sources:
  - name: ehr
    format: phi-json
    paths: ["$demo/logs/ehr_access.jsonl"]
detection:
  rules_dir: $PWD/rules
  alerts_file: alerts.jsonl
  context:
    employees: $demo/context/employees.csv
    patients: $demo/context/patients.csv
    encounters: $demo/context/encounters.csv
$appointments
YAML
  "$build/phi-auditd" --config "$dir/phi.yaml" --once
  local employees explained score
  employees=$(($(wc -l < "$demo/context/employees.csv") - 1))
  explained=$("$build/phi-auditctl" --config "$dir/phi.yaml" stats |
    sed -n 's/^explained accesses: \([0-9.]*\)%.*/\1/p')
  score=$("$build/phi-demo-gen" score --incidents "$demo/incidents.jsonl" \
    --alerts "$dir/alerts.jsonl" --user-days $((employees * days)))
  python3 - "$label" "$explained" "$score" <<'PY' 2>/dev/null || echo "$label explained $explained% $score"
import json, sys
label, explained, s = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
print(f"{label:28s} {s['caught']:3d}/{s['incidents']:<3d} {s['precision']:6.3f} {s['false_per_1000_user_days']:7.2f} "
      f"{s['alerts_per_1000_user_days']:7.2f} {float(explained):7.1f}%  false by rule {s['false_by_rule']}")
PY
}

printf "%-28s %7s %6s %7s %7s %8s\n" "data" "recall" "prec." "false/k" "total/k" "explained"
for profile in hospital clinic; do
  for seed in "${seeds[@]}"; do
    demo="$work/demo-$profile-$seed"
    if [ ! -f "$demo/incidents.jsonl" ]; then
      if [ "$profile" = hospital ]; then
        "$build/phi-demo-gen" hospital --profile hospital --out "$demo" --employees 2000 \
          --patients 50000 --days 14 --seed "$seed" 2>/dev/null
      else
        "$build/phi-demo-gen" hospital --profile clinic --out "$demo" --days 14 --seed "$seed" 2>/dev/null
      fi
    fi
    run_one "phi-demo-gen $profile s$seed" "$demo" 14
  done
done
if [ "${INDEPENDENT:-0}" = 1 ]; then
  for profile in hospital practice; do
    for seed in "${seeds[@]}"; do
      demo="$work/independent-$profile-$seed"
      [ -f "$demo/incidents.jsonl" ] ||
        python3 bench/independent_hospital/simulate.py --out "$demo" --profile "$profile" --seed "$seed" 2>/dev/null
      run_one "independent $profile s$seed" "$demo" 14
    done
  done
fi
