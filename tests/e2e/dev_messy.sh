#!/usr/bin/env bash
# unspun pairs and inspect on ../shared/eval/dev-messy: the articles and truth of dev/, two thirds
# of them formatted as real text arrives (hard-wrapped, line breaks inside sentences,
# single-newline paragraphs, CRLF, quote marks that never close). A copy is a copy however its
# lines break, so the floors are dev's. Skips (77) where ../shared is absent, as in a user's clone.
set -u
unspun=$1
root=$2
. "$root/tests/e2e/lib/dev_data.sh"
set_dir="$eval_dir/dev-messy"
if [ ! -f "$set_dir/corpus.jsonl" ]; then
  echo "SKIP: $set_dir not found"
  exit 77
fi
"$unspun" pairs -q "$set_dir/corpus.jsonl" -o "$tmp/pairs.jsonl" || exit 1
python3 "$eval_dir/score.py" "$set_dir/truth.jsonl" --pairs "$tmp/pairs.jsonl" --json >"$tmp/score.json" || exit 1
python3 "$root/tests/e2e/check_floors.py" "$tmp/score.json" pairs || exit 1
"$unspun" inspect -q "$set_dir/corpus.jsonl" -o "$tmp/inspect.jsonl" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
if grep -q "lexicon files not found" "$tmp/err"; then
  echo "SKIP: $(cat "$tmp/err") (scripts/setup.sh --deps installs them)"
  exit 77
fi
python3 "$eval_dir/score.py" "$set_dir/truth.jsonl" --inspect "$tmp/inspect.jsonl" --json >"$tmp/iscore.json" || exit 1
python3 "$root/tests/e2e/check_floors.py" "$tmp/iscore.json" inspect
