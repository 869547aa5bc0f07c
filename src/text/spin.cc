#include "text/spin.h"

#include <algorithm>
#include <unordered_set>

#include "unspun/stopwords.h"

namespace unspun {
namespace {

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsLower(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char32_t c) { return IsLower(c) || IsUpper(c); }

std::string Ascii(const std::u32string& cps, uint32_t b, uint32_t e) {
  std::string out;
  for (uint32_t i = b; i < e; ++i) out.push_back(static_cast<char>(cps[i]));
  return out;
}

// Calls f(begin, end) for each run of ASCII letters (an apostrophe between letters kept inside:
// "putin's") that is not glued to a URL, an address or a handle.
template <typename F>
void ForEachWord(const std::u32string& cps, F f) {
  const uint32_t n = static_cast<uint32_t>(cps.size());
  uint32_t i = 0;
  while (i < n) {
    if (!IsLetter(cps[i])) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < n &&
           (IsLetter(cps[j]) || (cps[j] == '\'' && j + 1 < n && IsLetter(cps[j + 1]) && j > i))) {
      ++j;
    }
    // Skip words glued to URLs, addresses, handles and numbers ("bbc.co.uk/london", "@nbc").
    auto glue = [](char32_t c) {
      return c == '/' || c == '@' || c == '#' || c == '_' || (c >= '0' && c <= '9') ||
             (c > 0x7f && c != 0xA0 && !(c >= 0x2010 && c <= 0x2026));
    };
    const bool glued =
        (i > 0 && (glue(cps[i - 1]) || (cps[i - 1] == '.' && i >= 2 && IsLetter(cps[i - 2])))) ||
        (j < n && (glue(cps[j]) || (cps[j] == '.' && j + 1 < n && IsLetter(cps[j + 1]))));
    if (!glued) f(i, j);
    i = j;
  }
}

}  // namespace

CaseDamage FindCaseDamage(const std::u32string& cps, const std::vector<uint32_t>& sentence_starts,
                          const Lexicon& lexicon) {
  CaseDamage out;
  const uint32_t n = static_cast<uint32_t>(cps.size());
  // "u.S." / "u.K.": a spinner lowercased "U.S." and then capitalized whatever followed ". ".
  for (uint32_t i = 0; i + 3 < n; ++i) {
    if (IsLower(cps[i]) && cps[i + 1] == '.' && IsUpper(cps[i + 2]) && cps[i + 3] == '.' &&
        (i == 0 || !IsLetter(cps[i - 1]))) {
      ++out.mixed_initialisms;
      out.marks.push_back({i, i + 4, Ascii(cps, i, i + 4), "dotted initialism in mixed case"});
    }
  }
  for (uint32_t s : sentence_starts) {
    if (s >= n || !IsLetter(cps[s])) continue;
    ++out.sentences;
    uint32_t e = s;
    bool inner_upper = false;
    while (e < n && IsLetter(cps[e])) inner_upper |= IsUpper(cps[e++]);
    // "iPhone", "eBay" open sentences in lowercase by design.
    if (IsLower(cps[s]) && !inner_upper) {
      ++out.lowercase_starts;
      out.marks.push_back({s, e, Ascii(cps, s, e), "sentence opens in lowercase"});
    }
  }
  // Words inside sentences (not opening one): how many are capitalized at all, and which
  // always-capitalized names are written in lowercase.
  std::vector<uint32_t> starts(sentence_starts);
  std::sort(starts.begin(), starts.end());
  std::unordered_set<std::string> lowercase_names;
  ForEachWord(cps, [&](uint32_t b, uint32_t e) {
    if (std::binary_search(starts.begin(), starts.end(), b)) return;
    // After a colon or an opening quote a capital is a style choice, not a name.
    uint32_t p = b;
    while (p > 0 && cps[p - 1] == ' ') --p;
    if (p > 0 && (cps[p - 1] == ':' || cps[p - 1] == '"' || cps[p - 1] == 0x201C ||
                  cps[p - 1] == '(' || cps[p - 1] == '\n')) {
      return;
    }
    ++out.inner_words;
    if (IsUpper(cps[b])) ++out.inner_capitalized;
    if (!lexicon.has_levels()) return;
    const bool lower = IsLower(cps[b]);
    bool rest_lower = true;
    for (uint32_t k = b + 1; k < e; ++k) rest_lower &= !IsUpper(cps[k]);
    if (!rest_lower) return;  // "BBC", "McDonald" are not at issue.
    const std::string key = ToLowerAscii(Ascii(cps, b, e));
    if (!lexicon.IsCapitalizedOnly(key)) return;
    if (lower) {
      ++out.lowercase_names;
      lowercase_names.insert(key);
      out.marks.push_back({b, e, Ascii(cps, b, e), "a name written in lowercase"});
    } else {
      ++out.capitalized_names;
    }
  });
  out.distinct_lowercase_names = static_cast<uint32_t>(lowercase_names.size());
  return out;
}

void DocumentFrequencies::Add(const std::u32string& cps) {
  ++documents_;
  std::unordered_set<std::string> seen;
  ForEachWord(cps, [&](uint32_t b, uint32_t e) {
    std::string w = ToLowerAscii(Ascii(cps, b, e));
    if (seen.insert(w).second) ++df_[std::move(w)];
  });
}

bool DocumentFrequencies::Common(std::string_view word) const {
  auto it = df_.find(std::string(word));
  return it != df_.end() && it->second > std::max<uint32_t>(5, documents_ / 200);
}

RareSynonyms FindRareSynonyms(const std::u32string& cps, const Lexicon& lexicon,
                              const DocumentFrequencies* corpus) {
  RareSynonyms out;
  if (!lexicon.has_levels() || !lexicon.has_synonyms()) return out;
  std::unordered_set<std::string> seen;
  ForEachWord(cps, [&](uint32_t b, uint32_t e) {
    if (e - b < 3) return;
    for (uint32_t k = b; k < e; ++k) {
      if (IsUpper(cps[k])) return;  // Names and initialisms are not the spinner's.
    }
    const std::string w = Ascii(cps, b, e);
    if (IsStopword(w) || lexicon.IsCapitalizedOnly(w)) return;  // A lowercased name is no synonym.
    ++out.content_words;
    std::string_view common = lexicon.CommonSynonymOfRare(w);
    if (common.empty() || (corpus != nullptr && corpus->Common(w))) return;
    // A word used again and again is the topic's ("bot nets"), not a spinner's random pick:
    // each word counts once.
    const uint8_t level = lexicon.Level(w);
    if (!seen.insert(w).second) return;
    ++out.rare;
    out.weight += level >= 70 ? 3 : level >= 55 ? 2 : 1;
    out.marks.push_back(
        {b, e, w,
         "uncommon (SCOWL " +
             (level == Lexicon::kUnknownLevel ? std::string("none") : std::to_string(level)) +
             "); the thesaurus offers: " + std::string(common)});
  });
  return out;
}

namespace {

std::string Join(const std::vector<Word>& w, size_t b, size_t e) {
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (i > b) out.push_back(' ');
    out += w[i].text;
  }
  return out;
}

// Longest common subsequence of a[ab, ae) and b[bb, be) by dynamic programming; appends the
// matched index pairs in order. Used only inside the short gaps between unique anchors.
void GapLcs(const std::vector<Word>& a, size_t ab, size_t ae, const std::vector<Word>& b, size_t bb,
            size_t be, std::vector<std::pair<size_t, size_t>>* out) {
  const size_t n = ae - ab, m = be - bb;
  if (n == 0 || m == 0 || n * m > 4'000'000) return;
  std::vector<uint16_t> dp((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint16_t& { return dp[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = a[ab + i].text == b[bb + j].text ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[ab + i].text == b[bb + j].text) {
      out->emplace_back(ab + i++, bb + j++);
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
}

// A typing slip rather than a word choice: one edit apart, or two in a word of 6+ letters.
bool IsTypo(std::string_view u, std::string_view v) {
  if (u.size() > v.size()) std::swap(u, v);
  if (v.size() - u.size() > 2) return false;
  size_t p = 0;
  while (p < u.size() && u[p] == v[p]) ++p;
  size_t q = 0;
  while (q < u.size() - p && u[u.size() - 1 - q] == v[v.size() - 1 - q]) ++q;
  const size_t edits = std::max(u.size(), v.size()) - p - q;
  return edits <= 1 || (edits <= 2 && u.size() >= 6);
}

}  // namespace

SpinDirection CompareVersions(const std::vector<Word>& a, const std::vector<Word>& b,
                              const Lexicon& lexicon) {
  SpinDirection out;
  // Patience-style alignment: words that occur once on each side anchor it (longest increasing
  // run of their positions), and the gaps between anchors are aligned exactly.
  std::unordered_map<std::string_view, std::pair<int, int>> count;  // word -> (count a, count b)
  std::unordered_map<std::string_view, size_t> pos_b;
  for (const Word& w : a) ++count[w.text].first;
  for (size_t j = 0; j < b.size(); ++j) {
    ++count[b[j].text].second;
    pos_b[b[j].text] = j;
  }
  std::vector<std::pair<size_t, size_t>> unique;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto& c = count[a[i].text];
    if (c.first == 1 && c.second == 1) unique.emplace_back(i, pos_b[a[i].text]);
  }
  // Longest increasing subsequence over the b positions (patience sorting).
  std::vector<size_t> tails, prev(unique.size(), SIZE_MAX), tail_idx;
  for (size_t k = 0; k < unique.size(); ++k) {
    auto it = std::lower_bound(tails.begin(), tails.end(), unique[k].second);
    const size_t p = static_cast<size_t>(it - tails.begin());
    if (it == tails.end()) {
      tails.push_back(unique[k].second);
      tail_idx.push_back(k);
    } else {
      *it = unique[k].second;
      tail_idx[p] = k;
    }
    prev[k] = p > 0 ? tail_idx[p - 1] : SIZE_MAX;
  }
  std::vector<std::pair<size_t, size_t>> anchors;
  for (size_t k = tail_idx.empty() ? SIZE_MAX : tail_idx.back(); k != SIZE_MAX; k = prev[k]) {
    anchors.push_back(unique[k]);
  }
  std::reverse(anchors.begin(), anchors.end());
  std::vector<std::pair<size_t, size_t>> matched;
  size_t pa = 0, pb = 0;
  for (const auto& [ia, ib] : anchors) {
    GapLcs(a, pa, ia, b, pb, ib, &matched);
    matched.emplace_back(ia, ib);
    pa = ia + 1;
    pb = ib + 1;
  }
  GapLcs(a, pa, a.size(), b, pb, b.size(), &matched);

  // Replacements: the unmatched runs between consecutive matches, 1-3 words on each side.
  size_t la = 0, lb = 0;
  matched.emplace_back(a.size(), b.size());
  for (const auto& [ma, mb] : matched) {
    const size_t na = ma - la, nb = mb - lb;
    if (na >= 1 && nb >= 1 && na <= 3 && nb <= 3) {
      const std::string u = Join(a, la, ma), v = Join(b, lb, mb);
      if (!(na == 1 && nb == 1 && IsTypo(u, v))) {
        ++out.swaps;
        const bool synonyms = lexicon.AreSynonyms(u, v);
        out.synonyms += synonyms;
        // The spinner's side: a phrase for one word ("adult male" for "man"), or the rarer word.
        const int lu = lexicon.Level(u), lv = lexicon.Level(v);
        int side = 0;
        if (na != nb) {
          side = na > nb ? 1 : 2;
        } else if (lu >= lv + 10) {
          side = 1;
        } else if (lv >= lu + 10) {
          side = 2;
        }
        const char* kind = synonyms ? " (thesaurus synonyms)" : "";
        if (side == 1) {
          ++out.toward_a;
          out.marks_a.push_back(
              {a[la].begin, a[ma - 1].end, u, "the other version has: " + v + kind});
        } else if (side == 2) {
          ++out.toward_b;
          out.marks_b.push_back(
              {b[lb].begin, b[mb - 1].end, v, "the other version has: " + u + kind});
        }
      }
    }
    la = ma + 1;
    lb = mb + 1;
  }
  return out;
}

}  // namespace unspun
