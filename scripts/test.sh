#!/usr/bin/env bash
# Builds unspun and runs every test (unit and end-to-end).
#
#   scripts/test.sh              release build in build/, all tests
#   scripts/test.sh --sanitize   AddressSanitizer + UBSan build in build-asan/, unit tests
#
# End-to-end tests that score against ../shared/eval skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps

jobs=$(nproc 2>/dev/null || echo 2)
if [ "${1:-}" = "--sanitize" ]; then
  [ -f build-asan/build.ninja ] || cmake -S . -B build-asan -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUNSPUN_SANITIZE=ON -DUNSPUN_BUILD_BENCH=OFF
  cmake --build build-asan --target unspun_tests unspun
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan -L unit --output-on-failure -j "$jobs"
  exit 0
fi

[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
ctest --test-dir build --output-on-failure -j "$jobs"
