#!/usr/bin/env bash
# unspun scan's HTML report as a browser sees it: headless Chromium loads the report of the
# examples (and of ../shared/eval/dev when present), the test checks the DOM it built (stories,
# reuse pairs with their evidence, flagged articles with marked letters, both SVG plots) against
# the counts of `unspun pairs` and `unspun inspect`, and saves screenshots beside the binary
# (build/scan-report-*.png). Skips (77) when Chromium is missing or cannot run here.
set -u
unspun=$1
root=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shots=$(cd "$(dirname "$unspun")" && pwd)
fail=0

# check NAME CORPUS: scan, load in Chromium, compare the DOM with the JSON outputs.
check() {
  local name=$1 corpus=$2
  "$unspun" scan -q "$corpus" --html "$tmp/$name.html" --db "$tmp/$name.db" 2>"$tmp/err" ||
    { echo "FAIL scan $name: $(cat "$tmp/err")"; fail=1; return; }
  "$unspun" pairs -q "$corpus" -o "$tmp/$name.pairs.jsonl" || { fail=1; return; }
  "$unspun" inspect -q "$corpus" -o "$tmp/$name.inspect.jsonl" || { fail=1; return; }
  timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --dump-dom \
    "file://$tmp/$name.html" >"$tmp/$name.dom" 2>"$tmp/chromium.err"
  if [ ! -s "$tmp/$name.dom" ]; then
    echo "SKIP: chromium cannot run here: $(grep -v dbus "$tmp/chromium.err" | head -n 3)"
    exit 77
  fi
  python3 - "$name" "$tmp/$name.dom" "$tmp/$name.pairs.jsonl" "$tmp/$name.inspect.jsonl" <<'PY' || fail=1
import collections, json, sys
from html.parser import HTMLParser

name, dom_path, pairs_path, inspect_path = sys.argv[1:]

class Dom(HTMLParser):
    """Counts elements by tag, id and class, and the elements inside each id'd section."""
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.count = collections.Counter()  # (tag, class) and ("#id", tag.class)
        self.stack = []  # ids of the open elements that have one
        self.depth = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "id" in a:
            self.ids.add(a["id"])
        for c in classes or [""]:
            self.count[(tag, c)] += 1
            for owner in self.stack:
                self.count[(owner, tag, c)] += 1
        if tag in ("svg", "section", "details", "article") and "id" in a:
            self.stack.append(a["id"])
            self.depth.append(tag)
        elif self.depth and tag == self.depth[-1]:
            self.depth.append(tag)
            self.stack.append(None)
    def handle_endtag(self, tag):
        if self.depth and tag == self.depth[-1]:
            self.depth.pop()
            self.stack.pop()

dom = Dom()
dom.feed(open(dom_path, encoding="utf-8").read())
pairs = [json.loads(l) for l in open(pairs_path)]
inspect = [json.loads(l) for l in open(inspect_path)]
flagged = sum(1 for r in inspect if r["flags"])
problems = []
def expect(what, got, want):
    if got != want:
        problems.append(f"{what}: {got}, expected {want}")

for section in ("summary", "overview", "stories", "pairs", "evidence", "flagged",
                "score-histogram", "story-timeline"):
    if section not in dom.ids:
        problems.append(f"no #{section}")
expect("pair rows", dom.count[("pairs", "tr", "pair")], min(len(pairs), 1000))
expect("evidence sections", dom.count[("evidence", "details", "evidence")], min(len(pairs), 200))
expect("flagged articles", dom.count[("flagged", "article", "flagged")], min(flagged, 300))
if flagged:
    if dom.count[("flagged", "mark", "")] == 0:
        problems.append("no marked letter in the flagged articles")
stories = dom.count[("stories", "article", "story")]
if pairs and stories == 0:
    problems.append("reuse pairs but no story")
bars = dom.count[("score-histogram", "rect", "bar")]
if pairs and bars == 0:
    problems.append("histogram has no bars")
dots = dom.count[("story-timeline", "circle", "dot")]
if name == "examples" and dots < 2:
    problems.append(f"timeline has {dots} article dots, expected at least 2 (the examples are dated)")
card = dom.count[("pairs", "span", "rel")]
if pairs and card == 0:
    problems.append("no relation badges")
if problems:
    print(f"FAIL report {name}: " + "; ".join(problems))
    sys.exit(1)
print(f"ok   report {name}: {len(pairs)} pairs, {stories} story cards, {flagged} flagged, "
      f"{bars} histogram bars, {dots} timeline dots")
PY
  timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --screenshot="$shots/scan-report-$name.png" --window-size=1280,2000 \
    "file://$tmp/$name.html" >/dev/null 2>&1
  if [ "$(head -c 4 "$shots/scan-report-$name.png" 2>/dev/null | tail -c 3)" = "PNG" ]; then
    echo "ok   screenshot $shots/scan-report-$name.png"
  else
    echo "FAIL no screenshot of the $name report"; fail=1
  fi
}

check examples "$root/examples"
if [ -f "$root/../shared/eval/dev/corpus.jsonl" ]; then
  check dev "$root/../shared/eval/dev/corpus.jsonl"
else
  echo "skip dev report: $root/../shared/eval/dev not found"
fi
exit $fail
