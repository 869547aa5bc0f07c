#!/usr/bin/env bash
# unspun pairs on the development set (../shared/eval/dev), scored by its score.py, against the
# floors of the reuse engine. Skips (77) where ../shared is absent, as in a user's clone.
set -u
unspun=$1
root=$2
. "$root/tests/e2e/lib/dev_data.sh"
"$unspun" pairs -q "$eval_dir/dev/corpus.jsonl" -o "$tmp/pairs.jsonl" || exit 1
python3 "$eval_dir/score.py" "$eval_dir/dev/truth.jsonl" --pairs "$tmp/pairs.jsonl" --json >"$tmp/score.json" || exit 1
python3 "$root/tests/e2e/check_floors.py" "$tmp/score.json" pairs
