#!/usr/bin/env bash
# unspun compare as a user meets it: the terminal view (colour only on a terminal, none with
# NO_COLOR), --json, --html, ids from a corpus, and bad arguments. Needs only examples/.
set -u
unspun=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, expected $2"; fail=1; else echo "ok   $1"; fi
}
seeds="$root/examples/seeds"
"$unspun" compare --help >"$tmp/out" 2>&1; check "compare --help" 0 $?
grep -q 'NO_COLOR' "$tmp/out" || { echo "FAIL compare --help does not explain colour"; fail=1; }

# Seed 000's title and its plain-ASCII twin, as two articles of one corpus.
python3 - "$seeds/000_spun_copy_of_nbc.txt" >"$tmp/titles.jsonl" <<'PY'
import json, sys, unicodedata
title = open(sys.argv[1], encoding="utf-8").readline().strip()
def ascii_of(c):
    if ord(c) < 0x80: return c
    name = unicodedata.name(c)  # "CYRILLIC SMALL LETTER A" -> "a"
    letter = {"IE": "E", "ER": "P", "ES": "C", "HA": "X", "U": "Y", "BYELORUSSIAN-UKRAINIAN I": "I"}.get(name.split("LETTER ")[1], name.split("LETTER ")[1])
    return letter if "CAPITAL" in name else letter.lower()
print(json.dumps({"id": "title", "text": title}))
print(json.dumps({"id": "twin", "text": "".join(ascii_of(c) for c in title)}))
PY
cyrillic=$(python3 -c 'import sys,json; t=json.loads(open(sys.argv[1]).readline())["text"]; print(sum(0x400<=ord(c)<=0x4ff for c in t))' "$tmp/titles.jsonl")
"$unspun" compare --corpus "$tmp/titles.jsonl" title twin --json >"$tmp/out.json"; check "compare --json" 0 $?
python3 - "$tmp/out.json" "$cyrillic" <<'PY' || fail=1
import json, sys
o = json.load(open(sys.argv[1])); n = int(sys.argv[2])
marked = [d for d in o["disguised"]["a"] if d["field"] == "text"]
inside = [d for p in o["shared"] + o["passages"] for d in p["disguised"]["a"]]
ok = n >= 10 and len(marked) == n and len(inside) == n and not o["disguised"]["b"]
print(("ok   " if ok else "FAIL ") + f"title vs ASCII twin: {len(marked)} marked, {len(inside)} in passages, {n} Cyrillic")
sys.exit(0 if ok else 1)
PY
"$unspun" compare --corpus "$tmp/titles.jsonl" title twin >"$tmp/out.txt"; check "compare (not a terminal)" 0 $?
[ "$(grep -o '«' "$tmp/out.txt" | wc -l)" = "$((cyrillic + 1))" ] ||
  { echo "FAIL plain view marks: $(cat "$tmp/out.txt")"; fail=1; }
grep -q $'\x1b\[' "$tmp/out.txt" && { echo "FAIL colour codes in a file"; fail=1; }
if command -v script >/dev/null; then
  # On a terminal: coloured; with NO_COLOR set: not.
  script -qec "'$unspun' compare --corpus '$tmp/titles.jsonl' title twin" /dev/null >"$tmp/tty.txt"
  grep -q $'\x1b\[1;7;35m' "$tmp/tty.txt" && echo "ok   colour on a terminal" ||
    { echo "FAIL no colour on a terminal"; fail=1; }
  NO_COLOR=1 script -qec "'$unspun' compare --corpus '$tmp/titles.jsonl' title twin" /dev/null >"$tmp/tty.txt"
  grep -q $'\x1b\[' "$tmp/tty.txt" && { echo "FAIL colour despite NO_COLOR"; fail=1; } ||
    echo "ok   NO_COLOR on a terminal"
fi

# Two independent reports of one interview share quotes, not prose: no reuse.
"$unspun" compare "$seeds/000_spun_copy_of_nbc.txt" "$seeds/001_nbc_interview_summary.txt" \
  --json --html "$tmp/seeds.html" >"$tmp/out.json"; check "compare two files" 0 $?
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); sys.exit(o["relation"] is not None)' \
  "$tmp/out.json" && echo "ok   seeds 000 and 001 are not reuse" ||
  { echo "FAIL seeds 000/001: $(head -c 300 "$tmp/out.json")"; fail=1; }
grep -q 'id="side-b"' "$tmp/seeds.html" && ! grep -qE '(src|href)="https?:' "$tmp/seeds.html" &&
  echo "ok   --html self-contained" || { echo "FAIL --html page"; fail=1; }

# Bad arguments: a clear message and a non-zero exit.
"$unspun" compare --corpus "$tmp/titles.jsonl" title nosuchid >/dev/null 2>"$tmp/err"
check "unknown id" 1 $?
grep -q 'nosuchid' "$tmp/err" || { echo "FAIL unknown id not named: $(cat "$tmp/err")"; fail=1; }
"$unspun" compare "$tmp/titles.jsonl" "$seeds/001_nbc_interview_summary.txt" >/dev/null 2>"$tmp/err"
check "file of two articles" 1 $?
grep -q 'exactly one' "$tmp/err" || { echo "FAIL two-article file: $(cat "$tmp/err")"; fail=1; }
"$unspun" compare "$tmp/missing.txt" "$seeds/001_nbc_interview_summary.txt" >/dev/null 2>&1
check "missing file" 1 $?
"$unspun" compare "$seeds/001_nbc_interview_summary.txt" >/dev/null 2>&1; check "one argument" 2 $?
"$unspun" compare --corpus "$tmp/titles.jsonl" title twin --html /nonexistent/dir/x.html \
  >/dev/null 2>"$tmp/err"
check "unwritable --html" 1 $?
exit $fail
