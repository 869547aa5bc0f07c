#!/usr/bin/env bash
# Crash safety of the archive: `unspun index add` of a large input is killed with SIGKILL at random
# moments, at least 20 times (during analysis, inserts, index merges, commits, checkpoints). After
# each kill, every article whose id the killed process had acknowledged on stdout must be stored,
# and `unspun index verify` must pass. A reader (`index check`) runs while the writer adds and
# must succeed. The input is generated here (made-up words), so this needs no evaluation data.
set -u
unspun=$1
tmp=$(mktemp -d)
writer=
cleanup() {
  [ -n "$writer" ] && kill -9 "$writer" 2>/dev/null
  [ -n "${reader:-}" ] && kill -9 "$reader" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

python3 - "$tmp/big.jsonl" <<'PY'
import json, random, sys
rng = random.Random(7)
syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
stops = ["the", "of", "and", "to", "in", "was", "for", "with", "on", "at"]
with open(sys.argv[1], "w") as f:
    for i in range(4000):
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                words = [rng.choice(stops) if k % 3 == 2 else "".join(rng.choices(syllables, k=rng.randint(1, 3)))
                         for k in range(rng.randint(8, 22))]
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        f.write(json.dumps({"id": "k%05d" % i, "title": "Item %d" % i, "text": "\n\n".join(paragraphs)}) + "\n")
PY
head -50 "$tmp/big.jsonl" >"$tmp/probe.jsonl"

# How long one whole add takes here: kill moments are drawn inside it, so that kills land on a
# fast machine as on a busy one.
start=$(date +%s.%N)
"$unspun" index add -q --batch 100 -j 1 --db "$tmp/timing.db" "$tmp/big.jsonl" >/dev/null || exit 1
full=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }')
echo "one whole add takes ${full}s"
db="$tmp/kill.db"
: >"$tmp/acked"
RANDOM=12345
kills=0
runs=0
while [ "$kills" -lt 20 ] && [ "$runs" -lt 60 ]; do
  runs=$((runs + 1))
  # Small batches: acknowledgements come often, so kills land between and inside commits.
  "$unspun" index add -q --batch $((20 + RANDOM % 200)) -j 1 --db "$db" "$tmp/big.jsonl" \
    >"$tmp/out.$runs" 2>"$tmp/err.$runs" &
  writer=$!
  delay=$(awk -v r=$RANDOM -v f="$full" 'BEGIN { printf "%.3f", 0.02 + r / 32768 * 0.8 * f }')
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 2 }')"
  # The reader runs beside the writer, and may still run when the writer is killed; it does not
  # delay the kill (its first check may extract story features the writer has not saved yet).
  reader=
  if [ -s "$db" ]; then
    "$unspun" index check -q --db "$db" "$tmp/probe.jsonl" >/dev/null 2>"$tmp/reader.err" &
    reader=$!
  fi
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 2 }')"
  if kill -9 "$writer" 2>/dev/null; then
    wait "$writer" 2>/dev/null
    kills=$((kills + 1))
  else
    wait "$writer"
    rc=$?
    if [ "$rc" -ne 0 ]; then
      echo "FAIL: add exited with $rc before being killed (run $runs):"
      cat "$tmp/err.$runs"
      exit 1
    fi
  fi
  writer=
  if [ -n "$reader" ] && ! wait "$reader"; then
    echo "FAIL: a reader failed while the writer added (run $runs):"
    cat "$tmp/reader.err"
    exit 1
  fi
  # Complete acknowledgement lines only: the kill may cut the last one.
  grep -o '^{"id":"[^"]*","action":"[a-z]*"}$' "$tmp/out.$runs" | sed 's/^{"id":"\([^"]*\)".*/\1/' \
    >>"$tmp/acked"
  if ! "$unspun" index verify --db "$db" >"$tmp/verify.out" 2>&1; then
    echo "FAIL: index verify after kill $kills (run $runs):"
    cat "$tmp/verify.out"
    exit 1
  fi
  "$unspun" index list --db "$db" | sed 's/^{"id":"\([^"]*\)".*/\1/' | sort -u >"$tmp/stored"
  sort -u "$tmp/acked" >"$tmp/acked.sorted"
  missing=$(comm -23 "$tmp/acked.sorted" "$tmp/stored" | wc -l)
  if [ "$missing" -ne 0 ]; then
    echo "FAIL: $missing acknowledged articles missing after kill $kills (run $runs), e.g.:"
    comm -23 "$tmp/acked.sorted" "$tmp/stored" | head -5
    exit 1
  fi
  echo "run $runs: killed after ${delay}s: $(wc -l <"$tmp/out.$runs") acknowledged by it, $(wc -l <"$tmp/acked.sorted") in all, $(wc -l <"$tmp/stored") stored, verify ok"
done
if [ "$kills" -lt 20 ]; then
  echo "FAIL: only $kills kills landed in $runs runs"
  exit 1
fi
echo "ok: $kills SIGKILLs in $runs runs; every acknowledged article present; verify passed each time"
