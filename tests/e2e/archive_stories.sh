#!/usr/bin/env bash
# Stories of the archive on the story development set (../shared/eval/stories-dev): `index add`
# files each article in a story as it arrives (docs/archive.md, "Stories"). Scored by score.py
# (B-cubed) against the floors in check_floors.py: added in batches of 100, and one article at a
# time through `index check --add` into an empty archive. Skips (77) where ../shared is absent.
set -u
unspun=$1
root=$2
. "$root/tests/e2e/lib/dev_data.sh"
corpus="$eval_dir/stories-dev/corpus.jsonl"
score() {  # score DB NAME FLOORS
  "$unspun" index list --stories --db "$1" >"$tmp/$2.jsonl" || exit 1
  python3 "$eval_dir/score.py" "$eval_dir/stories-dev/truth.jsonl" --stories "$tmp/$2.jsonl" \
    --json >"$tmp/$2.score" || exit 1
  echo "$2:"
  python3 "$root/tests/e2e/check_floors.py" "$tmp/$2.score" stories "$3" || exit 1
}
"$unspun" index add -q --batch 100 --db "$tmp/batches.db" "$corpus" >/dev/null || exit 1
score "$tmp/batches.db" batches archive_stories
"$unspun" index check -q --add --db "$tmp/stream.db" "$corpus" >"$tmp/stream.out" || exit 1
score "$tmp/stream.db" one_at_a_time archive_stories_cold
# check printed one story line per article; the archive holds each article in one story.
python3 - "$tmp/stream.out" "$tmp/one_at_a_time.jsonl" <<'PY' || exit 1
import json, sys
printed = {r["id"]: r["story"] for r in map(json.loads, open(sys.argv[1])) if "new_story" in r}
stories = [s for s in map(json.loads, open(sys.argv[2]))]
stored = [a for s in stories for a in s["articles"]]
assert len(stored) == len(set(stored)), "an article in two stories"
assert printed.keys() == set(stored), "check printed %d articles, the archive holds %d" % (len(printed), len(stored))
print("ok   %d articles; %d stories printed, %d stored" % (len(printed), len(set(printed.values())), len(stories)))
PY
