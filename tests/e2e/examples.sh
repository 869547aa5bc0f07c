#!/usr/bin/env bash
# The bundled examples: seed 000 is flagged as disguised and nothing else is; no reuse pair among
# the seeds (they share quotes, not text).
set -u
unspun=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$unspun" inspect "$root/examples/seeds" >"$tmp/inspect.jsonl" 2>"$tmp/err" || { echo "FAIL inspect: $(cat "$tmp/err")"; exit 1; }
python3 - "$tmp/inspect.jsonl" <<'PY' || fail=1
import json, sys
rows = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
assert len(rows) == 4, rows.keys()
bad = rows.pop("000_spun_copy_of_nbc")
assert "homoglyphs" in bad["flags"] and "spun" in bad["flags"], bad["flags"]
assert "copy_of" not in bad["flags"], bad["flags"]  # Its source is not among the seeds.
assert bad["homoglyphs"]["chars"][0]["field"] == "title", bad
case = [s for s in bad["spun"]["signals"] if s["name"] == "case"][0]
assert any(m["what"] == "u.S." for m in case["marks"]), case
# The others are real reports: none disguised, spun or a copy, so none is flagged. 001 and 002
# carry real site furniture ("Also Read:" links, a share bar): reported as spans, not as a flag,
# since they copy nothing.
for k, r in rows.items():
    assert r["flags"] == [], (k, r["flags"])
    assert r["spun"]["score"] < 0.2, (k, r["spun"])
assert rows["001_nbc_interview_summary"]["boilerplate"]["count"] >= 1
assert "boilerplate" not in bad["flags"], bad["flags"]
print("ok   inspect flags seed 000 only (homoglyphs, spun)")
PY

"$unspun" pairs "$root/examples/seeds" >"$tmp/pairs.jsonl" 2>"$tmp/err" || { echo "FAIL pairs: $(cat "$tmp/err")"; exit 1; }
if [ -s "$tmp/pairs.jsonl" ]; then echo "FAIL reuse pairs among the seeds:"; cat "$tmp/pairs.jsonl"; fail=1; else echo "ok   no pair among the seeds"; fi

title=$(head -n 1 "$root/examples/seeds/000_spun_copy_of_nbc.txt" | "$unspun" normalize)
plain=$(echo "Putin dismisses grievance of hacking and inner crackdowns ahead of biden summit" | "$unspun" normalize)
[ "$title" = "$plain" ] && echo "ok   seed 000 title normalizes to plain ASCII" || { echo "FAIL title: $title"; fail=1; }
exit $fail
