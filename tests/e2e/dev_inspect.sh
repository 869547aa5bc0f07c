#!/usr/bin/env bash
# unspun inspect on the development set (../shared/eval/dev), scored by its score.py against the
# floors of the inspect flags; also counts `spun` on stories-dev, real articles none of which is
# spun (every flag there is a false positive; at most 1% allowed). Skips (77) where ../shared is
# absent, as in a user's clone, or where the lexicon packages are missing.
set -u
unspun=$1
root=$2
. "$root/tests/e2e/lib/dev_data.sh"
"$unspun" inspect -q "$eval_dir/dev/corpus.jsonl" -o "$tmp/inspect.jsonl" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
if grep -q "lexicon files not found" "$tmp/err"; then
  echo "SKIP: $(cat "$tmp/err") (scripts/setup.sh --deps installs them)"
  exit 77
fi
python3 "$eval_dir/score.py" "$eval_dir/dev/truth.jsonl" --inspect "$tmp/inspect.jsonl" --json >"$tmp/score.json" || exit 1
python3 "$root/tests/e2e/check_floors.py" "$tmp/score.json" inspect || exit 1
if [ -f "$eval_dir/stories-dev/corpus.jsonl" ]; then
  "$unspun" inspect -q "$eval_dir/stories-dev/corpus.jsonl" -o "$tmp/stories.jsonl" || exit 1
  python3 - "$tmp/stories.jsonl" <<'PY' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
fp = [r["id"] for r in rows if "spun" in r["flags"]]
ok = len(fp) <= len(rows) // 100
print(f"{'ok  ' if ok else 'FAIL'} stories-dev spun false positives: {len(fp)} of {len(rows)} {fp[:10]}")
sys.exit(0 if ok else 1)
PY
fi
