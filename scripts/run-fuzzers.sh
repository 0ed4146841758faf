#!/usr/bin/env bash
# Runs every libFuzzer binary of a fuzz build (make fuzz) for N seconds, one at a time, on its
# seed corpus fuzz/corpus/<target>. New inputs go to <build>/fuzz-work/<target>/corpus, crashes
# to <build>/fuzz-work/<target>/; nothing is written to the repository. One process at a time
# (no -jobs: libFuzzer would fork a worker and write fuzz-N.log to the working directory).
# Prints the CPU seconds each target used (user + system, as the kernel counted them): on a busy
# machine they are fewer than the wall seconds asked for.
# Fails if any target found a crash, a leak, a timeout or a sanitizer report.
# Usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]
set -uo pipefail

build=${1:?build directory}
seconds=${2:?seconds per target}
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for bin in "$build"/fuzz/*_fuzzer; do targets+=("$(basename "$bin" _fuzzer)"); done
fi

failed=()
for target in "${targets[@]}"; do
  case "$target" in
    rule_loader | config_loader) max_len=16384 ;;
    *) max_len=65536 ;;
  esac
  work="$build/fuzz-work/$target"
  mkdir -p "$work/corpus"
  echo "== $target: ${seconds}s, max_len $max_len"
  if ! /usr/bin/time -o "$work/cpu" -f '%U %S' "$build/fuzz/${target}_fuzzer" \
      -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$repo/fuzz/corpus/$target" \
      > "$work/fuzz.log" 2>&1; then
    failed+=("$target")
    tail -n 60 "$work/fuzz.log"
  fi
  grep -E '^Done [0-9]+ runs in [0-9]+ second' "$work/fuzz.log" || true
  awk -v t="$target" '/^[0-9.]+ [0-9.]+$/ { printf "%s: %.0f CPU seconds\n", t, $1 + $2 }' "$work/cpu"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (inputs in $build/fuzz-work/<target>/)"
  exit 1
fi
echo "fuzz: no findings"
