#!/usr/bin/env bash
# unspun scan's SQLite results file, queried with the sqlite3 shell as a user would: its counts
# match what `unspun pairs` and `unspun inspect` print, its passages slice the articles by code
# points; and bad input (a missing path, unwritable --db / --html, a bad flag) fails clearly with
# the documented exit codes, before any output is written.
set -u
unspun=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
if ! command -v sqlite3 >/dev/null; then
  echo "SKIP: the sqlite3 shell is not installed (scripts/setup.sh installs it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL $1: got '$3', expected '$2'"; fail=1; else echo "ok   $1"; fi
}
q() { sqlite3 -batch -noheader "$1" "$2"; }

compare() {  # compare NAME CORPUS
  local name=$1 corpus=$2 db="$tmp/$1.db"
  "$unspun" scan -q "$corpus" --db "$db" --html "$tmp/$name.html" 2>"$tmp/err" ||
    { echo "FAIL scan $name: $(cat "$tmp/err")"; fail=1; return; }
  "$unspun" pairs -q "$corpus" -o "$tmp/$name.pairs.jsonl"
  "$unspun" inspect -q "$corpus" -o "$tmp/$name.inspect.jsonl"
  local counts
  counts=$(python3 - "$tmp/$name.pairs.jsonl" "$tmp/$name.inspect.jsonl" <<'PY'
import collections, json, sys
pairs = [json.loads(l) for l in open(sys.argv[1])]
inspect = [json.loads(l) for l in open(sys.argv[2])]
rel = collections.Counter(p["relation"] for p in pairs)
flags = collections.Counter(f for r in inspect for f in r["flags"])
print(len(inspect), len(pairs), sum(len(p["passages"]) for p in pairs),
      sum(1 for r in inspect if r["flags"]), rel["duplicate"], rel["rewrite"],
      flags["homoglyphs"], sum(1 for p in pairs if p["source"] is not None))
PY
)
  check "$name: format version" 1 "$(q "$db" "SELECT value FROM meta WHERE key='format_version'")"
  check "$name: articles, pairs, passages, flagged, duplicates, rewrites, homoglyphs, sourced" \
    "$counts" "$(q "$db" "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM pairs),
      (SELECT count(*) FROM passages), (SELECT count(DISTINCT article) FROM flags),
      (SELECT count(*) FROM pairs WHERE relation='duplicate'),
      (SELECT count(*) FROM pairs WHERE relation='rewrite'),
      (SELECT count(*) FROM flags WHERE flag='homoglyphs'),
      (SELECT count(*) FROM pairs WHERE source IS NOT NULL)" | tr '|' ' ')"
  check "$name: every article of a story exists, in one story only" 0 \
    "$(q "$db" "SELECT count(*) FROM story_articles s LEFT JOIN articles a USING (article)
      WHERE a.id IS NULL OR s.article IN (SELECT article FROM story_articles GROUP BY article
      HAVING count(*) > 1)")"
  check "$name: story sizes match their members" 0 \
    "$(q "$db" "SELECT count(*) FROM stories s WHERE size != (SELECT count(*) FROM story_articles
      m WHERE m.story = s.story)")"
  # The passages of the pairs JSON, sliced in Python by code points, equal SQLite's substr().
  python3 - "$tmp/$name.pairs.jsonl" "$corpus" "$db" <<'PY' || fail=1
import json, sqlite3, sys, os
pairs = [json.loads(l) for l in open(sys.argv[1])]
db = sqlite3.connect(sys.argv[3])
texts = dict(db.execute("SELECT id, text FROM articles"))
got = db.execute("""SELECT x.id, y.id, substr(x.text, g.a_begin + 1, g.a_end - g.a_begin)
                    FROM passages g JOIN pairs p USING (pair)
                    JOIN articles x ON x.article = p.a JOIN articles y ON y.article = p.b
                    ORDER BY p.pair, g.a_begin""").fetchall()
want = sorted(((p["a"], p["b"], texts[p["a"]][g["a"][0]:g["a"][1]])
               for p in pairs for g in p["passages"]))
if sorted(got) != want:
    print("FAIL passages sliced by SQLite differ from the JSON offsets")
    sys.exit(1)
print(f"ok   {len(got)} passages: SQLite substr() matches the JSON code-point offsets")
PY
}

compare examples "$root/examples"
if [ -f "$root/../shared/eval/dev/corpus.jsonl" ]; then
  compare dev "$root/../shared/eval/dev/corpus.jsonl"
else
  echo "skip dev: $root/../shared/eval/dev not found"
fi

# The summary on stdout names what it wrote.
(cd "$tmp" && "$unspun" scan "$root/examples/seeds" >"$tmp/out" 2>/dev/null)
check "summary exit" 0 $?
grep -q '^unspun scan: 4 articles' "$tmp/out" || { echo "FAIL summary: $(cat "$tmp/out")"; fail=1; }
grep -q 'unspun-report.html' "$tmp/out" && [ -s "$tmp/unspun-report.html" ] &&
  [ -s "$tmp/unspun-results.db" ] || { echo "FAIL default outputs not written"; fail=1; }
"$unspun" scan -q "$root/examples/seeds" --html "$tmp/q.html" --db "" >"$tmp/out" 2>&1
check "-q prints nothing, --db '' writes no database" "" "$(cat "$tmp/out")"

# Bad input: exit 1 with the culprit named, nothing written; bad flags: exit 2.
echo keep >"$tmp/old.html"
"$unspun" scan "$tmp/missing.jsonl" --html "$tmp/r.html" --db "$tmp/r.db" >/dev/null 2>"$tmp/err"
check "missing path exits 1" 1 $?
grep -q 'missing.jsonl' "$tmp/err" || { echo "FAIL missing path not named: $(cat "$tmp/err")"; fail=1; }
"$unspun" scan "$root/examples" --html "$tmp/old.html" --db "$tmp/no/such/dir/r.db" >/dev/null 2>"$tmp/err"
check "--db in a missing directory exits 1" 1 $?
grep -q 'no/such/dir/r.db' "$tmp/err" || { echo "FAIL --db not named: $(cat "$tmp/err")"; fail=1; }
check "the report is left alone when --db cannot be written" keep "$(cat "$tmp/old.html")"
"$unspun" scan "$root/examples" --html "$tmp" --db "$tmp/r.db" >/dev/null 2>"$tmp/err"
check "--html naming a directory exits 1" 1 $?
grep -q 'is a directory' "$tmp/err" || { echo "FAIL --html directory: $(cat "$tmp/err")"; fail=1; }
"$unspun" scan "$root/examples" --html "$tmp/old.html/r.html" --db "" >/dev/null 2>"$tmp/err"
check "--html under a file exits 1" 1 $?
grep -q 'old.html/r.html' "$tmp/err" || { echo "FAIL --html not named: $(cat "$tmp/err")"; fail=1; }
[ ! -e "$tmp/r.db" ] || { echo "FAIL a failed run wrote $tmp/r.db"; fail=1; }
printf '{"id":"a","text":"First."}\n{"id":"b","text":\n' >"$tmp/bad.jsonl"
"$unspun" scan --strict "$tmp/bad.jsonl" --html "$tmp/s.html" --db "$tmp/s.db" >/dev/null 2>"$tmp/err"
check "--strict with a malformed line exits 1" 1 $?
grep -q 'bad.jsonl:2' "$tmp/err" || { echo "FAIL malformed line not located: $(cat "$tmp/err")"; fail=1; }
"$unspun" scan "$tmp/bad.jsonl" --html "$tmp/s.html" --db "$tmp/s.db" >/dev/null 2>"$tmp/err"
check "a malformed line is skipped without --strict" 1 "$(q "$tmp/s.db" 'SELECT count(*) FROM articles')"
"$unspun" scan --min-score 7 "$root/examples" >/dev/null 2>&1
check "out-of-range --min-score exits 2" 2 $?
"$unspun" scan --help >"$tmp/out" 2>&1
check "scan --help" 0 $?
grep -q 'docs/scan.md' "$tmp/out" || { echo "FAIL scan --help does not point to docs/scan.md"; fail=1; }
exit $fail
