#!/usr/bin/env bash
# unspun stories on the story development set (../shared/eval/stories-dev), scored by its
# score.py (B-cubed), against the floors in check_floors.py. Skips (77) where ../shared is absent.
set -u
unspun=$1
root=$2
eval_dir="$root/../shared/eval"
if [ ! -f "$eval_dir/stories-dev/corpus.jsonl" ]; then
  echo "SKIP: $eval_dir/stories-dev not found (the evaluation data sits beside the checkout in CI only)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$unspun" stories -q "$eval_dir/stories-dev/corpus.jsonl" -o "$tmp/stories.jsonl" || exit 1
python3 - "$tmp/stories.jsonl" <<'PY' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
seen = set()
for r in rows:
    for key in ("story", "articles", "label", "outlets", "first", "last", "related"):
        assert key in r, (key, r)
    assert not seen & set(r["articles"]), "an article in two stories"
    seen |= set(r["articles"])
print(f"ok   {len(rows)} stories, {len(seen)} articles, each in one story")
PY
python3 "$eval_dir/score.py" "$eval_dir/stories-dev/truth.jsonl" --stories "$tmp/stories.jsonl" --json >"$tmp/score.json" || exit 1
python3 "$root/tests/e2e/check_floors.py" "$tmp/score.json" stories
