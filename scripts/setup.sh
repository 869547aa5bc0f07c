#!/usr/bin/env bash
# Installs what unspun needs to build and test on Debian 12, then configures and builds it.
# Idempotent: packages already present are not reinstalled; a configured build tree is reused.
#
#   scripts/setup.sh            install missing packages, configure build/, build
#   scripts/setup.sh --deps     install missing packages only
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libicu-dev libsimdjson-dev libxxhash-dev libcli11-dev libsqlite3-dev libstemmer-dev libzstd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 sqlite3 chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = "--deps" ] && exit 0

cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build
