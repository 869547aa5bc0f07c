#!/usr/bin/env bash
# The HTML compare page of a spun dev pair, rendered by headless Chromium: the DOM after its
# script ran must hold both texts, passages linked across the two sides, and the substitutions
# marked on each. Saves a screenshot beside the binary (build/compare_html.png) to look at.
# Skips (77) without ../shared/eval or without Chromium (scripts/setup.sh installs it).
set -u
unspun=$1
root=$2
eval_dir="$root/../shared/eval"
if [ ! -f "$eval_dir/dev/corpus.jsonl" ]; then
  echo "SKIP: $eval_dir/dev not found (the evaluation data sits beside the checkout in CI only)"
  exit 77
fi
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium not installed (apt-get install chromium, or scripts/setup.sh)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The first spun pair of the truth at rate 0.3: a copy with many substitutions.
read -r a b < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    if t["kind"] == "pair" and t["type"] == "spun" and t["params"]["rate"] == 0.3:
        print(t["b"], t["a"]); break' "$eval_dir/dev/truth.jsonl")
"$unspun" compare --corpus "$eval_dir/dev/corpus.jsonl" "$a" "$b" --html "$tmp/page.html" \
  --json >"$tmp/cmp.json" || exit 1
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
  --user-data-dir="$tmp/profile" --window-size=1400,900)
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$tmp/page.html" >"$tmp/dom.html" \
  2>"$tmp/chromium.err" || { echo "FAIL chromium --dump-dom"; tail -5 "$tmp/chromium.err"; exit 1; }
shot="$(dirname "$unspun")/compare_html.png"
timeout 120 "$chromium" "${flags[@]}" --screenshot="$shot" "file://$tmp/page.html" \
  >/dev/null 2>>"$tmp/chromium.err"
python3 - "$tmp/dom.html" "$eval_dir/dev/corpus.jsonl" "$a" "$b" "$tmp/cmp.json" "$shot" <<'PY'
import json, os, sys
from html.parser import HTMLParser

dom_path, corpus, a_id, b_id, cmp_path, shot = sys.argv[1:]
texts = {}
for line in open(corpus, encoding="utf-8"):
    d = json.loads(line)
    if d["id"] in (a_id, b_id):
        texts[d["id"]] = d["text"]
cmp = json.load(open(cmp_path))

class Dom(HTMLParser):
    """Collects each side's text, its passage links and anchors, and its marked changes."""
    def __init__(self):
        super().__init__()
        self.stack, self.side, self.body = [], None, {}
        self.text = {"a": [], "b": []}
        self.links = {"a": [], "b": []}
        self.ids = set()
        self.changes = {"a": 0, "b": 0}
        self.in_text = 0
    def handle_starttag(self, tag, attrs):
        at = dict(attrs)
        if tag == "body": self.body = at
        if "id" in at: self.ids.add(at["id"])
        cls = (at.get("class") or "").split()
        side = self.side
        if tag == "section" and at.get("id", "").startswith("side-"):
            side = at["id"][-1]
        if tag == "div" and "text" in cls: self.in_text += 1
        if side and tag == "a" and "pn" in cls: self.links[side].append(at.get("href"))
        if side and tag == "span" and "chg" in cls: self.changes[side] += 1
        self.stack.append((tag, self.side, "text" in cls and tag == "div"))
        self.side = side
    def handle_endtag(self, tag):
        while self.stack:
            t, prev, was_text = self.stack.pop()
            self.side = prev
            if was_text: self.in_text -= 1
            if t == tag: break
    def handle_data(self, data):
        if self.side and self.in_text and not (self.stack and self.stack[-1][0] == "a"):
            self.text[self.side].append(data)

dom = Dom()
dom.feed(open(dom_path, encoding="utf-8").read())
fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok: fails.append(what)

for side, doc in (("a", a_id), ("b", b_id)):
    shown = "".join(dom.text[side])
    check(shown == texts[doc], f"side {side} shows the whole text of {doc} ({len(shown)} chars)")
n = len(cmp["passages"])
check(n >= 1, f"{n} passage(s) in the verdict ({cmp['relation']})")
for side, other in (("a", "b"), ("b", "a")):
    links = dom.links[side]
    ok = len(links) >= n and all(h and h.startswith("#" + other + "-p") and h[1:] in dom.ids for h in links)
    check(ok, f"side {side}: {len(links)} passage links, each to an anchor on side {other}")
check(int(dom.body.get("data-linked-passages", "0")) >= n,
      f"script linked {dom.body.get('data-linked-passages')} passages across the sides")
changes = sum(1 for p in cmp["passages"] for c in p["changes"] if c["kind"] == "substituted")
check(dom.changes["a"] >= changes and dom.changes["b"] >= changes and changes > 0,
      f"substitutions marked: {dom.changes['a']} spans on A, {dom.changes['b']} on B, {changes} substitutions")
check(os.path.getsize(shot) > 20000 if os.path.exists(shot) else False, f"screenshot {shot}")
sys.exit(1 if fails else 0)
PY
