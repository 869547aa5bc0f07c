#!/usr/bin/env bash
# End-to-end timing of `unspun pairs` on one corpus: wall time, peak memory (max RSS), articles/s
# and MB/s of input. Start-up and loading are included, as a user would see them.
#
#   bench/time_pairs.sh CORPUS.jsonl [extra unspun flags...]
set -euo pipefail
corpus=$1
shift
unspun=${UNSPUN:-$(dirname "$0")/../build/unspun}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
/usr/bin/time -v "$unspun" pairs -q "$corpus" -o /dev/null "$@" 2>"$log"
articles=$(grep -c '' "$corpus")
bytes=$(stat -c %s "$corpus")
wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
rss_kb=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
seconds=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
awk -v a="$articles" -v b="$bytes" -v s="$seconds" -v r="$rss_kb" 'BEGIN {
  printf "articles %d  input %.1f MB  wall %.2f s  %.0f articles/s  %.1f MB/s  peak RSS %.0f MB\n",
         a, b / 1e6, s, a / s, b / 1e6 / s, r / 1024 }'
