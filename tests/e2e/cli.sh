#!/usr/bin/env bash
# The CLI as a user meets it: help, version, exit codes, bad input on stdin and in files.
set -u
unspun=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, expected $2"; fail=1; else echo "ok   $1"; fi
}

"$unspun" --help >"$tmp/out" 2>&1; check "--help" 0 $?
grep -q 'Exit status' "$tmp/out" || { echo "FAIL --help does not document exit status"; fail=1; }
"$unspun" --version >"$tmp/out" 2>&1; check "--version" 0 $?
grep -qE '^unspun [0-9]+\.[0-9]+' "$tmp/out" || { echo "FAIL --version: $(cat "$tmp/out")"; fail=1; }
for cmd in scan inspect pairs normalize; do
  "$unspun" $cmd --help >/dev/null 2>&1; check "$cmd --help" 0 $?
done
"$unspun" --no-such-flag >/dev/null 2>&1; check "unknown flag" 2 $?
"$unspun" >/dev/null 2>&1; check "no command" 2 $?
"$unspun" pairs --min-score 7 x >/dev/null 2>&1; check "out-of-range flag value" 2 $?
"$unspun" inspect "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; check "missing path" 1 $?
grep -q 'missing.txt' "$tmp/err" || { echo "FAIL missing path not named: $(cat "$tmp/err")"; fail=1; }

# A malformed JSON line is skipped with file:line; the good lines around it still come out.
printf '{"id":"a","text":"First article."}\n{"id":"b","text":\n{"id":"c","text":"Third."}\n' \
  >"$tmp/bad.jsonl"
"$unspun" inspect "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"; check "malformed line tolerated" 0 $?
grep -q 'bad.jsonl:2' "$tmp/err" || { echo "FAIL malformed line not located: $(cat "$tmp/err")"; fail=1; }
[ "$(grep -c '"id"' "$tmp/out")" = 2 ] || { echo "FAIL expected 2 records: $(cat "$tmp/out")"; fail=1; }
"$unspun" inspect --strict "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"; check "--strict malformed" 1 $?
grep -q '"a"' "$tmp/out" || { echo "FAIL --strict lost the article before the bad line"; fail=1; }

# Random bytes on stdin: no crash, a clear message, exit 0.
head -c 100000 /dev/urandom | "$unspun" inspect - >/dev/null 2>"$tmp/err"
code=$?; [ $code -le 1 ] && echo "ok   random bytes on stdin (exit $code)" || { echo "FAIL random bytes exit $code"; fail=1; }

# normalize: one output line per input line.
printf '\xd0\xa0utin\n\nＡＢＣ\n' | "$unspun" normalize >"$tmp/out"; check "normalize" 0 $?
[ "$(cat "$tmp/out")" = "$(printf 'putin\n\nabc')" ] || { echo "FAIL normalize: $(cat -A "$tmp/out")"; fail=1; }
exit $fail
