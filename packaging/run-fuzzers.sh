#!/usr/bin/env bash
# Builds the fuzz preset and runs every libFuzzer target in tests/fuzz on its seed corpus for
# a bounded time (issue 16). Fails when any target finds a crash, a hang (over 1 s an
# input), a leak or a sanitizer report; the input is left in build-fuzz/artifacts/.
# Usage: packaging/run-fuzzers.sh [seconds per target, default 60]
#        packaging/run-fuzzers.sh --runs N   (N inputs per target from the fixed seed 1, the seeds
#                                             given in name order: the same inputs on every machine,
#                                             so a clean run stays clean; what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--runs" ]; then
  bound=(-runs="${2:?--runs needs a count}" -seed=1)
  repeatable=true
  what="${2} inputs"
else
  bound=(-max_total_time="${1:-60}")
  repeatable=false
  what="${1:-60} s"
fi
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j"$(nproc)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
artifacts=build-fuzz/artifacts
mkdir -p "$artifacts"
failed=()
for seeds in tests/fuzz/corpus/*/; do
  target=$(basename "$seeds")
  # New inputs go to a scratch corpus in the build folder; the seeds in git stay as they are.
  work=build-fuzz/corpus/$target
  mkdir -p "$work"
  log=build-fuzz/$target.log
  rm -f "$artifacts/$target"-*
  if $repeatable; then
    # libFuzzer sorts a corpus by size, files of one size in the order the file system lists
    # them, which differs between machines: the seeds go in by name and the scratch corpus
    # starts empty, so that seed 1 draws the same inputs everywhere.
    rm -rf "$work" && mkdir -p "$work"
    find "$seeds" -maxdepth 1 -type f | LC_ALL=C sort | paste -sd, > "build-fuzz/$target.seeds"
    inputs=(-seed_inputs=@"build-fuzz/$target.seeds" "$work")
  else
    inputs=("$work" "$seeds")
  fi
  if "build-fuzz/tests/fuzz/$target" "${bound[@]}" -timeout=1 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "${inputs[@]}" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "run-fuzzers: $target: ${runs:-?} executions, no problem found"
  else
    echo "run-fuzzers: $target FAILED (see $log):"
    # What a machine without this build needs to reproduce it: the report, the stack and the input.
    grep -E "ERROR:|SUMMARY:|Test unit written|terminate called|what\(\)|^ +#[0-9]+ " "$log" | head -40 || tail -20 "$log"
    for input in "$artifacts/$target"-*; do
      [ -f "$input" ] && echo "run-fuzzers: $input (base64): $(head -c 4096 "$input" | base64 -w0)"
    done
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzzers: problems found by ${failed[*]}"
  exit 1
fi
echo "run-fuzzers: every target ran ${what} without a problem"
