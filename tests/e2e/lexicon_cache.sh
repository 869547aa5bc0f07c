#!/usr/bin/env bash
# The lexicon's compiled cache as the CLI uses it (docs/lexicon.md): the same output whether the
# table is built, reused, found damaged, not wanted or not writable; a damaged one said once.
set -u
unspun=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -d /usr/share/dict/scowl ] || [ ! -d /usr/share/wordnet ]; then
  echo "skip: the Debian word files are not installed (packages scowl, wordnet-base)"
  exit 77
fi
fail=0
cache=$tmp/cache/lexicon.bin
run() {  # run NAME CACHE_FILE: inspects the seeds, output in $tmp/NAME.out, stderr in .err
  UNSPUN_LEXICON_CACHE=$2 "$unspun" inspect -q --no-pairs "$src/examples/seeds" \
    >"$tmp/$1.out" 2>"$tmp/$1.err" || { echo "FAIL $1: exit $?: $(cat "$tmp/$1.err")"; fail=1; }
  if [ "$1" != build ] && ! cmp -s "$tmp/build.out" "$tmp/$1.out"; then
    echo "FAIL $1: output differs from the first run"; fail=1
  fi
}
notes() { grep -c 'unspun: note:' "$tmp/$1.err"; }

run build "$cache"
[ -s "$cache" ] || { echo "FAIL the cache was not written"; fail=1; }
[ "$(notes build)" = 0 ] || { echo "FAIL building the cache is not news: $(cat "$tmp/build.err")"; fail=1; }
run reuse "$cache"
[ "$(notes reuse)" = 0 ] || { echo "FAIL reuse: $(cat "$tmp/reuse.err")"; fail=1; }
grep -q '"spun"' "$tmp/reuse.out" || { echo "FAIL no spun signals in the output"; fail=1; }

head -c 1000 "$cache" >"$tmp/part" && mv "$tmp/part" "$cache"
run truncated "$cache"
[ "$(notes truncated)" = 1 ] && grep -q 'truncated' "$tmp/truncated.err" ||
  { echo "FAIL truncated cache not reported once: $(cat "$tmp/truncated.err")"; fail=1; }
run repaired "$cache"
[ "$(notes repaired)" = 0 ] || { echo "FAIL the cache was not rebuilt: $(cat "$tmp/repaired.err")"; fail=1; }

run none ""
[ "$(notes none)" = 0 ] || { echo "FAIL no cache: $(cat "$tmp/none.err")"; fail=1; }
echo x >"$tmp/file"
run unwritable "$tmp/file/lexicon.bin"
grep -q 'cannot write the lexicon cache' "$tmp/unwritable.err" ||
  { echo "FAIL unwritable cache not reported: $(cat "$tmp/unwritable.err")"; fail=1; }

[ $fail = 0 ] && echo "ok   lexicon cache: built, reused, repaired, off, unwritable"
exit $fail
