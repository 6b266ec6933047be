#!/usr/bin/env bash
# Builds a sanitizer preset and runs its CTest suite (issue 16): `asan` (AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer, in build-asan/) runs every test; `tsan`
# (ThreadSanitizer, in build-tsan/) runs the suites labelled `threads`. Any report fails its
# test; tests/sanitizers/*.supp hold what the uninstrumented libraries report about themselves.
# Usage: packaging/run-sanitizers.sh [asan|tsan] [more ctest arguments, e.g. -R test_io]
set -euo pipefail
cd "$(dirname "$0")/.."

preset=${1:-asan}
case "$preset" in
  asan | tsan) ;;
  *) echo "usage: $0 [asan|tsan] [ctest arguments]" >&2; exit 2 ;;
esac
shift $(($# > 0 ? 1 : 0))

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" "$@"
echo "run-sanitizers: the $preset suite passed"
