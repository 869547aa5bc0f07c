// The terminal summary of a scan and the helpers the HTML and SQLite writers share.
#include "report/scan_report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "unspun/stories.h"
#include "util/format.h"

namespace unspun {
namespace {

std::string Count(uint64_t n, const char* one, const char* many) {
  return WithThousands(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::vector<uint32_t> CodePointOffsets(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i) {
    // Continuation bytes (10xxxxxx) never start a code point.
    if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80) out.push_back(static_cast<uint32_t>(i));
  }
  out.push_back(static_cast<uint32_t>(s.size()));
  return out;
}

void AppendHtmlEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      default:
        out->push_back(c);
    }
  }
}

void DescribeStory(const std::vector<ScanArticle>& articles, ScanStory* story) {
  story->label.clear();
  story->outlets.clear();
  story->first.clear();
  story->last.clear();
  std::unordered_map<std::string, size_t> outlet_counts;
  std::vector<std::string> outlet_order;
  int32_t label_day = -1;
  for (uint32_t i : story->articles) {
    const ScanArticle& a = articles[i];
    if (!a.source.empty() && outlet_counts[a.source]++ == 0) outlet_order.push_back(a.source);
    const int32_t day = DayNumber(a.published);
    if (day >= 0) {
      const std::string date = a.published.substr(0, 10);
      if (story->first.empty() || date < story->first) story->first = date;
      if (story->last.empty() || date > story->last) story->last = date;
      if (!a.title.empty() && (label_day < 0 || day < label_day)) {
        label_day = day;
        story->label = a.title;
      }
    }
    if (story->label.empty() && label_day < 0) story->label = a.title;
  }
  if (story->label.empty() && !story->articles.empty()) {
    story->label = articles[story->articles.front()].id;
  }
  std::stable_sort(outlet_order.begin(), outlet_order.end(),
                   [&](const std::string& x, const std::string& y) {
                     return outlet_counts[x] > outlet_counts[y];
                   });
  story->outlets = std::move(outlet_order);
}

std::string ScanSummary(const ScanResults& r, const ReportLimits& limits) {
  std::map<Relation, size_t> by_relation;
  for (const ReusePair& p : r.pairs) ++by_relation[p.relation];
  size_t flagged = 0;
  for (const ScanArticle& a : r.articles) flagged += !a.flags.empty();
  // Stories of one article are left out of the counts: they group nothing.
  size_t stories = 0, in_stories = 0;
  for (const ScanStory& s : r.stories) {
    if (s.articles.size() < 2) continue;
    ++stories;
    in_stories += s.articles.size();
  }

  std::string out = "unspun scan: " + Count(r.articles.size(), "article", "articles") + ", " +
                    Count(stories, "story", "stories") + " (" +
                    Count(in_stories, "article", "articles") + "), " +
                    Count(r.pairs.size(), "reuse pair", "reuse pairs");
  if (!r.pairs.empty()) {
    std::string parts;
    for (const auto& [rel, n] : by_relation) {
      parts += (parts.empty() ? "" : ", ") + WithThousands(n) + " " + RelationName(rel);
    }
    out += " (" + parts + ")";
  }
  out += ", " + Count(flagged, "flagged article", "flagged articles") + "\n";

  // Copies first (a known source), strongest first; then the rest.
  std::vector<const ReusePair*> order;
  order.reserve(r.pairs.size());
  for (const ReusePair& p : r.pairs) order.push_back(&p);
  std::stable_sort(order.begin(), order.end(), [](const ReusePair* x, const ReusePair* y) {
    if ((x->source >= 0) != (y->source >= 0)) return x->source >= 0;
    const bool x_partial = x->relation == Relation::kPartial;
    if (x_partial != (y->relation == Relation::kPartial)) return !x_partial;
    return x->score > y->score;
  });
  if (!order.empty()) out += "copies and rewrites (copy <- source, or a <-> b when undecided):\n";
  char line[96];
  for (size_t i = 0; i < order.size() && i < limits.summary_pairs; ++i) {
    const ReusePair& p = *order[i];
    std::snprintf(line, sizeof line, "  %-14s %.2f  ", RelationName(p.relation), p.score);
    out += line;
    if (p.source >= 0) {
      const uint32_t copy = static_cast<uint32_t>(p.source) == p.a ? p.b : p.a;
      out += r.articles[copy].id + " <- " + r.articles[p.source].id + "\n";
    } else {
      out += r.articles[p.a].id + " <-> " + r.articles[p.b].id + "\n";
    }
  }
  if (order.size() > limits.summary_pairs) {
    out += "  ... and " + WithThousands(order.size() - limits.summary_pairs) + " more\n";
  }
  if (flagged > 0) out += "flagged:\n";
  size_t shown = 0;
  for (const ScanArticle& a : r.articles) {
    if (a.flags.empty()) continue;
    if (shown++ == limits.summary_flagged) break;
    std::string names;
    for (const ArticleFlag& f : a.flags) names += (names.empty() ? "" : ", ") + f.name;
    out += "  " + a.id + " (" + names + ")\n";
  }
  if (flagged > limits.summary_flagged) {
    out += "  ... and " + WithThousands(flagged - limits.summary_flagged) + " more\n";
  }
  return out;
}

}  // namespace unspun
