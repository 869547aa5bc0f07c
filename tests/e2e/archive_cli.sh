#!/usr/bin/env bash
# unspun index on the bundled examples: add, check (with and without --add), list, stats,
# verify, remove, compact; and the exit codes and messages for bad archives and bad command lines.
set -u
unspun=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}
db="$tmp/a.db"
seeds="$root/examples/seeds"

# add: one acknowledgement per article, then the same again: replaced, or skipped.
"$unspun" index add -q --db "$db" "$seeds" >"$tmp/add1" || fail "add"
[ "$(grep -c '"action":"added"' "$tmp/add1")" -eq 4 ] || fail "4 added: $(cat "$tmp/add1")"
"$unspun" index add -q --db "$db" "$seeds" >"$tmp/add2" || fail "add again"
[ "$(grep -c '"action":"replaced"' "$tmp/add2")" -eq 4 ] || fail "4 replaced: $(cat "$tmp/add2")"
"$unspun" index add -q --skip-existing --db "$db" "$seeds" >"$tmp/add3" || fail "add --skip-existing"
[ "$(grep -c '"action":"skipped"' "$tmp/add3")" -eq 4 ] || fail "4 skipped: $(cat "$tmp/add3")"

# check: a copy of a seed under another id finds it, in the pairs format, without storing it.
python3 - "$seeds/002_putin_denies_accusations.txt" >"$tmp/copy.jsonl" <<'PY'
import json, sys
print(json.dumps({"id": "copy", "text": open(sys.argv[1]).read().split("\n", 1)[1]}))
PY
"$unspun" index check -q --db "$db" "$tmp/copy.jsonl" >"$tmp/check" || fail "check"
grep -q '"a":"copy","b":"002_putin_denies_accusations","relation":"duplicate"' "$tmp/check" ||
  fail "check found no duplicate: $(cat "$tmp/check")"
grep -q '"passages":\[{"a":\[' "$tmp/check" || fail "no passages: $(cat "$tmp/check")"
grep -q '"id":"copy","story":[0-9]*,"new_story":false,"pairs":1' "$tmp/check" ||
  fail "no story line: $(cat "$tmp/check")"
"$unspun" index list --db "$db" | grep -q '"copy"' && fail "check without --add stored the article"
"$unspun" index check -q --add --db "$db" "$tmp/copy.jsonl" | grep -q '"action":"added"' ||
  fail "check --add"
[ "$("$unspun" index list --db "$db" | grep -c '"id"')" -eq 5 ] || fail "5 articles after --add"
"$unspun" index list --pairs --db "$db" | grep -q '^{"a":"copy","b":"002_putin_denies_accusations","relation":"duplicate"' ||
  fail "the pair found by check --add is not stored"
story_of() { "$unspun" index list --db "$db" | grep "\"id\":\"$1\"" | sed 's/.*"story":\([0-9]*\).*/\1/'; }
[ "$(story_of copy)" = "$(story_of 002_putin_denies_accusations)" ] || fail "the copy joined another story"
# The four seed reports are one event (as `unspun stories` finds): the archive files them in one
# story, and the copy joins it.
"$unspun" index list --stories --db "$db" | grep -q '"articles":\["000_spun_copy_of_nbc","001_nbc_interview_summary","002_putin_denies_accusations","004_axios_summit_press_conference","copy"\]' ||
  fail "list --stories: $("$unspun" index list --stories --db "$db")"

# stats, verify, compact, remove.
"$unspun" index stats --db "$db" | grep -q '"articles":5' || fail "stats"
[ "$("$unspun" index verify --db "$db")" = '{"ok":true}' ] || fail "verify"
"$unspun" index compact --db "$db" || fail "compact"
"$unspun" index stats --db "$db" | grep -q '"index_runs":1' || fail "one run after compact"
"$unspun" index remove --db "$db" copy nope >"$tmp/rm"
[ $? -eq 1 ] || fail "remove of a missing id exits 1"
[ -z "$("$unspun" index list --pairs --db "$db")" ] || fail "the removed article's pair is still stored"
grep -q '"id":"copy","action":"removed"' "$tmp/rm" && grep -q '"id":"nope","action":"not_found"' "$tmp/rm" ||
  fail "remove output: $(cat "$tmp/rm")"
"$unspun" index verify --db "$db" >/dev/null || fail "verify after remove"

# Bad archives: exit 1 with a message naming the file; never a crash (exit >= 128).
expect_error() {  # expect_error PATTERN COMMAND...
  local pattern=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ "$rc" -eq 1 ] || fail "exit $rc (want 1) from: $* ($(cat "$tmp/err"))"
  grep -q "$pattern" "$tmp/err" || fail "no '$pattern' in: $(cat "$tmp/err")"
}
expect_error "no such archive" "$unspun" index check --db "$tmp/missing.db" "$tmp/copy.jsonl"
[ -e "$tmp/missing.db" ] && fail "check created an archive"
echo "id,text" >"$tmp/csv.db"
expect_error "not a SQLite database" "$unspun" index stats --db "$tmp/csv.db"
expect_error "not a SQLite database" "$unspun" index add --db "$tmp/csv.db" "$seeds"
cp "$db" "$tmp/cut.db"
truncate -s 8192 "$tmp/cut.db"
expect_error "truncated" "$unspun" index verify --db "$tmp/cut.db"
python3 - "$tmp/other.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t(x)"); c.commit()
PY
expect_error "not an unspun archive" "$unspun" index check --db "$tmp/other.db" "$tmp/copy.jsonl"
cp "$db" "$tmp/new.db"
python3 - "$tmp/new.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 7"); c.commit()
PY
expect_error "newer than this unspun reads" "$unspun" index check --db "$tmp/new.db" "$tmp/copy.jsonl"

# A slow stream: each article is stored and acknowledged as it arrives, and once the writer has
# waited 2 s its story features are saved (a bulk load writes them only at its end).
stream="$tmp/stream.db"
python3 - "$seeds" >"$tmp/seeds.jsonl" <<'PY'
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])):
    text = open(os.path.join(sys.argv[1], name)).read()
    print(json.dumps({"id": name, "text": text.split("\n", 1)[1]}))
PY
(head -n 2 "$tmp/seeds.jsonl"; sleep 4; tail -n 2 "$tmp/seeds.jsonl") |
  "$unspun" index add -q --batch 1 --db "$stream" - >"$tmp/stream.out" &
streamer=$!
sleep 3
[ "$(grep -c '"action":"added"' "$tmp/stream.out")" -eq 2 ] ||
  fail "2 of a stream acknowledged before it ends: $(cat "$tmp/stream.out")"
saved=$(python3 -c "import sqlite3, sys; print(sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True).execute('SELECT count(*) FROM story_features').fetchone()[0])" "$stream")
[ "$saved" -eq 2 ] || fail "story features of an idle stream saved: $saved rows"
wait "$streamer" || fail "the stream's add"
[ "$(grep -c '"action":"added"' "$tmp/stream.out")" -eq 4 ] || fail "4 of a stream acknowledged"

# Bad command lines: exit 2.
"$unspun" index >/dev/null 2>&1
[ $? -eq 2 ] || fail "index without a subcommand exits 2"
"$unspun" index add --sync sometimes --db "$db" "$seeds" >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad --sync exits 2"
"$unspun" index remove --db "$db" >/dev/null 2>&1
[ $? -eq 2 ] || fail "remove without ids exits 2"
echo "ok"
