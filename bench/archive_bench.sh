#!/usr/bin/env bash
# Benchmark of the embedded archive (docs/archive.md) on one corpus:
#   1. ingest: `unspun index add` of all but the last Q articles into a new archive (wall and CPU
#      time, articles/s, peak RSS);
#   2. size: store bytes per article (`index stats`);
#   3. open: wall time of a process that opens the archive and checks nothing;
#   4. check: `unspun index check --latency` of the last Q articles (new to the archive; about a
#      fifth of a generated corpus are copies of earlier articles): p50/p99 per article, wall and
#      CPU.
#
#   bench/archive_bench.sh CORPUS.jsonl [Q=1000] [DB=/tmp/unspun_bench.db]
set -euo pipefail
corpus=$1
queries=${2:-1000}
db=${3:-/tmp/unspun_bench.db}
unspun=${UNSPUN:-$(dirname "$0")/../build/unspun}
log=$(mktemp)
qfile=$(mktemp --suffix=.jsonl)
bfile="$db.base.jsonl"  # Beside the archive (a big file: keep it off small /tmp partitions).
trap 'rm -f "$log" "$qfile" "$bfile"' EXIT
rm -f "$db" "$db-wal" "$db-shm"
total=$(grep -c '' "$corpus")
base=$((total - queries))
tail -n "$queries" "$corpus" >"$qfile"
head -n "$base" "$corpus" >"$bfile"

/usr/bin/time -v "$unspun" index add -q --batch 5000 --db "$db" "$bfile" 2>"$log" | tail -n 1 >/dev/null
wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' |
  awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
user=$(grep 'User time' "$log" | awk '{print $NF}')
sys=$(grep 'System time' "$log" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
awk -v n="$base" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
  printf "ingest: %d articles in %.1f s wall (%.0f articles/s); CPU %.1f s user + %.1f s sys (%.0f articles per CPU-second); peak RSS %.0f MB\n",
         n, w, n / w, u, s, n / (u + s), r / 1024 }'

"$unspun" index stats --db "$db" | tee "$log"
echo

start=$(date +%s.%N)
"$unspun" index check -q --db "$db" - </dev/null
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "open: %.1f ms (process start, open, close)\n", (b - a) * 1000 }'

"$unspun" index check -q --latency --db "$db" "$qfile" 2>"$log" >"$qfile.out"
cat "$log"
echo "check: $(grep -c '"relation"' "$qfile.out") reuse pairs found for $queries articles; $(grep -c '"new_story":false' "$qfile.out") joined a story"
rm -f "$qfile.out"
