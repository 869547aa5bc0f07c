#include "report/compare_view.h"

#include <unicode/uchar.h>

#include <cstdio>
#include <initializer_list>
#include <map>
#include <string_view>
#include <vector>

#include "report/evidence_json.h"
#include "report/json.h"

namespace unspun {
namespace {

// What a code point of one side is part of. Changes are seen from their own side: on a, words
// that were replaced or dropped; on b, words that replaced them or were added.
enum MarkBit : uint8_t {
  kChanged = 1,    // Substituted, dropped (side a) or added (side b).
  kTypo = 2,       // A word changed by a letter or two.
  kQuoted = 4,     // Quoted speech inside a passage.
  kDisguised = 8,  // A look-alike letter or an invisible character.
  kFurniture = 16  // Boilerplate one side wrapped around a passage.
};

struct SideView {
  const Document& doc;
  bool is_b;
  CodePointIndex text;
  CodePointIndex title;
  std::vector<int32_t> passage;  // Per code point of text: index into Comparison::passages, or -1.
  std::vector<uint8_t> marks;    // Per code point of text: MarkBit set.
  std::map<uint32_t, const DisguisedChar*> disguised_text;  // By offset in `text`.
};

void Mark(std::vector<uint8_t>* marks, TextSpan s, uint8_t bit) {
  for (uint32_t k = s.begin; k < s.end && k < marks->size(); ++k) (*marks)[k] |= bit;
}

SideView BuildSide(const Document& d, const Comparison& c, bool is_b) {
  SideView v{d, is_b, CodePointIndex(d.text), CodePointIndex(d.title), {}, {}, {}};
  v.passage.assign(v.text.size(), -1);
  v.marks.assign(v.text.size(), 0);
  for (size_t k = 0; k < c.passages.size(); ++k) {
    const ComparedPassage& p = c.passages[k];
    const uint32_t b = is_b ? p.span.b_begin : p.span.a_begin;
    const uint32_t e = is_b ? p.span.b_end : p.span.a_end;
    for (uint32_t i = b; i < e && i < v.passage.size(); ++i) v.passage[i] = static_cast<int32_t>(k);
    const PassageEvidence& ev = p.evidence;
    for (const WordChange& w : ev.changes) {
      const TextSpan s = is_b ? w.b : w.a;
      Mark(&v.marks, s, w.kind == WordChange::Kind::kTypo ? kTypo : kChanged);
    }
    for (const TextSpan& q : is_b ? ev.quotes_b : ev.quotes_a) Mark(&v.marks, q, kQuoted);
    for (const TextSpan& f : is_b ? ev.boilerplate_b : ev.boilerplate_a) {
      Mark(&v.marks, f, kFurniture);
    }
  }
  const Inspection& ins = is_b ? c.inspection_b : c.inspection_a;
  for (const auto* list : {&ins.homoglyphs, &ins.invisible}) {
    for (const DisguisedChar& x : *list) {
      if (x.field == DisguisedChar::Field::kTitle) continue;
      v.disguised_text[x.offset] = &x;
      if (x.offset < v.marks.size()) v.marks[x.offset] |= kDisguised;
    }
  }
  return v;
}

// The title of `d` as a side of its own: no passages; changes from Comparison::title_changes.
SideView BuildTitleSide(const Document& d, const Comparison& c, bool is_b) {
  SideView v{d, is_b, CodePointIndex(d.title), CodePointIndex(d.title), {}, {}, {}};
  v.passage.assign(v.text.size(), -1);
  v.marks.assign(v.text.size(), 0);
  for (const WordChange& w : c.title_changes) {
    Mark(&v.marks, is_b ? w.b : w.a, w.kind == WordChange::Kind::kTypo ? kTypo : kChanged);
  }
  const Inspection& ins = is_b ? c.inspection_b : c.inspection_a;
  for (const auto* list : {&ins.homoglyphs, &ins.invisible}) {
    for (const DisguisedChar& x : *list) {
      if (x.field != DisguisedChar::Field::kTitle || x.offset >= v.marks.size()) continue;
      v.disguised_text[x.offset] = &x;
      v.marks[x.offset] |= kDisguised;
    }
  }
  return v;
}

// Calls fn(begin, end, passage, marks) for each maximal run of code points in [begin, end) with
// the same passage and marks; a disguised character is always a run of its own.
template <typename Fn>
void Runs(const SideView& v, uint32_t begin, uint32_t end, Fn fn) {
  end = std::min<uint32_t>(end, v.text.size());
  for (uint32_t i = begin; i < end;) {
    uint32_t j = i + 1;
    if (!(v.marks[i] & kDisguised)) {
      while (j < end && v.passage[j] == v.passage[i] && v.marks[j] == v.marks[i]) ++j;
    }
    fn(i, j, v.passage[i], v.marks[i]);
    i = j;
  }
}

// Concatenation without chained operator+, on which g++ 12 gives false -Wrestrict warnings.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

std::string CharName(char32_t c) {
  char buf[128];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n =
      u_charName(static_cast<UChar32>(c), U_UNICODE_CHAR_NAME, buf, sizeof buf, &status);
  return U_SUCCESS(status) && n > 0 ? std::string(buf, n) : CodePointLabel(c);
}

std::string Percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100 * x);
  return buf;
}

std::string Fixed(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

struct Counts {
  uint32_t substituted = 0, typos = 0, dropped = 0, added = 0;
  uint32_t disguised_a = 0, disguised_b = 0;
};

Counts CountEvidence(const PassageEvidence& ev) {
  Counts n;
  for (const WordChange& w : ev.changes) {
    switch (w.kind) {
      case WordChange::Kind::kSubstituted:
        ++n.substituted;
        break;
      case WordChange::Kind::kTypo:
        ++n.typos;
        break;
      case WordChange::Kind::kDropped:
        ++n.dropped;
        break;
      case WordChange::Kind::kAdded:
        ++n.added;
        break;
    }
  }
  n.disguised_a = static_cast<uint32_t>(ev.disguised_a.size());
  n.disguised_b = static_cast<uint32_t>(ev.disguised_b.size());
  return n;
}

std::string CountsLine(const Counts& n) {
  std::string s;
  auto add = [&](uint32_t k, const char* what) {
    if (k == 0) return;
    if (!s.empty()) s += ", ";
    s += std::to_string(k) + " " + what;
  };
  add(n.substituted, "substituted");
  add(n.typos, n.typos == 1 ? "typo" : "typos");
  add(n.dropped, "dropped");
  add(n.added, "added");
  add(n.disguised_a, "disguised in A");
  add(n.disguised_b, "disguised in B");
  return s.empty() ? "verbatim" : s;
}

std::string SourceName(const Document& a, const Document& b, const Comparison& c) {
  if (!c.verdict || c.verdict->source < 0) return "unknown";
  return c.verdict->source == 0 ? "A (" + a.id + ")" : "B (" + b.id + ")";
}

// ---- terminal ----

const char* kReset = "\x1b[0m";

std::string Sgr(uint8_t marks, bool is_b) {
  std::string codes;
  auto add = [&](const char* c) {
    if (!codes.empty()) codes += ';';
    codes += c;
  };
  if (marks & kFurniture) add("2");
  if (marks & kQuoted) add("3");  // Italic.
  if (marks & kChanged) add(is_b ? "1;32" : "1;31");
  if (marks & kTypo) add("33");
  if (marks & kDisguised) add("1;7;35");
  return codes.empty() ? "" : "\x1b[" + codes + "m";
}

// One side of a passage (or a title) as terminal text, each line after the first indented.
std::string TerminalText(const SideView& v, uint32_t begin, uint32_t end, bool color,
                         const std::string& indent) {
  std::string out;
  uint8_t open = 0;  // Plain-marker mode: change markers currently open.
  const char* open_changed = v.is_b ? "{+" : "[-";
  const char* close_changed = v.is_b ? "+}" : "-]";
  auto append_text = [&](std::string_view s) {
    for (char ch : s) {
      out.push_back(ch);
      if (ch == '\n') out += indent;
    }
  };
  Runs(v, begin, end, [&](uint32_t b, uint32_t e, int32_t, uint8_t marks) {
    if (!color) {
      const uint8_t want = marks & (kChanged | kTypo);
      if ((open & kChanged) && !(want & kChanged)) out += close_changed;
      if ((open & kTypo) && !(want & kTypo)) out += "~]";
      if (!(open & kTypo) && (want & kTypo)) out += "[~";
      if (!(open & kChanged) && (want & kChanged)) out += open_changed;
      open = want;
    }
    std::string_view s = v.text.Slice(b, e);
    std::string shown(s);
    if (marks & kDisguised) {
      auto it = v.disguised_text.find(b);
      const bool invisible = it != v.disguised_text.end() && it->second->looks_like.empty();
      if (invisible) shown = "<" + CodePointLabel(v.text.At(b)) + ">";
      if (!color) shown = "\u00AB" + shown + "\u00BB";
    }
    const std::string sgr = color ? Sgr(marks, v.is_b) : "";
    out += sgr;
    append_text(shown);
    if (!sgr.empty()) out += kReset;
  });
  if (!color) {
    if (open & kChanged) out += close_changed;
    if (open & kTypo) out += "~]";
  }
  return out;
}

void DisguisedList(const char* side, const std::vector<DisguisedChar>& list,
                   const CodePointIndex& t, std::string* out) {
  if (list.empty()) return;
  *out += Cat({"    disguised in ", side, ":"});
  for (const DisguisedChar& d : list) {
    *out += Cat({" ", CodePointLabel(d.code_point)});
    if (!d.looks_like.empty()) {
      *out += Cat({" '", t.Slice(d.offset, d.offset + 1), "'~'", d.looks_like, "'"});
    }
    *out += Cat({"@", std::to_string(d.offset)});
  }
  *out += "\n";
}

// ---- HTML ----

void Escape(std::string_view s, std::string* out) {
  for (char ch : s) {
    switch (ch) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      default:
        out->push_back(ch);
    }
  }
}

std::string DisguiseTitle(const DisguisedChar& d) {
  std::string t = CodePointLabel(d.code_point) + " " + CharName(d.code_point);
  t += d.looks_like.empty() ? ": invisible" : ", looks like \u201C" + d.looks_like + "\u201D";
  return t;
}

std::string HtmlDisguised(const DisguisedChar& d, std::string_view ch) {
  std::string out = "<span class=\"dis\" title=\"";
  Escape(DisguiseTitle(d), &out);
  out += "\">";
  if (d.looks_like.empty()) {
    out += "<small>" + CodePointLabel(d.code_point) + "</small>";
  } else {
    Escape(ch, &out);
  }
  out += "</span>";
  return out;
}

std::string HtmlText(const SideView& v, const Comparison& c) {
  const char side = v.is_b ? 'b' : 'a', other = v.is_b ? 'a' : 'b';
  std::string out;
  int32_t last_passage = -1;
  Runs(v, 0, v.text.size(), [&](uint32_t b, uint32_t e, int32_t p, uint8_t marks) {
    if (p >= 0 && p != last_passage) {
      const std::string k = std::to_string(p + 1);
      out += "<a class=\"pn c" + std::to_string(p % 6) + "\" id=\"" + side + "-p" + k +
             "\" href=\"#" + other + "-p" + k + "\" data-p=\"" + k + "\" title=\"passage " + k +
             ": go to the other side\">" + k + "</a>";
    }
    last_passage = p;
    std::string cls;
    auto add = [&](const std::string& x) {
      if (!cls.empty()) cls += ' ';
      cls += x;
    };
    if (p >= 0) {
      add("p c" + std::to_string(p % 6));
      if (!c.passages[p].counted) add("weak");
    }
    if (marks & kChanged) add(v.is_b ? "chg add" : "chg del");
    if (marks & kTypo) add("typo");
    if (marks & kQuoted) add("q");
    if (marks & kFurniture) add("bp");
    std::string_view s = v.text.Slice(b, e);
    std::string inner;
    if (marks & kDisguised) {
      auto it = v.disguised_text.find(b);
      if (it != v.disguised_text.end()) inner = HtmlDisguised(*it->second, s);
    }
    if (inner.empty()) Escape(s, &inner);
    if (cls.empty()) {
      out += inner;
      return;
    }
    out += "<span class=\"" + cls + "\"";
    if (p >= 0) out += " data-p=\"" + std::to_string(p + 1) + "\"";
    out += ">" + inner + "</span>";
  });
  return out;
}

constexpr const char* kStyle = R"css(
:root{--ink:#1d2430;--muted:#667085;--line:#e4e7ec;--bg:#f7f8fa;
--c0:#dbeafe;--c1:#fde68a;--c2:#d1fae5;--c3:#fbcfe8;--c4:#e9d5ff;--c5:#fed7aa;
--c0s:#3b82f6;--c1s:#d97706;--c2s:#059669;--c3s:#db2777;--c4s:#7c3aed;--c5s:#ea580c}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",sans-serif;
color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:14px 28px 10px}
header h1{margin:0 0 6px;font-size:19px;font-weight:600}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:13px;font-weight:600;
color:#fff;background:#475467;vertical-align:2px;margin-right:8px}
.badge.duplicate{background:#b42318}.badge.near_duplicate{background:#c4320a}
.badge.rewrite{background:#6941c6}.badge.partial{background:#175cd3}.badge.none{background:#667085}
.stats{display:flex;flex-wrap:wrap;gap:6px 26px;margin:6px 0;font-size:14px;color:var(--muted)}
.stats b{color:var(--ink);font-weight:600}
.bar{display:inline-block;width:80px;height:7px;border-radius:4px;background:var(--line);
vertical-align:1px;margin-left:6px;overflow:hidden}.bar i{display:block;height:100%;background:#175cd3}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--muted);margin-top:6px}
.legend span.k{padding:0 5px;border-radius:3px;color:var(--ink)}
main{display:grid;grid-template-columns:1fr 1fr;gap:0;height:calc(100vh - var(--head,150px))}
section.side{overflow-y:auto;padding:18px 28px 40px;background:#fff}
section.side+section.side{border-left:1px solid var(--line)}
.who{font-size:12px;letter-spacing:.04em;text-transform:uppercase;color:var(--muted);margin:0}
.who b{color:var(--ink)}
h2.title{font-size:20px;line-height:1.35;margin:4px 0 14px;font-weight:650}
.text{white-space:pre-wrap;font-family:"DejaVu Serif",Georgia,serif;font-size:16px;line-height:1.7}
.p{border-radius:2px;cursor:pointer;transition:background .15s,box-shadow .15s}
.c0{background:var(--c0)}.c1{background:var(--c1)}.c2{background:var(--c2)}
.c3{background:var(--c3)}.c4{background:var(--c4)}.c5{background:var(--c5)}
.p.weak{background:none;border-bottom:2px dashed #98a2b3}
.p.hl{box-shadow:0 0 0 2px #101828;filter:saturate(1.6)}
a.pn{display:inline-block;min-width:20px;height:20px;margin-right:4px;padding:0 5px;
border-radius:10px;font:600 11px/20px "DejaVu Sans",sans-serif;text-align:center;
text-decoration:none;color:#fff;vertical-align:2px}
a.pn.c0{background:var(--c0s)}a.pn.c1{background:var(--c1s)}a.pn.c2{background:var(--c2s)}
a.pn.c3{background:var(--c3s)}a.pn.c4{background:var(--c4s)}a.pn.c5{background:var(--c5s)}
.chg.del{color:#b42318;text-decoration:line-through;text-decoration-thickness:1.5px}
.chg.add{color:#067647;font-weight:600;text-decoration:underline;text-underline-offset:3px}
.typo{text-decoration:underline wavy #dc6803;text-underline-offset:3px}
.q{font-style:italic}
.bp{color:#98a2b3;background:repeating-linear-gradient(135deg,#f2f4f7 0 6px,#fff 6px 12px)}
.dis{outline:2px solid #c11574;background:#fce7f6;color:#c11574;font-weight:700;border-radius:2px;
padding:0 1px;margin:0 1px}
.dis small{font:600 9px "DejaVu Sans Mono",monospace}
)css";

constexpr const char* kScript = R"js(
(function(){
  var head=document.querySelector('header');
  function fit(){document.documentElement.style.setProperty('--head',head.offsetHeight+'px');}
  fit();window.addEventListener('resize',fit);
  var groups={};
  document.querySelectorAll('[data-p]').forEach(function(el){
    (groups[el.dataset.p]=groups[el.dataset.p]||[]).push(el);
  });
  function light(p,on){(groups[p]||[]).forEach(function(el){el.classList.toggle('hl',on);});}
  var linked=0;
  Object.keys(groups).forEach(function(p){
    var a=document.getElementById('a-p'+p),b=document.getElementById('b-p'+p);
    if(a&&b)linked++;
    groups[p].forEach(function(el){
      el.addEventListener('mouseenter',function(){light(p,true);});
      el.addEventListener('mouseleave',function(){light(p,false);});
      el.addEventListener('click',function(ev){
        var here=el.closest('section').id==='side-a'?'a':'b';
        var there=document.getElementById((here==='a'?'b':'a')+'-p'+p);
        if(there){ev.preventDefault();there.scrollIntoView({behavior:'smooth',block:'center'});
          light(p,true);setTimeout(function(){light(p,false);},1200);}
      });
    });
  });
  document.body.dataset.linkedPassages=linked;
})();
)js";

void HtmlSide(const SideView& v, const Comparison& c, std::string* out) {
  *out += std::string("<section class=\"side\" id=\"side-") + (v.is_b ? "b" : "a") + "\">";
  *out += std::string("<p class=\"who\">") + (v.is_b ? "B" : "A") + " &middot; <b>";
  Escape(v.doc.id, out);
  *out += "</b>";
  for (const std::string* f : {&v.doc.source, &v.doc.published}) {
    if (f->empty()) continue;
    *out += " &middot; ";
    Escape(*f, out);
  }
  *out += "</p><h2 class=\"title\">" + HtmlText(BuildTitleSide(v.doc, c, v.is_b), c) + "</h2>";
  *out += "<div class=\"text\">" + HtmlText(v, c) + "</div></section>\n";
}

}  // namespace

std::string RenderCompareTerminal(const Document& a, const Document& b, const Comparison& c,
                                  bool color) {
  const SideView va = BuildSide(a, c, false), vb = BuildSide(b, c, true);
  const std::string bold = color ? "\x1b[1m" : "", reset = color ? kReset : "";
  std::string out = bold + "A: " + a.id + reset + "\n" + bold + "B: " + b.id + reset + "\n";
  if (c.verdict) {
    const ReusePair& v = *c.verdict;
    out += bold + RelationName(v.relation) + reset + "  score " + Fixed(v.score) + "  source " +
           SourceName(a, b, c) + "\ncovered: A " + Percent(v.coverage_a) + ", B " +
           Percent(v.coverage_b) + "  identity " + Fixed(v.identity) + "  edit rate " +
           Fixed(v.edit_rate) + "\n";
  } else {
    out += bold + "no reuse" + reset +
           (c.passages.empty() ? "" : " (shared text below does not count)") + "\n";
  }
  const size_t da = c.inspection_a.homoglyphs.size() + c.inspection_a.invisible.size();
  const size_t db = c.inspection_b.homoglyphs.size() + c.inspection_b.invisible.size();
  out += "disguised characters: A " + std::to_string(da) + ", B " + std::to_string(db) + "\n";
  if (!color) {
    out +=
        "marks: [-A words replaced or dropped-] {+B words replacing or added+} [~typo~] "
        "\u00ABdisguised letter\u00BB\n";
  }
  if (!a.title.empty() || !b.title.empty()) {
    out += "\ntitle A: " + TerminalText(BuildTitleSide(a, c, false), 0, a.title.size(), color, "") +
           "\ntitle B: " + TerminalText(BuildTitleSide(b, c, true), 0, b.title.size(), color, "") +
           "\n";
  }
  for (size_t k = 0; k < c.passages.size(); ++k) {
    const ComparedPassage& p = c.passages[k];
    const Passage& s = p.span;
    out += "\n" + bold + "passage " + std::to_string(k + 1) + reset + "  A [" +
           std::to_string(s.a_begin) + ", " + std::to_string(s.a_end) + ")  B [" +
           std::to_string(s.b_begin) + ", " + std::to_string(s.b_end) + ")  ";
    if (!p.counted) out += p.quotes_only ? "(shared quote, not reuse) " : "(too short to count) ";
    out += CountsLine(CountEvidence(p.evidence)) + "\n";
    out += "  A | " + TerminalText(va, s.a_begin, s.a_end, color, "  A | ") + "\n";
    out += "  B | " + TerminalText(vb, s.b_begin, s.b_end, color, "  B | ") + "\n";
    DisguisedList("A", p.evidence.disguised_a, va.text, &out);
    DisguisedList("B", p.evidence.disguised_b, vb.text, &out);
    for (const auto& [side, list, view] : {std::tuple{"A", &p.evidence.boilerplate_a, &va},
                                           std::tuple{"B", &p.evidence.boilerplate_b, &vb}}) {
      for (const TextSpan& f : *list) {
        // One line per block: its paragraphs joined by a pilcrow.
        std::string block;
        for (char ch : view->text.Slice(f.begin, f.end)) {
          if (ch != '\n') {
            block.push_back(ch);
          } else if (block.size() < 4 || block.compare(block.size() - 4, 4, " \u00B6 ") != 0) {
            block += " \u00B6 ";
          }
        }
        out += Cat({"    boilerplate around it in ", side, ": \"", block, "\"\n"});
      }
    }
  }
  return out;
}

std::string RenderCompareHtml(const Document& a, const Document& b, const Comparison& c) {
  const SideView va = BuildSide(a, c, false), vb = BuildSide(b, c, true);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>unspun compare: ";
  Escape(a.id + " / " + b.id, &out);
  out += "</title><style>" + std::string(kStyle) + "</style></head><body>\n<header>";
  Counts total;
  size_t counted = 0;
  for (const ComparedPassage& p : c.passages) {
    if (!p.counted) continue;
    ++counted;
    const Counts n = CountEvidence(p.evidence);
    total.substituted += n.substituted;
    total.typos += n.typos;
    total.dropped += n.dropped;
    total.added += n.added;
    total.disguised_a += n.disguised_a;
    total.disguised_b += n.disguised_b;
  }
  const std::string relation = c.verdict ? RelationName(c.verdict->relation) : "none";
  out += "<h1><span class=\"badge " + relation + "\" id=\"relation\">" +
         (c.verdict ? relation : std::string("no reuse")) + "</span>";
  Escape(a.id + "  \u2194  " + b.id, &out);
  out += "</h1><div class=\"stats\" id=\"summary\">";
  if (c.verdict) {
    const ReusePair& v = *c.verdict;
    out += "<span>score <b>" + Fixed(v.score) + "</b></span>";
    out += "<span>likely original <b>";
    Escape(SourceName(a, b, c), &out);
    out += "</b></span>";
    for (const auto& [name, x] : {std::pair{"A", v.coverage_a}, std::pair{"B", v.coverage_b}}) {
      out += std::string("<span>") + name + " covered <b>" + Percent(x) +
             "</b><span class=\"bar\"><i style=\"width:" + Percent(x) + "\"></i></span></span>";
    }
    out += "<span>identity <b>" + Fixed(v.identity) + "</b></span>";
  }
  out += "<span>passages <b>" + std::to_string(counted) + "</b>";
  if (c.passages.size() > counted) {
    out += " (+" + std::to_string(c.passages.size() - counted) + " shared, not counted)";
  }
  out += "</span><span>evidence <b>" + CountsLine(total) + "</b></span>";
  out += "<span>disguised characters <b>A " +
         std::to_string(c.inspection_a.homoglyphs.size() + c.inspection_a.invisible.size()) +
         ", B " +
         std::to_string(c.inspection_b.homoglyphs.size() + c.inspection_b.invisible.size()) +
         "</b></span></div>";
  out +=
      "<div class=\"legend\"><span><span class=\"k c0\">passage</span> / <span class=\"k "
      "c1\">passage</span> aligned passages: hover pairs them, click jumps</span>"
      "<span><span class=\"k chg del\">replaced</span> A side</span>"
      "<span><span class=\"k chg add\">replacement</span> B side</span>"
      "<span><span class=\"k typo\">typo</span></span>"
      "<span><span class=\"k dis\">\u0430</span> look-alike or invisible character</span>"
      "<span><span class=\"k q\">quoted speech</span></span>"
      "<span><span class=\"k bp\">boilerplate</span></span>"
      "<span><span class=\"k p weak\">shared, not counted</span></span></div></header>\n<main>";
  HtmlSide(va, c, &out);
  HtmlSide(vb, c, &out);
  out += "</main><script>" + std::string(kScript) + "</script></body></html>\n";
  return out;
}

std::string RenderCompareJson(const Document& a, const Document& b, const Comparison& c) {
  const CodePointIndex ta(a.text), tb(b.text);
  std::string line;
  JsonObject o(&line);
  o.Str("a", a.id).Str("b", b.id);
  if (c.verdict) {
    const ReusePair& v = *c.verdict;
    o.Str("relation", RelationName(v.relation)).Num("score", v.score);
    if (v.source >= 0) {
      o.Str("source", v.source == 0 ? a.id : b.id);
    } else {
      o.Null("source");
    }
    std::string cov;
    JsonObject co(&cov);
    co.Num("a", v.coverage_a).Num("b", v.coverage_b);
    co.Close();
    o.Raw("coverage", cov).Num("identity", v.identity).Num("edit_rate", v.edit_rate);
    std::string passages;
    AppendPassagesJson(v, ta, tb, &passages);
    o.Raw("passages", passages);
  } else {
    o.Null("relation").Raw("passages", "[]");
  }
  std::string shared = "[";
  for (const ComparedPassage& p : c.passages) {
    if (p.counted) continue;
    if (shared.size() > 1) shared += ',';
    shared += "{\"a\":[" + std::to_string(p.span.a_begin) + "," + std::to_string(p.span.a_end);
    shared += "],\"b\":[" + std::to_string(p.span.b_begin) + "," + std::to_string(p.span.b_end);
    shared += std::string("],\"quotes_only\":") + (p.quotes_only ? "true" : "false");
    AppendEvidenceFields(p.evidence, ta, tb, &shared);
    shared += '}';
  }
  shared += ']';
  o.Raw("shared", shared);
  std::string dis;
  for (const auto& [name, ins, doc] :
       {std::tuple{"a", &c.inspection_a, &a}, std::tuple{"b", &c.inspection_b, &b}}) {
    dis += dis.empty() ? "{" : ",";
    dis += std::string("\"") + name + "\":[";
    const CodePointIndex text(doc->text), title(doc->title);
    bool first = true;
    for (const auto* list : {&ins->homoglyphs, &ins->invisible}) {
      for (const DisguisedChar& d : *list) {
        if (!first) dis += ',';
        first = false;
        const bool in_title = d.field == DisguisedChar::Field::kTitle;
        JsonObject x(&dis);
        x.Str("field", in_title ? "title" : "text").Int("at", d.offset);
        x.Str("char", (in_title ? title : text).Slice(d.offset, d.offset + 1));
        x.Str("code_point", CodePointLabel(d.code_point));
        x.StrOrNull("looks_like", d.looks_like);
        x.Close();
      }
    }
    dis += ']';
  }
  dis += '}';
  o.Raw("disguised", dis);
  o.Close();
  line.push_back('\n');
  return line;
}

}  // namespace unspun
