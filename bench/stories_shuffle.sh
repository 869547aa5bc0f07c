#!/usr/bin/env bash
# Order robustness of `unspun stories`: scores stories-dev in the given order and in a few seeded
# shuffles of its lines (B-cubed F1 via score.py), and prints min / mean.
# Usage: bench/stories_shuffle.sh build/unspun [seeds...]   (default seeds 1 2 3 4 5)
set -eu
unspun=$1
shift
seeds=${*:-1 2 3 4 5}
eval_dir="$(dirname "$0")/../../shared/eval/stories-dev"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
f1s=()
for seed in given $seeds; do
  if [ "$seed" = given ]; then
    cp "$eval_dir/corpus.jsonl" "$tmp/c.jsonl"
  else
    python3 -c "import random,sys; l=open(sys.argv[1]).readlines(); random.Random(int(sys.argv[2])).shuffle(l); sys.stdout.writelines(l)" \
      "$eval_dir/corpus.jsonl" "$seed" >"$tmp/c.jsonl"
  fi
  "$unspun" stories -q "$tmp/c.jsonl" -o "$tmp/s.jsonl"
  f1=$(python3 "$eval_dir/../score.py" "$eval_dir/truth.jsonl" --stories "$tmp/s.jsonl" --json |
    python3 -c "import json,sys; s=json.load(sys.stdin)['stories']; print('%.4f %.4f %.4f' % (s['bcubed_precision'], s['bcubed_recall'], s['bcubed_f1']))")
  echo "$seed P/R/F1 $f1"
  f1s+=("${f1##* }")
done
python3 -c "import sys; v=[float(x) for x in sys.argv[1:]]; print('min %.4f mean %.4f' % (min(v), sum(v)/len(v)))" "${f1s[@]}"
