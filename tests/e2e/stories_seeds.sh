#!/usr/bin/env bash
# unspun stories on the bundled seeds: 000 (a spun, case-mangled copy), 001 and 002 report one
# interview and make one story; 004 (the summit press conference two days later) is in it or
# "related" to it. --quotes lists the interview's words carried by several of them.
set -u
unspun=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$unspun" stories -q --quotes "$root/examples/seeds" -o "$tmp/stories.jsonl" || exit 1
python3 - "$tmp/stories.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
story = {a: r["story"] for r in rows for a in r["articles"]}
by_id = {r["story"]: r for r in rows}
s = story["000_spun_copy_of_nbc"]
assert story["001_nbc_interview_summary"] == s and story["002_putin_denies_accusations"] == s, rows
print("ok   seeds 000, 001, 002 in one story")
t = story["004_axios_summit_press_conference"]
assert t == s or t in by_id[s]["related"] or s in by_id[t]["related"], rows
print("ok   seed 004 " + ("in it" if t == s else "related to it"))
shared = [q for q in by_id[s]["quotes"] if len(q["articles"]) >= 2]
assert shared, by_id[s]["quotes"]
for q in shared:
    assert q["text"] and len(set(q["articles"])) == len(q["articles"]), q
print(f"ok   {len(shared)} quotes carried by two seeds or more, e.g. {shared[0]['text'][:60]!r}")
PY
status=$?
# Bad input: a missing path fails (1) naming it; a bad flag is a usage error (2); a malformed
# JSON line is skipped with file:line and the rest is grouped.
"$unspun" stories "$root/no/such/dir" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no/such/dir" "$tmp/err" && echo "ok   missing path: exit 1" || { echo "FAIL missing path"; status=1; }
"$unspun" stories --min-size 0 "$root/examples/seeds" >/dev/null 2>&1
[ $? -eq 2 ] && echo "ok   bad flag: exit 2" || { echo "FAIL bad flag"; status=1; }
printf '{"id":"a","text":"Putin met Biden in Geneva."}\nnot json\n' >"$tmp/bad.jsonl"
"$unspun" stories "$tmp/bad.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q "bad.jsonl:2" "$tmp/err" && [ "$(wc -l <"$tmp/out.jsonl")" -eq 1 ]; then
  echo "ok   malformed line skipped with file:line"
else
  echo "FAIL malformed line"; cat "$tmp/err"; status=1
fi
exit $status
