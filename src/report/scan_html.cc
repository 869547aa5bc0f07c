// WriteHtmlReport: one self-contained page (inline CSS and SVG, no script, nothing fetched) that
// a reader can open from disk or mail around. Sections: a summary, a similarity histogram and a
// story timeline, the stories, the reuse pairs, side-by-side evidence for each pair, and the
// flagged articles. Long lists are capped (ReportLimits) with a "showing N of M" note; the SQLite
// file holds everything.
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <tuple>
#include <unordered_map>

#include "report/scan_report.h"
#include "unspun/normalizer.h"
#include "unspun/stories.h"
#include "util/format.h"

namespace unspun {
namespace {

// Evidence sections shown open; the rest are collapsed to their heading.
constexpr size_t kOpenEvidence = 3;

constexpr Relation kRelations[] = {Relation::kDuplicate, Relation::kNearDuplicate,
                                   Relation::kRewrite, Relation::kPartial};

// Colours of the relations (badges, histogram bars), a palette readable by the colour-blind.
const char* RelationColour(Relation r) {
  switch (r) {
    case Relation::kDuplicate:
      return "#c2410c";
    case Relation::kNearDuplicate:
      return "#d97706";
    case Relation::kRewrite:
      return "#7c3aed";
    case Relation::kPartial:
      return "#0284c7";
  }
  return "#64748b";
}

const char* RelationLabel(Relation r) {
  switch (r) {
    case Relation::kDuplicate:
      return "duplicate";
    case Relation::kNearDuplicate:
      return "near-duplicate";
    case Relation::kRewrite:
      return "rewrite";
    case Relation::kPartial:
      return "partial";
  }
  return "?";
}

constexpr const char* kStyle = R"css(
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--accent:#0f766e;
--flag:#be123c;--copy:#dc2626;--orig:#2563eb;--other:#94a3b8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--ink);background:var(--bg)}
header#summary{background:linear-gradient(135deg,#0f172a,#134e4a);color:#f1f5f9;
padding:28px 40px 20px}
header h1{margin:0;font-size:26px;letter-spacing:.5px}
header h1 span{color:#5eead4}
header .sub{margin:4px 0 18px;color:#cbd5e1;font-size:13px}
.cards{display:flex;gap:14px;flex-wrap:wrap}
.card{background:rgba(255,255,255,.08);border:1px solid rgba(255,255,255,.15);border-radius:10px;
padding:10px 18px;min-width:150px}
.card b{display:block;font-size:28px;line-height:1.2}
.card span{color:#cbd5e1;font-size:13px}
.card small{display:block;color:#99f6e4;font-size:12px}
nav{margin-top:16px;font-size:13px}
nav a{color:#99f6e4;margin-right:18px;text-decoration:none}
main{max-width:1240px;margin:0 auto;padding:8px 32px 40px}
section{margin-top:30px}
h2{font-size:20px;border-bottom:2px solid var(--line);padding-bottom:6px;margin:0 0 12px}
h2 .count{color:var(--muted);font-weight:normal;font-size:15px}
.note{color:var(--muted);font-size:13px;margin:4px 0 10px}
figure{margin:0 0 18px;background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:12px 16px}
figcaption{font-weight:600;margin-bottom:6px}
figcaption span{font-weight:normal;color:var(--muted);font-size:13px;margin-left:8px}
svg{display:block;max-width:100%;height:auto;font-family:inherit}
svg text{fill:#334155;font-size:12px}
svg .axis{stroke:#cbd5e1}
svg .grid{stroke:#f1f5f9}
svg a text:hover{fill:var(--accent);text-decoration:underline}
.story,.flagged,.evidence{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:14px 18px;margin-bottom:14px}
.story h3,.flagged h3,.evidence h3{margin:0 0 4px;font-size:16px}
.evidence h3{display:inline}
.evidence summary{cursor:pointer}
.evidence summary .meta{margin-left:18px}
.meta{color:var(--muted);font-size:13px}
.chip{display:inline-block;background:#f1f5f9;border:1px solid var(--line);border-radius:999px;
padding:0 9px;margin:2px 4px 2px 0;font-size:12px;color:#334155}
ol.story-articles{list-style:none;padding:0;margin:10px 0 0;border-left:2px solid var(--line)}
ol.story-articles li{position:relative;padding:2px 0 2px 16px;font-size:14px}
ol.story-articles li::before{content:"";position:absolute;left:-6px;top:9px;width:10px;height:10px;
border-radius:50%;background:var(--other)}
ol.story-articles li.orig::before{background:var(--orig)}
ol.story-articles li.copy::before{background:var(--copy)}
time{font-variant-numeric:tabular-nums;color:var(--muted);font-size:13px;margin-right:6px}
.outlet{font-weight:600;margin-right:6px}
.quotes{margin:10px 0 0;padding-left:18px;color:#334155;font-size:14px}
.badge{display:inline-block;border-radius:5px;padding:0 7px;font-size:12px;font-weight:600;
color:#fff;white-space:nowrap}
.badge.flag{background:var(--flag)}
.badge.copy{background:var(--copy)}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);
border-radius:10px;overflow:hidden;font-size:14px}
th{text-align:left;background:#f1f5f9;font-size:12px;text-transform:uppercase;letter-spacing:.5px;
color:var(--muted);padding:8px 10px}
td{border-top:1px solid var(--line);padding:7px 10px;vertical-align:top}
td .id{display:block;color:var(--muted);font-size:12px}
.arrow{color:var(--muted);font-size:18px;padding:0 4px}
.score{font-variant-numeric:tabular-nums;white-space:nowrap}
.score i{display:inline-block;height:6px;border-radius:3px;background:var(--accent);
margin-right:6px;vertical-align:middle}
a{color:var(--accent)}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-top:10px}
.side{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fcfcfd;
font-size:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.side h4{margin:0 0 6px;font-size:12px;color:var(--muted);text-transform:uppercase;
letter-spacing:.5px;white-space:normal}
.side .span{color:var(--muted);font-weight:normal;text-transform:none;letter-spacing:0}
ins.sub{background:#fef3c7;text-decoration:none;border-bottom:2px solid #f59e0b}
ins.dis,mark{background:#fecdd3;color:#881337;border-radius:3px;padding:0 1px}
mark.invis{font-size:11px;font-family:ui-monospace,monospace;vertical-align:middle}
.legend{font-size:12px;color:var(--muted);margin-top:8px}
.legend ins,.legend mark{margin-right:4px}
.snippet{font-size:14px;margin:4px 0;padding:4px 10px;border-left:3px solid #fecdd3;
background:#fffbfb}
.flagname{font-weight:600;margin-right:6px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:20px}
@media (max-width:800px){.side-by-side{grid-template-columns:1fr}main{padding:8px 12px}}
)css";

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// YYYY-MM-DD of a day number (inverse of DayNumber).
std::string DateOf(int32_t days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  const int y = yoe + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// An article's text with its code-point offsets computed once.
class Text {
 public:
  explicit Text(std::string_view s) : s_(s), offsets_(CodePointOffsets(s)) {}
  uint32_t size() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  // Code points [b, e), clamped to the text.
  std::string_view Slice(uint32_t b, uint32_t e) const {
    e = std::min(e, size());
    b = std::min(b, e);
    return s_.substr(offsets_[b], offsets_[e] - offsets_[b]);
  }

 private:
  std::string_view s_;
  std::vector<uint32_t> offsets_;
};

// At most `n` code points of `s`, with an ellipsis when cut.
std::string Truncate(std::string_view s, size_t n) {
  const Text t(s);
  if (t.size() <= n) return std::string(s);
  return std::string(t.Slice(0, static_cast<uint32_t>(n))) + "…";
}

bool AllInvisible(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  if (n == 0) return false;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    if (!IsInvisible(static_cast<char32_t>(c))) return false;
  }
  return true;
}

std::string CodePointLabels(std::string_view s) {
  std::string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%sU+%04X", out.empty() ? "" : " ", static_cast<unsigned>(c));
    out += buf;
  }
  return out;
}

// Writes code points [b, e) of `t` escaped, with the marks inside wrapped in <mark> (their note as
// tooltip). An invisible character cannot be seen, so its mark shows its code point instead.
void AppendMarked(const Text& t, uint32_t b, uint32_t e, const std::vector<const FlagMark*>& marks,
                  std::string* out) {
  uint32_t at = b;
  for (const FlagMark* m : marks) {
    const uint32_t mb = std::max(m->begin, at), me = std::min(m->end, e);
    if (mb >= me) continue;
    AppendHtmlEscaped(t.Slice(at, mb), out);
    const std::string_view marked = t.Slice(mb, me);
    const bool invisible = AllInvisible(marked);
    out->append(invisible ? "<mark class=\"invis\" title=\"" : "<mark title=\"");
    AppendHtmlEscaped(m->note, out);
    out->append("\">");
    AppendHtmlEscaped(invisible ? std::string_view(CodePointLabels(marked)) : marked, out);
    out->append("</mark>");
    at = me;
  }
  AppendHtmlEscaped(t.Slice(at, e), out);
}

// Per article: is it the source, the copy, or neither, of some reuse pair with a known source.
struct Roles {
  std::vector<uint8_t> original, copy;
  explicit Roles(const ScanResults& r) : original(r.articles.size()), copy(r.articles.size()) {
    for (const ReusePair& p : r.pairs) {
      if (p.source < 0) continue;
      original[p.source] = 1;
      copy[static_cast<uint32_t>(p.source) == p.a ? p.b : p.a] = 1;
    }
  }
  const char* Class(uint32_t i) const { return copy[i] ? "copy" : original[i] ? "orig" : "other"; }
  const char* Colour(uint32_t i) const {
    return copy[i] ? "var(--copy)" : original[i] ? "var(--orig)" : "var(--other)";
  }
};

class HtmlWriter {
 public:
  HtmlWriter(const ScanResults& r, const ReportLimits& limits) : r_(r), limits_(limits), roles_(r) {
    for (const ScanArticle& a : r.articles) flagged_ += !a.flags.empty();
    pair_order_.reserve(r.pairs.size());
    for (size_t i = 0; i < r.pairs.size(); ++i) pair_order_.push_back(i);
    std::stable_sort(pair_order_.begin(), pair_order_.end(),
                     [&](size_t x, size_t y) { return r.pairs[x].score > r.pairs[y].score; });
    for (size_t n = 0; n < r.pairs.size(); ++n) {
      for (uint32_t side : {r.pairs[n].a, r.pairs[n].b}) {
        if (!r.articles[side].flags.empty()) pairs_of_[side].push_back(n);
      }
    }
    story_order_.reserve(r.stories.size());
    // An article alone is not a story worth a card (a clusterer may still report it as one).
    for (size_t i = 0; i < r.stories.size(); ++i) {
      if (r.stories[i].articles.size() >= 2) story_order_.push_back(i);
    }
    std::stable_sort(story_order_.begin(), story_order_.end(), [&](size_t x, size_t y) {
      return r.stories[x].articles.size() > r.stories[y].articles.size();
    });
  }

  std::string Render() {
    out_.reserve(1 << 20);
    out_ +=
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>unspun report</title><style>";
    out_ += kStyle;
    out_ += "</style></head><body>\n";
    Header();
    out_ += "<main>\n";
    Plots();
    Stories();
    Pairs();
    Evidence();
    Flagged();
    out_ += "</main><footer>unspun " UNSPUN_VERSION
            " · offsets are code points into each article's text · every result is in the SQLite "
            "file (schema: docs/scan.md)</footer></body></html>\n";
    return std::move(out_);
  }

 private:
  void Esc(std::string_view s) { AppendHtmlEscaped(s, &out_); }

  void ShowingNote(size_t shown, size_t total, const char* what) {
    if (shown >= total) return;
    out_ += "<p class=\"note showing\">Showing " + WithThousands(shown) + " of " +
            WithThousands(total) + " " + what + "; the SQLite file has them all.</p>\n";
  }

  void Header() {
    std::map<Relation, size_t> by_relation;
    for (const ReusePair& p : r_.pairs) ++by_relation[p.relation];
    out_ += "<header id=\"summary\"><h1><span>unspun</span> report</h1><p class=\"sub\">";
    std::string inputs;
    for (const std::string& p : r_.inputs) inputs += (inputs.empty() ? "" : ", ") + p;
    Esc(Truncate(inputs, 200));
    if (!r_.input_summary.empty()) {
      out_ += " · ";
      Esc(r_.input_summary);
    }
    char when[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    out_ += " · ";
    out_ += when;
    out_ += "</p><div class=\"cards\">";
    auto card = [&](const char* id, size_t n, const char* label, const std::string& small) {
      out_ += std::string("<div class=\"card\" id=\"count-") + id + "\"><b>" + WithThousands(n) +
              "</b><span>" + label + "</span>";
      if (!small.empty()) out_ += "<small>" + small + "</small>";
      out_ += "</div>";
    };
    size_t in_stories = 0;
    for (size_t s : story_order_) in_stories += r_.stories[s].articles.size();
    card("articles", r_.articles.size(), "articles", "");
    card("stories", story_order_.size(), "stories",
         story_order_.empty() ? "" : WithThousands(in_stories) + " articles in them");
    std::string breakdown;
    for (Relation rel : kRelations) {
      if (!by_relation.count(rel)) continue;
      breakdown += (breakdown.empty() ? "" : " · ") + WithThousands(by_relation[rel]) + " " +
                   RelationLabel(rel);
    }
    card("pairs", r_.pairs.size(), "reuse pairs", breakdown);
    card("flagged", flagged_, "flagged articles", "");
    out_ +=
        "</div><nav><a href=\"#overview\">Overview</a><a href=\"#stories\">Stories</a>"
        "<a href=\"#pairs\">Reuse pairs</a><a href=\"#evidence\">Evidence</a>"
        "<a href=\"#flagged\">Flagged articles</a></nav></header>\n";
  }

  void Plots() {
    out_ += "<section id=\"overview\"><h2>Overview</h2>\n";
    Histogram();
    Timeline();
    out_ += "</section>\n";
  }

  // Pair scores in 20 bins of 0.05, bars stacked by relation.
  void Histogram() {
    constexpr int kBins = 20;
    constexpr int kW = 1100, kH = 250, kLeft = 64, kRight = 20, kTop = 16, kBottom = 40;
    std::vector<std::array<size_t, 4>> bins(kBins, {0, 0, 0, 0});
    for (const ReusePair& p : r_.pairs) {
      const int b = std::clamp(static_cast<int>(p.score * kBins), 0, kBins - 1);
      ++bins[b][static_cast<int>(p.relation)];
    }
    size_t top = 0;
    for (const auto& b : bins) top = std::max(top, b[0] + b[1] + b[2] + b[3]);
    out_ +=
        "<figure id=\"histogram\"><figcaption>Similarity of reuse pairs<span>pair score: how much "
        "of the smaller article is reused, and how faithfully</span></figcaption>\n";
    out_ += "<svg id=\"score-histogram\" class=\"plot\" viewBox=\"0 0 " + std::to_string(kW) + " " +
            std::to_string(kH) + "\" width=\"" + std::to_string(kW) + "\" height=\"" +
            std::to_string(kH) + "\" role=\"img\" aria-label=\"Histogram of pair scores\">";
    const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
    const double bar_w = plot_w / kBins;
    const double y0 = kTop + plot_h;
    // Horizontal grid at 0, half and the maximum.
    for (int g = 0; g <= 2 && top > 0; ++g) {
      const size_t v = top * g / 2;
      if (g == 1 && (v == 0 || v == top)) continue;
      const double y = y0 - plot_h * v / top;
      out_ += "<line class=\"grid\" x1=\"" + Fixed(kLeft, 0) + "\" x2=\"" + Fixed(kW - kRight, 0) +
              "\" y1=\"" + Fixed(y, 1) + "\" y2=\"" + Fixed(y, 1) + "\"/>";
      out_ += "<text x=\"" + Fixed(kLeft - 6, 0) + "\" y=\"" + Fixed(y + 4, 1) +
              "\" text-anchor=\"end\">" + WithThousands(v) + "</text>";
    }
    out_ += "<text transform=\"rotate(-90)\" x=\"" + Fixed(-(kTop + plot_h / 2), 1) +
            "\" y=\"14\" text-anchor=\"middle\">pairs</text>";
    for (int b = 0; b < kBins && top > 0; ++b) {
      double y = y0;
      for (Relation rel : kRelations) {
        const size_t n = bins[b][static_cast<int>(rel)];
        if (n == 0) continue;
        const double h = plot_h * n / top;
        y -= h;
        out_ += "<rect class=\"bar\" x=\"" + Fixed(kLeft + b * bar_w + 2, 1) + "\" y=\"" +
                Fixed(y, 1) + "\" width=\"" + Fixed(bar_w - 4, 1) + "\" height=\"" + Fixed(h, 1) +
                "\" fill=\"" + RelationColour(rel) + "\"><title>" + Fixed(b / 20.0, 2) + "–" +
                Fixed((b + 1) / 20.0, 2) + ": " + WithThousands(n) + " " + RelationLabel(rel) +
                "</title></rect>";
      }
    }
    out_ += "<line class=\"axis\" x1=\"" + Fixed(kLeft, 0) + "\" x2=\"" + Fixed(kW - kRight, 0) +
            "\" y1=\"" + Fixed(y0, 1) + "\" y2=\"" + Fixed(y0, 1) + "\"/>";
    for (int t = 0; t <= 10; ++t) {
      out_ += "<text x=\"" + Fixed(kLeft + plot_w * t / 10, 1) + "\" y=\"" + Fixed(y0 + 16, 1) +
              "\" text-anchor=\"middle\">" + Fixed(t / 10.0, 1) + "</text>";
    }
    if (top == 0) {
      out_ += "<text x=\"" + Fixed(kW / 2, 0) + "\" y=\"" + Fixed(kTop + plot_h / 2, 0) +
              "\" text-anchor=\"middle\">no reuse pairs</text>";
    }
    // Legend, bottom right.
    double lx = kW - kRight - 470;
    for (Relation rel : kRelations) {
      out_ += "<rect x=\"" + Fixed(lx, 0) + "\" y=\"" + Fixed(kH - 14, 0) +
              "\" width=\"12\" height=\"12\" rx=\"2\" fill=\"" + RelationColour(rel) +
              "\"/><text x=\"" + Fixed(lx + 17, 0) + "\" y=\"" + Fixed(kH - 4, 0) + "\">" +
              RelationLabel(rel) + "</text>";
      lx += 118;
    }
    out_ += "</svg></figure>\n";
  }

  // One row per story (the largest with a date), ordered by first date: a line from its first
  // to its last article and a dot per dated article, coloured by its role in the reuse pairs.
  void Timeline() {
    std::vector<size_t> rows;
    for (size_t s : story_order_) {
      if (rows.size() == limits_.timeline_stories) break;
      for (uint32_t a : r_.stories[s].articles) {
        if (DayNumber(r_.articles[a].published) >= 0) {
          rows.push_back(s);
          break;
        }
      }
    }
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    std::unordered_map<size_t, std::pair<int32_t, int32_t>> span;
    for (size_t s : rows) {
      int32_t first = INT32_MAX, last = INT32_MIN;
      for (uint32_t a : r_.stories[s].articles) {
        const int32_t d = DayNumber(r_.articles[a].published);
        if (d < 0) continue;
        first = std::min(first, d);
        last = std::max(last, d);
      }
      span[s] = {first, last};
      lo = std::min(lo, first);
      hi = std::max(hi, last);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [&](size_t x, size_t y) { return span[x].first < span[y].first; });
    if (!rows.empty() && hi - lo < 2) {
      --lo;
      ++hi;
    }
    constexpr int kW = 1100, kLeft = 330, kRight = 60, kTop = 34, kRow = 22;
    const int h = kTop + std::max<int>(rows.size(), 1) * kRow + 34;
    out_ +=
        "<figure id=\"timeline\"><figcaption>Story timeline<span>each row a story, each dot an "
        "article on its publication date</span></figcaption>\n";
    if (!rows.empty()) {
      ShowingNote(rows.size(), story_order_.size(), "stories (the largest with a date)");
    }
    out_ += "<svg id=\"story-timeline\" class=\"plot\" viewBox=\"0 0 " + std::to_string(kW) + " " +
            std::to_string(h) + "\" width=\"" + std::to_string(kW) + "\" height=\"" +
            std::to_string(h) + "\" role=\"img\" aria-label=\"Story timeline\">";
    if (rows.empty()) {
      out_ += "<text x=\"" + Fixed(kW / 2, 0) + "\" y=\"" + Fixed(kTop + 10, 0) +
              "\" text-anchor=\"middle\">no story has a dated article: the input carries no "
              "publication dates</text></svg></figure>\n";
      return;
    }
    const double plot_w = kW - kLeft - kRight;
    auto x_of = [&](int32_t d) { return kLeft + plot_w * (d - lo) / double(hi - lo); };
    // Date ticks: the smallest step in days that keeps at most 8 labels.
    static constexpr int kSteps[] = {1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652};
    int step = kSteps[0];
    for (int s : kSteps) {
      step = s;
      if ((hi - lo) / s <= 7) break;
    }
    const double bottom = kTop + rows.size() * kRow;
    for (int32_t d = lo; d <= hi; d += step) {
      const double x = x_of(d);
      out_ += "<line class=\"grid\" x1=\"" + Fixed(x, 1) + "\" x2=\"" + Fixed(x, 1) + "\" y1=\"" +
              Fixed(kTop - 6, 0) + "\" y2=\"" + Fixed(bottom, 0) + "\"/>";
      out_ += "<text x=\"" + Fixed(x, 1) + "\" y=\"" + Fixed(kTop - 12, 0) +
              "\" text-anchor=\"middle\">" + DateOf(d) + "</text>";
    }
    for (size_t row = 0; row < rows.size(); ++row) {
      const ScanStory& s = r_.stories[rows[row]];
      const double y = kTop + row * kRow + kRow / 2.0;
      out_ += "<a href=\"#story-" + std::to_string(s.id) + "\"><text x=\"" + Fixed(kLeft - 12, 0) +
              "\" y=\"" + Fixed(y + 4, 1) + "\" text-anchor=\"end\">";
      Esc(Truncate(s.label, 44));
      out_ += " (" + std::to_string(s.articles.size()) + ")</text></a>";
      const auto [first, last] = span[rows[row]];
      out_ += "<line x1=\"" + Fixed(x_of(first), 1) + "\" x2=\"" + Fixed(x_of(last), 1) +
              "\" y1=\"" + Fixed(y, 1) + "\" y2=\"" + Fixed(y, 1) +
              "\" stroke=\"#cbd5e1\" stroke-width=\"4\" stroke-linecap=\"round\"/>";
      // Articles of one day side by side, centred on the day, so that none hides another.
      std::map<int32_t, std::vector<uint32_t>> by_day;
      for (uint32_t a : s.articles) {
        const int32_t d = DayNumber(r_.articles[a].published);
        if (d >= 0) by_day[d].push_back(a);
      }
      for (const auto& [d, day_articles] : by_day) {
        const double n = day_articles.size();
        const double spacing = std::min(8.0, 48.0 / n);
        for (size_t k = 0; k < day_articles.size(); ++k) {
          const uint32_t a = day_articles[k];
          const ScanArticle& art = r_.articles[a];
          const double x = x_of(d) + (k - (n - 1) / 2) * spacing;
          out_ += "<circle class=\"dot " + std::string(roles_.Class(a)) + "\" cx=\"" + Fixed(x, 1) +
                  "\" cy=\"" + Fixed(y, 1) + "\" r=\"5\" fill=\"" + roles_.Colour(a) +
                  "\" fill-opacity=\"0.85\" stroke=\"#fff\"><title>";
          Esc(art.published.substr(0, 10) + " · " + (art.source.empty() ? "?" : art.source) +
              " · " + Truncate(art.title.empty() ? art.id : art.title, 90));
          out_ += "</title></circle>";
        }
      }
    }
    const double ly = bottom + 24;
    const std::pair<const char*, const char*> legend[] = {
        {"var(--orig)", "original of a copy"}, {"var(--copy)", "copy"}, {"var(--other)", "other"}};
    double lx = kLeft;
    for (const auto& [colour, label] : legend) {
      out_ += "<circle cx=\"" + Fixed(lx, 0) + "\" cy=\"" + Fixed(ly - 4, 0) +
              "\" r=\"5\" fill=\"" + colour + "\"/><text x=\"" + Fixed(lx + 10, 0) + "\" y=\"" +
              Fixed(ly, 0) + "\">" + label + "</text>";
      lx += 150;
    }
    out_ += "</svg></figure>\n";
  }

  void ArticleLabel(uint32_t i, size_t title_chars) {
    const ScanArticle& a = r_.articles[i];
    Esc(Truncate(a.title.empty() ? a.id : a.title, title_chars));
  }

  void Stories() {
    out_ += "<section id=\"stories\"><h2>Stories <span class=\"count\">" +
            WithThousands(story_order_.size()) + "</span></h2>\n";
    if (story_order_.empty()) {
      out_ += "<p class=\"note\">No story holds more than one article.</p>\n";
    }
    const size_t shown = std::min(limits_.stories, story_order_.size());
    ShowingNote(shown, story_order_.size(), "stories, largest first");
    // Per article, the pairs in which it is the copy, to say "copy of".
    std::unordered_map<uint32_t, uint32_t> copy_of;
    for (const ReusePair& p : r_.pairs) {
      if (p.source >= 0) copy_of[static_cast<uint32_t>(p.source) == p.a ? p.b : p.a] = p.source;
    }
    constexpr size_t kArticlesPerStory = 30;
    for (size_t k = 0; k < shown; ++k) {
      const ScanStory& s = r_.stories[story_order_[k]];
      out_ += "<article class=\"story\" id=\"story-" + std::to_string(s.id) + "\"><h3>";
      Esc(s.label);
      out_ += "</h3><div class=\"meta\">" + WithThousands(s.articles.size()) + " articles";
      if (!s.first.empty()) {
        out_ += " · <time>" + s.first + "</time>";
        if (s.last != s.first) out_ += "→ <time>" + s.last + "</time>";
      }
      out_ += "<br>";
      for (size_t o = 0; o < s.outlets.size() && o < 12; ++o) {
        out_ += "<span class=\"chip outlet-chip\">";
        Esc(s.outlets[o]);
        out_ += "</span>";
      }
      if (s.outlets.size() > 12) out_ += " +" + std::to_string(s.outlets.size() - 12) + " more";
      if (s.outlets.empty()) out_ += "<span class=\"chip\">outlets unknown</span>";
      out_ += "</div><ol class=\"story-articles\">";
      std::vector<uint32_t> members = s.articles;
      std::stable_sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
        const std::string &dx = r_.articles[x].published, &dy = r_.articles[y].published;
        if (dx.empty() != dy.empty()) return dy.empty();
        return dx < dy;
      });
      for (size_t m = 0; m < members.size() && m < kArticlesPerStory; ++m) {
        const uint32_t i = members[m];
        const ScanArticle& a = r_.articles[i];
        out_ += "<li class=\"" + std::string(roles_.Class(i)) + "\">";
        if (!a.published.empty()) out_ += "<time>" + a.published.substr(0, 10) + "</time>";
        if (!a.source.empty()) {
          out_ += "<span class=\"outlet\">";
          Esc(a.source);
          out_ += "</span>";
        }
        ArticleLabel(i, 110);
        auto c = copy_of.find(i);
        if (c != copy_of.end()) {
          out_ += " <span class=\"badge copy\" title=\"copy of ";
          Esc(r_.articles[c->second].id);
          out_ += "\">copy</span>";
        }
        for (const ArticleFlag& f : a.flags) {
          out_ += " <a class=\"badge flag\" href=\"#article-" + std::to_string(i) + "\">";
          Esc(f.name);
          out_ += "</a>";
        }
        out_ += "</li>";
      }
      out_ += "</ol>";
      if (members.size() > kArticlesPerStory) {
        out_ += "<p class=\"note\">Showing " + std::to_string(kArticlesPerStory) + " of " +
                WithThousands(members.size()) + " articles.</p>";
      }
      if (!s.quotes.empty()) {
        out_ += "<ul class=\"quotes\">";
        for (size_t q = 0; q < s.quotes.size() && q < 3; ++q) {
          out_ += "<li>“";
          Esc(Truncate(s.quotes[q].text, 240));
          out_ += "”";
          if (!s.quotes[q].speaker.empty()) {
            out_ += " — ";
            Esc(s.quotes[q].speaker);
          }
          out_ += " <span class=\"meta\">(" + std::to_string(s.quotes[q].articles.size()) +
                  " articles)</span></li>";
        }
        out_ += "</ul>";
      }
      out_ += "</article>\n";
    }
    out_ += "</section>\n";
  }

  void ArticleCell(uint32_t i) {
    const ScanArticle& a = r_.articles[i];
    ArticleLabel(i, 80);
    out_ += "<span class=\"id\">";
    Esc(a.id);
    if (!a.source.empty()) {
      out_ += " · ";
      Esc(a.source);
    }
    if (!a.published.empty()) out_ += " · " + a.published.substr(0, 10);
    out_ += "</span>";
  }

  void Badge(Relation rel) {
    out_ += std::string("<span class=\"badge rel\" style=\"background:") + RelationColour(rel) +
            "\">" + RelationLabel(rel) + "</span>";
  }

  // The pair's two sides as (left, right): the original first when known.
  std::pair<uint32_t, uint32_t> Sides(const ReusePair& p) const {
    if (p.source >= 0 && static_cast<uint32_t>(p.source) == p.b) return {p.b, p.a};
    return {p.a, p.b};
  }

  void Pairs() {
    out_ += "<section id=\"pairs\"><h2>Reuse pairs <span class=\"count\">" +
            WithThousands(r_.pairs.size()) + "</span></h2>\n";
    if (r_.pairs.empty()) {
      out_ += "<p class=\"note\">No article reuses another's text.</p></section>\n";
      return;
    }
    const size_t shown = std::min(limits_.pairs, r_.pairs.size());
    ShowingNote(shown, r_.pairs.size(), "pairs, highest score first");
    out_ +=
        "<table><thead><tr><th>Relation</th><th>Score</th><th>Original</th><th></th>"
        "<th>Copy</th><th>Coverage</th><th></th></tr></thead><tbody>\n";
    for (size_t k = 0; k < shown; ++k) {
      const size_t n = pair_order_[k];
      const ReusePair& p = r_.pairs[n];
      const auto [left, right] = Sides(p);
      out_ += "<tr class=\"pair\" id=\"row-" + std::to_string(n) + "\"><td>";
      Badge(p.relation);
      out_ += "</td><td class=\"score\"><i style=\"width:" + Fixed(40 * p.score, 0) + "px\"></i>" +
              Fixed(p.score, 2) + "</td><td>";
      ArticleCell(left);
      out_ += std::string("</td><td class=\"arrow\" title=\"") +
              (p.source >= 0 ? "the left one is the likely original"
                             : "which one is the original cannot be told") +
              "\">" + (p.source >= 0 ? "→" : "↔") + "</td><td>";
      ArticleCell(right);
      const double cov_left = left == p.a ? p.coverage_a : p.coverage_b;
      const double cov_right = left == p.a ? p.coverage_b : p.coverage_a;
      out_ += "</td><td class=\"score\">" + Fixed(100 * cov_left, 0) + "% · " +
              Fixed(100 * cov_right, 0) + "%</td><td>";
      if (k < limits_.evidence) {
        out_ += "<a href=\"#pair-" + std::to_string(n) + "\">evidence</a>";
      }
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody></table></section>\n";
  }

  // Word-level differences between two passages: the words of each side outside a longest
  // common subsequence (compared in matching form, so disguised letters and case match) are
  // substitutions; words that match only in matching form are disguised.
  struct Word {
    uint32_t begin, end;  // Code points within the passage text.
    std::string key;      // Matching form, letters and digits only.
  };
  static std::vector<Word> Words(const Text& t) {
    std::vector<Word> words;
    const uint32_t n = t.size();
    uint32_t i = 0;
    while (i < n) {
      const std::string_view c = t.Slice(i, i + 1);
      if (c == " " || c == "\n" || c == "\t" || c == "\r") {
        ++i;
        continue;
      }
      uint32_t j = i + 1;
      while (j < n) {
        const std::string_view d = t.Slice(j, j + 1);
        if (d == " " || d == "\n" || d == "\t" || d == "\r") break;
        ++j;
      }
      std::string key;
      for (char ch : NormalizeToString(t.Slice(i, j))) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch & 0x80)) key.push_back(ch);
      }
      words.push_back({i, j, std::move(key)});
      i = j;
    }
    return words;
  }

  enum WordMark : uint8_t { kSame, kDisguised, kChanged };

  static void Diff(const std::vector<Word>& a, const std::vector<Word>& b, const Text& ta,
                   const Text& tb, std::vector<WordMark>* ma, std::vector<WordMark>* mb) {
    const size_t n = a.size(), m = b.size();
    ma->assign(n, kChanged);
    mb->assign(m, kChanged);
    // LCS table, (n+1) x (m+1), filled from the end so the walk goes forward.
    std::vector<uint32_t> dp((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return dp[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) =
            a[i].key == b[j].key ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    for (size_t i = 0, j = 0; i < n && j < m;) {
      if (a[i].key == b[j].key) {
        const bool same = ta.Slice(a[i].begin, a[i].end) == tb.Slice(b[j].begin, b[j].end);
        (*ma)[i] = (*mb)[j] = same ? kSame : kDisguised;
        ++i;
        ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        ++i;
      } else {
        ++j;
      }
    }
    // Punctuation-only tokens (empty keys) are never substitutions worth showing.
    for (size_t i = 0; i < n; ++i) {
      if (a[i].key.empty()) (*ma)[i] = kSame;
    }
    for (size_t j = 0; j < m; ++j) {
      if (b[j].key.empty()) (*mb)[j] = kSame;
    }
  }

  void AppendDiffed(const Text& t, const std::vector<Word>& words,
                    const std::vector<WordMark>& marks) {
    uint32_t at = 0;
    for (size_t w = 0; w < words.size(); ++w) {
      Esc(t.Slice(at, words[w].begin));
      const std::string_view word = t.Slice(words[w].begin, words[w].end);
      if (marks[w] == kSame) {
        Esc(word);
      } else {
        out_ += marks[w] == kChanged ? "<ins class=\"sub\">" : "<ins class=\"dis\">";
        Esc(word);
        out_ += "</ins>";
      }
      at = words[w].end;
    }
    Esc(t.Slice(at, t.size()));
  }

  void Evidence() {
    out_ += "<section id=\"evidence\"><h2>Evidence</h2>\n";
    const size_t shown = std::min(limits_.evidence, r_.pairs.size());
    if (shown == 0) out_ += "<p class=\"note\">No reuse pairs.</p>\n";
    ShowingNote(shown, r_.pairs.size(), "pairs' evidence, highest score first");
    if (shown > 0) {
      out_ +=
          "<p class=\"legend\"><ins class=\"sub\">word</ins> replaced or added on one side · "
          "<ins class=\"dis\">word</ins> the same word disguised (look-alike letters, case, "
          "quote marks, invisible characters)</p>\n";
    }
    for (size_t k = 0; k < shown; ++k) {
      const size_t n = pair_order_[k];
      const ReusePair& p = r_.pairs[n];
      const auto [left, right] = Sides(p);
      const bool swapped = left != p.a;
      // Collapsed past the first few: a link to #pair-N opens it (browsers expand a <details>
      // holding the fragment's target).
      out_ += "<details class=\"evidence\" id=\"pair-" + std::to_string(n) + "\"" +
              (k < kOpenEvidence ? " open" : "") + "><summary><h3>";
      Badge(p.relation);
      out_ += " ";
      ArticleLabel(left, 70);
      out_ +=
          p.source >= 0 ? " <span class=\"arrow\">→</span> " : " <span class=\"arrow\">↔</span> ";
      ArticleLabel(right, 70);
      out_ += "</h3><div class=\"meta\">score " + Fixed(p.score, 2) + " · " +
              std::to_string(p.passages.size()) +
              (p.passages.size() == 1 ? " passage" : " passages") + " · words unchanged " +
              Fixed(100 * p.identity, 0) + "% · replaced " + Fixed(100 * p.edit_rate, 1) +
              "% · <a href=\"#row-" + std::to_string(n) +
              "\">back to the table</a></div></summary>";
      const Text tl(r_.articles[left].text), tr(r_.articles[right].text);
      for (size_t g = 0; g < p.passages.size(); ++g) {
        const Passage& pg = p.passages[g];
        const uint32_t lb = swapped ? pg.b_begin : pg.a_begin, le = swapped ? pg.b_end : pg.a_end;
        const uint32_t rb = swapped ? pg.a_begin : pg.b_begin, re = swapped ? pg.a_end : pg.b_end;
        const uint32_t cap = static_cast<uint32_t>(limits_.passage_chars);
        const Text pl(tl.Slice(lb, std::min(le, lb + cap)));
        const Text pr(tr.Slice(rb, std::min(re, rb + cap)));
        const std::vector<Word> wl = Words(pl), wr = Words(pr);
        std::vector<WordMark> ml, mr;
        Diff(wl, wr, pl, pr, &ml, &mr);
        out_ += "<div class=\"side-by-side passage\">";
        const std::tuple<uint32_t, uint32_t, uint32_t, const Text*, const std::vector<Word>*,
                         const std::vector<WordMark>*>
            sides[] = {{left, lb, le, &pl, &wl, &ml}, {right, rb, re, &pr, &wr, &mr}};
        for (const auto& [article, b, e, text, words, marks] : sides) {
          out_ += "<div class=\"side\"><h4>";
          Esc(Truncate(r_.articles[article].id, 60));
          out_ += " <span class=\"span\">code points " + std::to_string(b) + "–" +
                  std::to_string(e) + "</span></h4>";
          AppendDiffed(*text, *words, *marks);
          if (e - b > cap) out_ += " <span class=\"note\">[… passage cut for the report]</span>";
          out_ += "</div>";
        }
        out_ += "</div>";
      }
      out_ += "</details>\n";
    }
    out_ += "</section>\n";
  }

  void Flagged() {
    out_ += "<section id=\"flagged\"><h2>Flagged articles <span class=\"count\">" +
            WithThousands(flagged_) + "</span></h2>\n";
    if (flagged_ == 0) out_ += "<p class=\"note\">No article shows signs of obfuscation.</p>\n";
    const size_t shown = std::min(limits_.flagged, flagged_);
    ShowingNote(shown, flagged_, "flagged articles, in input order");
    // Where each pair's evidence is, to link to it (only the first `evidence` pairs have one).
    std::unordered_map<size_t, size_t> evidence_rank;
    for (size_t k = 0; k < pair_order_.size() && k < limits_.evidence; ++k) {
      evidence_rank[pair_order_[k]] = k;
    }
    size_t done = 0;
    for (uint32_t i = 0; i < r_.articles.size() && done < shown; ++i) {
      const ScanArticle& a = r_.articles[i];
      if (a.flags.empty()) continue;
      ++done;
      const Text title(a.title), text(a.text);
      out_ += "<article class=\"flagged\" id=\"article-" + std::to_string(i) + "\"><h3>";
      // The title itself, with its marks.
      std::vector<const FlagMark*> title_marks;
      for (const ArticleFlag& f : a.flags) {
        for (const FlagMark& m : f.marks) {
          if (m.in_title) title_marks.push_back(&m);
        }
      }
      std::sort(title_marks.begin(), title_marks.end(),
                [](const FlagMark* x, const FlagMark* y) { return x->begin < y->begin; });
      if (a.title.empty()) {
        Esc(a.id);
      } else {
        AppendMarked(title, 0, title.size(), title_marks, &out_);
      }
      out_ += "</h3><div class=\"meta\">";
      Esc(a.id);
      if (!a.source.empty()) {
        out_ += " · ";
        Esc(a.source);
      }
      if (!a.published.empty()) out_ += " · " + a.published.substr(0, 10);
      out_ += " · ";
      Esc(a.origin);
      out_ += "</div>";
      Relations(i, evidence_rank);
      for (const ArticleFlag& f : a.flags) {
        out_ += "<div class=\"flag-evidence\"><span class=\"badge flag\">";
        Esc(f.name);
        out_ += "</span> ";
        Esc(f.detail);
        Snippets(text, f);
        out_ += "</div>";
      }
      out_ += "</article>\n";
    }
    out_ += "</section>\n";
  }

  // What a flagged article reused or lent: up to three of its pairs, copies first, each linked
  // to its evidence when the report shows it.
  void Relations(uint32_t article, const std::unordered_map<size_t, size_t>& evidence_rank) {
    auto it = pairs_of_.find(article);
    if (it == pairs_of_.end()) return;
    std::vector<size_t> mine = it->second;
    const auto is_copy = [&](size_t n) {
      const ReusePair& p = r_.pairs[n];
      return p.source >= 0 && static_cast<uint32_t>(p.source) != article;
    };
    std::stable_sort(mine.begin(), mine.end(), [&](size_t x, size_t y) {
      if (is_copy(x) != is_copy(y)) return is_copy(x);
      return r_.pairs[x].score > r_.pairs[y].score;
    });
    out_ += "<div class=\"meta relations\">";
    for (size_t k = 0; k < mine.size() && k < 3; ++k) {
      const ReusePair& p = r_.pairs[mine[k]];
      const uint32_t other = p.a == article ? p.b : p.a;
      out_ += k > 0 ? " · " : "";
      out_ += is_copy(mine[k]) ? "copy of " : p.source >= 0 ? "copied by " : "shares text with ";
      out_ += "<b>";
      Esc(r_.articles[other].id);
      out_ += std::string("</b> (") + RelationLabel(p.relation) + " " + Fixed(p.score, 2) + ")";
      if (evidence_rank.count(mine[k])) {
        out_ += " <a href=\"#pair-" + std::to_string(mine[k]) + "\">evidence</a>";
      }
    }
    if (mine.size() > 3) out_ += " · and " + WithThousands(mine.size() - 3) + " more pairs";
    out_ += "</div>";
  }

  // The flag's text marks in context: windows of 50 code points either side, overlapping
  // windows merged, at most marks_per_flag windows.
  void Snippets(const Text& text, const ArticleFlag& f) {
    constexpr uint32_t kContext = 50;
    std::vector<const FlagMark*> marks;
    for (const FlagMark& m : f.marks) {
      if (!m.in_title && m.begin < text.size()) marks.push_back(&m);
    }
    std::sort(marks.begin(), marks.end(),
              [](const FlagMark* x, const FlagMark* y) { return x->begin < y->begin; });
    size_t windows = 0;
    for (size_t k = 0; k < marks.size();) {
      if (windows++ == limits_.marks_per_flag) {
        out_ += "<p class=\"note\">… and more in the text (all marks are in the SQLite file).</p>";
        break;
      }
      uint32_t b = marks[k]->begin > kContext ? marks[k]->begin - kContext : 0;
      uint32_t e = std::min(text.size(), marks[k]->end + kContext);
      // Start on a word: up to 15 code points back to a space.
      for (uint32_t back = 0; b > 0 && back < 15 && text.Slice(b - 1, b) != " "; ++back) --b;
      std::vector<const FlagMark*> inside = {marks[k]};
      size_t j = k + 1;
      while (j < marks.size() && marks[j]->begin < e) {
        e = std::max(e, std::min(text.size(), marks[j]->end + kContext));
        inside.push_back(marks[j++]);
      }
      for (uint32_t fwd = 0; e < text.size() && fwd < 15 && text.Slice(e, e + 1) != " "; ++fwd) {
        ++e;
      }
      out_ += "<div class=\"snippet\">";
      if (b > 0) out_ += "…";
      AppendMarked(text, b, e, inside, &out_);
      if (e < text.size()) out_ += "…";
      out_ += "</div>";
      k = j;
    }
  }

  const ScanResults& r_;
  const ReportLimits& limits_;
  const Roles roles_;
  size_t flagged_ = 0;
  std::vector<size_t> pair_order_;   // Pairs by score, highest first.
  std::vector<size_t> story_order_;  // Stories of 2+ articles by size, largest first.
  std::unordered_map<uint32_t, std::vector<size_t>> pairs_of_;  // Flagged article -> its pairs.
  std::string out_;
};

}  // namespace

Status WriteHtmlReport(const ScanResults& results, const std::string& path,
                       const ReportLimits& limits) {
  const std::string html = HtmlWriter(results, limits).Render();
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::IOError("cannot write " + path + ": " + std::strerror(errno));
  bool ok = std::fwrite(html.data(), 1, html.size(), f) == html.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Status::IOError("writing " + path + " failed: " + why);
  }
  return Status::OK();
}

}  // namespace unspun
