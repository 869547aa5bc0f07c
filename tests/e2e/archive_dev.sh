#!/usr/bin/env bash
# The archive agrees with the batch engine on the development set: `index add` of the dev base
# articles (those never the copy, "a", of a truth pair), then `index check --add` of each derived
# article in corpus order, must give the same reuse pairs, relations, sources and passages as
# `unspun pairs` on the whole corpus (restricted to pairs with a derived article: pairs between
# two base articles are only seen when both are checked), and meet the floors of the reuse engine.
# Without --add, the derived articles find exactly the batch pairs between a derived and a base
# article.
# Passages may differ slightly at their edges where a pair's corpus order differs from the order
# of arrival (verification is not exactly symmetric), so there they must overlap by 90%; streaming
# the whole corpus in corpus order through `index check --add` must give exactly the batch output.
# Skips (77) where ../shared is absent.
set -u
unspun=$1
root=$2
. "$root/tests/e2e/lib/dev_data.sh"
python3 - "$eval_dir/dev" "$tmp" <<'PY' || exit 1
import json, sys
dev, tmp = sys.argv[1], sys.argv[2]
derived = {json.loads(l)["a"] for l in open(dev + "/truth.jsonl") if '"pair"' in l}
with open(tmp + "/base.jsonl", "w") as b, open(tmp + "/derived.jsonl", "w") as d:
    for line in open(dev + "/corpus.jsonl"):
        (d if json.loads(line)["id"] in derived else b).write(line)
PY
db="$tmp/dev.db"
"$unspun" index add -q --db "$db" "$tmp/base.jsonl" >"$tmp/acks.jsonl" || exit 1
"$unspun" index check -q --db "$db" "$tmp/derived.jsonl" >"$tmp/check_only.jsonl" || exit 1
"$unspun" index check -q --add --latency --db "$db" "$tmp/derived.jsonl" >"$tmp/check.jsonl" || exit 1
"$unspun" index check -q --add --db "$tmp/stream.db" "$eval_dir/dev/corpus.jsonl" >"$tmp/stream.jsonl" || exit 1
"$unspun" pairs -q "$eval_dir/dev/corpus.jsonl" -o "$tmp/batch.jsonl" || exit 1
"$unspun" index verify --db "$db" || exit 1
# The relations check --add found are stored: listing them gives the same lines.
"$unspun" index list --pairs --db "$db" | sort >"$tmp/stored_pairs.jsonl" || exit 1
grep '"relation"' "$tmp/check.jsonl" | sort | cmp - "$tmp/stored_pairs.jsonl" ||
  { echo "FAIL: index list --pairs differs from the pairs check --add printed"; exit 1; }
python3 - "$tmp" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
derived = {json.loads(l)["id"] for l in open(tmp + "/derived.jsonl")}
acked = [json.loads(l) for l in open(tmp + "/acks.jsonl")]
base = sum(1 for _ in open(tmp + "/base.jsonl"))
assert len(acked) == base and all(a["action"] == "added" for a in acked), "add acknowledged %d of %d" % (len(acked), base)

def load(path):
    out = {}
    for line in open(path):
        r = json.loads(line)
        if "relation" not in r:
            continue
        a, b = sorted((r["a"], r["b"]))
        flip = a != r["a"]
        passages = sorted((tuple(g["b"]), tuple(g["a"])) if flip else (tuple(g["a"]), tuple(g["b"])) for g in r["passages"])
        out[(a, b)] = (r["relation"], r["source"], passages)
    return out

def overlap(x, y):
    """Character F-measure between two passage lists (both sides)."""
    def chars(ps, side):
        return {(side, c) for p in ps for c in range(*p[side])}
    cx, cy = chars(x, 0) | chars(x, 1), chars(y, 0) | chars(y, 1)
    return 2 * len(cx & cy) / max(1, len(cx) + len(cy))

def compare(name, batch, check, min_overlap):
    only_batch = sorted(batch.keys() - check.keys())
    only_check = sorted(check.keys() - batch.keys())
    differ = sorted(k for k in batch.keys() & check.keys() if batch[k][:2] != check[k][:2]
                    or overlap(batch[k][2], check[k][2]) < min_overlap)
    exact = sum(1 for k in batch.keys() & check.keys() if batch[k] == check[k])
    print("%s: batch %d pairs, archive %d; only batch %d, only archive %d, differing %d; passages identical in %d"
          % (name, len(batch), len(check), len(only_batch), len(only_check), len(differ), exact))
    for k in (only_batch + only_check + differ)[:10]:
        print("  ", k, batch.get(k), check.get(k))
    return not (only_batch or only_check or differ)

batch_all = load(tmp + "/batch.jsonl")
ok = compare("base added, derived checked", {k: v for k, v in batch_all.items() if derived & set(k)},
             load(tmp + "/check.jsonl"), 0.9)
base = {json.loads(l)["id"] for l in open(tmp + "/base.jsonl")}
ok = compare("derived checked without --add (pairs with a base article)",
             {k: v for k, v in batch_all.items() if derived & set(k) and base & set(k)},
             load(tmp + "/check_only.jsonl"), 0.9) and ok
ok = compare("whole corpus streamed", batch_all, load(tmp + "/stream.jsonl"), 1.0) and ok
articles = [json.loads(l) for l in open(tmp + "/check.jsonl") if '"new_story"' in l]
print("derived articles checked: %d, joined a story: %d" % (len(articles), sum(not a["new_story"] for a in articles)))
assert len(articles) == len(derived), "one article line per checked article"
sys.exit(0 if ok else 1)
PY
python3 "$eval_dir/score.py" "$eval_dir/dev/truth.jsonl" --pairs "$tmp/check.jsonl" --json >"$tmp/score.json" || exit 1
python3 "$root/tests/e2e/check_floors.py" "$tmp/score.json" pairs
