#include "align/verify.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace unspun {
namespace {

// Size of the multiset intersection of two sorted vectors when it is at least `need`; otherwise
// some smaller number, found as soon as the rest of the shorter side cannot make up the
// difference. Most sentence pairs screened here are unrelated and share only a few stopwords, so
// the early exit and a merge without unpredictable branches carry the cost of verification.
uint32_t CommonCountAtLeast(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y,
                            uint32_t need) {
  uint32_t n = 0;
  size_t i = 0, j = 0;
  const size_t nx = x.size(), ny = y.size();
  while (i < nx && j < ny) {
    const uint32_t u = x[i], v = y[j];
    n += u == v;
    i += u <= v;
    j += v <= u;
    if (n + std::min(nx - i, ny - j) < need) break;
  }
  return n;
}

// Words of x missing from y (multiset difference), as token hashes.
void Leftovers(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y,
               std::vector<uint32_t>* out) {
  out->clear();
  std::set_difference(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(*out));
}

// Length of the longest common subsequence of two sentences' words. Spinners replace words in
// place, so a spun sentence keeps most of its word order; a human paraphrase of the same facts
// reorders them. The order-aware measure tells the two apart where word bags cannot.
uint32_t CommonSubsequence(const Analysis& a, const Sentence& s, const Analysis& b,
                           const Sentence& t) {
  thread_local std::vector<uint32_t> prev, cur;
  const uint32_t m = t.size();
  prev.assign(m + 1, 0);
  cur.assign(m + 1, 0);
  for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
    const uint64_t h = a.tokens[i].hash;
    for (uint32_t j = 1; j <= m; ++j) {
      cur[j] = h == b.tokens[t.token_begin + j - 1].hash ? prev[j - 1] + 1
                                                         : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string_view TokenText(const Analysis& a, uint32_t k) {
  return std::string_view(a.norm.text)
      .substr(a.tokens[k].begin, a.tokens[k].end - a.tokens[k].begin);
}

// Counts the words of sentence sa (in a) replaced by a different word in sb (in b) - not a typo
// of one of b's leftover words.
uint32_t Substitutions(const Analysis& a, const Sentence& sa, const Analysis& b,
                       const Sentence& sb) {
  std::vector<uint32_t> left_a, left_b;
  Leftovers(sa.bag, sb.bag, &left_a);
  Leftovers(sb.bag, sa.bag, &left_b);
  if (left_a.empty() || left_b.empty()) return 0;
  std::vector<std::string_view> words_b;
  for (uint32_t k = sb.token_begin; k < sb.token_end; ++k) {
    if (std::binary_search(left_b.begin(), left_b.end(), static_cast<uint32_t>(b.tokens[k].hash))) {
      words_b.push_back(TokenText(b, k));
    }
  }
  uint32_t substituted = 0;
  for (uint32_t k = sa.token_begin; k < sa.token_end; ++k) {
    if (!std::binary_search(left_a.begin(), left_a.end(),
                            static_cast<uint32_t>(a.tokens[k].hash))) {
      continue;
    }
    std::string_view w = TokenText(a, k);
    bool typo = false;
    for (std::string_view v : words_b) {
      if (EditDistanceUpTo2(w, v) <= 2 && std::min(w.size(), v.size()) >= 3) {
        typo = true;
        break;
      }
    }
    substituted += !typo;
  }
  return std::min<uint32_t>(substituted, static_cast<uint32_t>(left_b.size()));
}

// Prose content words of a sentence: neither stopwords nor inside quoted speech.
uint32_t ProseContentWords(const Analysis& a, const Sentence& s) {
  uint32_t n = 0;
  for (uint32_t k = s.token_begin; k < s.token_end; ++k) {
    n += !a.tokens[k].stopword() && !a.token_quoted[k];
  }
  return n;
}

// True when no prose (non-boilerplate) sentence follows sentence i.
bool ClosesArticle(const Analysis& a, uint32_t i) {
  for (size_t k = i + 1; k < a.sentences.size(); ++k) {
    if (!a.sentences[k].boilerplate) return false;
  }
  return true;
}

}  // namespace

// Levenshtein distance capped at 3, for telling typos from substitutions.
int EditDistanceUpTo2(std::string_view x, std::string_view y) {
  if (x.size() > y.size() + 2 || y.size() > x.size() + 2) return 3;
  std::vector<int> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] != y[j - 1])});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > 2) return 3;
    std::swap(prev, cur);
  }
  return std::min(prev[y.size()], 3);
}

// The code-point spans of sentences [first, last] of `a`, widened from their first and last
// words to the opening quote marks and brackets before them and the closing punctuation after, so
// a passage holds whole sentences as the reader sees them.
std::pair<uint32_t, uint32_t> SentencesSpan(const Analysis& a, const Sentence& first,
                                            const Sentence& last) {
  const std::string& t = a.norm.text;
  uint32_t b = a.tokens[first.token_begin].begin;
  uint32_t e = a.tokens[last.token_end - 1].end;
  while (b > 0 && (t[b - 1] == '"' || t[b - 1] == '\'' || t[b - 1] == '(' || t[b - 1] == '[')) --b;
  while (e < t.size() && (t[e] == '.' || t[e] == '!' || t[e] == '?' || t[e] == '"' ||
                          t[e] == '\'' || t[e] == ')' || t[e] == ']')) {
    ++e;
  }
  return a.norm.ToOriginal(b, e);
}

std::optional<ReusePair> Verify(const Analysis& a, const Analysis& b, const VerifyOptions& options,
                                Alignment* alignment) {
  thread_local Alignment scratch;
  Alignment& al = alignment != nullptr ? *alignment : scratch;
  al.links.clear();
  al.runs.clear();
  const auto& sa = a.sentences;
  const auto& sb = b.sentences;
  const size_t n = sa.size(), m = sb.size();
  if (n == 0 || m == 0) return std::nullopt;

  // Weighted LCS over sentences: score[i][j] is the best alignment of sa[0..i) with sb[0..j).
  thread_local std::vector<float> score;
  thread_local std::vector<uint32_t> common;
  score.assign((n + 1) * (m + 1), 0.0f);
  common.assign(n * m, 0);
  auto at = [m](size_t i, size_t j) { return i * (m + 1) + j; };
  for (size_t i = 1; i <= n; ++i) {
    const Sentence& x = sa[i - 1];
    for (size_t j = 1; j <= m; ++j) {
      const Sentence& y = sb[j - 1];
      float best = std::max(score[at(i - 1, j)], score[at(i, j - 1)]);
      if (!x.boilerplate && !y.boilerplate && x.size() * 3 >= y.size() &&
          y.size() * 3 >= x.size()) {
        // The bag overlap bounds the common subsequence, so it screens pairs cheaply first.
        const double threshold = options.min_sentence_similarity * (x.size() + y.size()) / 2;
        const uint32_t need = static_cast<uint32_t>(std::ceil(threshold));
        const uint32_t c = CommonCountAtLeast(x.bag, y.bag, need);
        if (c >= threshold) {
          const uint32_t lcs = CommonSubsequence(a, x, b, y);
          if (lcs >= threshold) {
            common[(i - 1) * m + (j - 1)] = lcs;
            best = std::max(best, score[at(i - 1, j - 1)] + static_cast<float>(lcs));
          }
        }
      }
      score[at(i, j)] = best;
    }
  }
  std::vector<SentenceLink>& links = al.links;
  for (size_t i = n, j = m; i > 0 && j > 0;) {
    if (score[at(i, j)] == score[at(i - 1, j)]) {
      --i;
    } else if (score[at(i, j)] == score[at(i, j - 1)]) {
      --j;
    } else {
      const uint32_t c = common[(i - 1) * m + (j - 1)];
      links.push_back({static_cast<uint32_t>(i - 1), static_cast<uint32_t>(j - 1), c});
      --i;
      --j;
    }
  }
  std::reverse(links.begin(), links.end());

  // Passages: runs of links with gaps of at most one sentence on either side. A link between two
  // mostly quoted sentences is a shared quote: it joins the run it sits in (the copier took the
  // quote along with the prose around it) but adds nothing to the prose the filter weighs.
  ReusePair pair{};
  uint64_t reused_a = 0, reused_b = 0, words = 0, same = 0, edits = 0;
  for (size_t k = 0; k < links.size();) {
    size_t e = k + 1;
    while (e < links.size() && links[e].i <= links[e - 1].i + 2 &&
           links[e].j <= links[e - 1].j + 2) {
      ++e;
    }
    uint64_t pa = 0, pb = 0, prose = 0, content = 0, prose_links = 0, passage_words = 0,
             passage_same = 0;
    for (size_t x = k; x < e; ++x) {
      const Sentence& s = sa[links[x].i];
      const Sentence& t = sb[links[x].j];
      pa += s.size();
      pb += t.size();
      passage_words += s.size() + t.size();
      passage_same += 2 * links[x].common;
      if (!(MostlyQuoted(s) && MostlyQuoted(t))) {
        ++prose_links;
        prose += std::min(s.size() - s.quoted, t.size() - t.quoted);
        content += std::min(ProseContentWords(a, s), ProseContentWords(b, t));
      }
    }
    // A verbatim passage is reuse even when short; a reworded one must be long, since two
    // reports of one event often paraphrase a sentence or two of the same background.
    const double passage_identity = double(passage_same) / passage_words;
    const bool verbatim =
        passage_identity >= options.verbatim_identity && prose >= options.min_verbatim_tokens;
    const bool reworded =
        prose_links >= options.min_reworded_sentences && prose >= options.min_reworded_tokens;
    // A short exact passage that closes both articles is a sign-off (an author's line, a credit),
    // which an outlet repeats under every story: not reuse.
    const bool sign_off = ClosesArticle(a, links[e - 1].i) && ClosesArticle(b, links[e - 1].j);
    const bool exact = passage_same == passage_words && e - k == links[e - 1].i - links[k].i + 1 &&
                       e - k == links[e - 1].j - links[k].j + 1 &&
                       content >= options.min_exact_content_tokens && !sign_off;
    const bool counted = prose_links > 0 && (verbatim || reworded || exact);
    if (counted || options.keep_weak) {
      auto [a0, a1] = SentencesSpan(a, sa[links[k].i], sa[links[e - 1].i]);
      auto [b0, b1] = SentencesSpan(b, sb[links[k].j], sb[links[e - 1].j]);
      al.runs.push_back({static_cast<uint32_t>(k), static_cast<uint32_t>(e), counted,
                         prose_links == 0, a0, a1, b0, b1});
      if (counted) {
        for (size_t x = k; x < e; ++x) {
          edits += Substitutions(a, sa[links[x].i], b, sb[links[x].j]);
        }
        words += passage_words;
        same += passage_same;
        reused_a += pa;
        reused_b += pb;
        pair.passages.push_back({a0, a1, b0, b1});
      }
    }
    k = e;
  }
  if (pair.passages.empty()) return std::nullopt;

  pair.coverage_a = a.content_tokens ? std::min(1.0, double(reused_a) / a.content_tokens) : 0;
  pair.coverage_b = b.content_tokens ? std::min(1.0, double(reused_b) / b.content_tokens) : 0;
  pair.identity = words ? double(same) / words : 0;
  const double edit_rate = words ? 2.0 * edits / words : 0;
  pair.edit_rate = edit_rate;
  const double low = std::min(pair.coverage_a, pair.coverage_b);
  if (low >= options.full_coverage) {
    if (pair.identity >= 0.999 && low >= 0.995) {
      pair.relation = Relation::kDuplicate;
    } else if (edit_rate <= options.max_edit_rate) {
      pair.relation = Relation::kNearDuplicate;
    } else {
      pair.relation = Relation::kRewrite;
    }
  } else {
    pair.relation = Relation::kPartial;
  }
  pair.score = std::max(pair.coverage_a, pair.coverage_b) * pair.identity;
  return pair;
}

}  // namespace unspun
