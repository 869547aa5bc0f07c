// Quotes shared within a story: quoted speech found by FindQuotes, matched across articles by the
// content stems they share. See include/unspun/stories.h.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "text/original_text.h"
#include "unspun/normalizer.h"
#include "unspun/stories.h"
#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// Share of the shorter quote's content stems the longer one must hold. Outlets trim quotes
// (containment 1), re-translate them (most content words survive) or spin them (a third of the
// words swapped); 0.6 keeps those and leaves apart two different sentences of one speaker, which
// share a name or two.
constexpr double kMinContainment = 0.6;
constexpr size_t kMinSharedStems = 3;
// Quotes per story beyond which spun renderings are not looked for (the pass is quadratic).
constexpr size_t kMaxSkeletonPairwise = 2000;

// Sorted distinct stem hashes of the content words of `norm_text`.
std::vector<uint64_t> ContentStems(std::string_view norm_text) {
  std::vector<Token> tokens;
  Tokenize(norm_text, &tokens);
  std::vector<uint64_t> out;
  for (const Token& t : tokens) {
    if (t.stopword()) continue;
    out.push_back(StemHash(norm_text.substr(t.begin, t.end - t.begin)));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The quote's word sequence with every content word replaced by one wildcard: what a spinner
// leaves alone (Stamatatos 2011; DSpin, Zhang et al. 2014).
std::vector<uint64_t> Skeleton(std::string_view norm_text) {
  std::vector<Token> tokens;
  Tokenize(norm_text, &tokens);
  std::vector<uint64_t> out;
  out.reserve(tokens.size());
  for (const Token& t : tokens) out.push_back(t.stopword() ? t.hash : 0);
  return out;
}

// Spun renderings: same length within a fifth, at least kMinSkeletonWords words with 4 function
// words among them, and a common subsequence covering 80% of the longer skeleton.
constexpr size_t kMinSkeletonWords = 10;
bool SkeletonsMatch(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  const size_t shorter = std::min(a.size(), b.size()), longer = std::max(a.size(), b.size());
  if (shorter < kMinSkeletonWords || shorter * 5 < longer * 4 || longer > 400) return false;
  if (std::count_if(a.begin(), a.end(), [](uint64_t h) { return h != 0; }) < 4) return false;
  std::vector<uint32_t> row(b.size() + 1, 0), next(b.size() + 1, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      next[j + 1] = a[i] == b[j] ? row[j] + 1 : std::max(row[j + 1], next[j]);
    }
    std::swap(row, next);
  }
  return row[b.size()] * 5 >= longer * 4;
}

bool Matches(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b, size_t shared) {
  const size_t shorter = std::min(a.size(), b.size());
  return shorter > 0 && shared >= std::min(kMinSharedStems, shorter) &&
         shared >= kMinContainment * shorter;
}

size_t Shared(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t shared = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  return shared;
}

bool IsPronoun(std::string_view w) {
  return w == "he" || w == "she" || w == "they" || w == "we" || w == "i" || w == "it" || w == "you";
}

struct Found {
  uint32_t article;
  std::string text;     // Original rendering.
  std::string speaker;  // Matching form; empty when unknown or a pronoun.
  std::vector<uint64_t> stems;
  std::vector<uint64_t> skeleton;
};

}  // namespace

bool SameQuote(std::string_view a, std::string_view b) {
  const std::vector<uint64_t> sa = ContentStems(NormalizeToString(a));
  const std::vector<uint64_t> sb = ContentStems(NormalizeToString(b));
  // Short quotes need all their words: three shared words of a four-word quote are not enough
  // to tell it from a different sentence.
  if (sa.size() >= kMinSharedStems && sb.size() >= kMinSharedStems &&
      Matches(sa, sb, Shared(sa, sb))) {
    return true;
  }
  return SkeletonsMatch(Skeleton(NormalizeToString(a)), Skeleton(NormalizeToString(b)));
}

std::vector<std::vector<StoryQuote>> FindStoryQuotes(const std::vector<Document>& docs,
                                                     const std::vector<Story>& stories) {
  std::vector<std::vector<StoryQuote>> out(stories.size());
  NormalizedText norm;
  std::vector<Quote> quotes;
  for (size_t si = 0; si < stories.size(); ++si) {
    std::vector<Found> found;
    for (uint32_t a : stories[si].articles) {
      if (a >= docs.size()) continue;
      Normalize(docs[a].text, &norm);
      FindQuotes(norm, &quotes);
      const OriginalText original(docs[a].text);
      for (const Quote& q : quotes) {
        Found f;
        f.article = a;
        f.stems = ContentStems(
            std::string_view(norm.text).substr(q.span.begin, q.span.end - q.span.begin));
        f.skeleton =
            Skeleton(std::string_view(norm.text).substr(q.span.begin, q.span.end - q.span.begin));
        if (f.stems.size() < kMinSharedStems) continue;
        const auto [b, e] = norm.ToOriginal(q.span.begin, q.span.end);
        f.text = std::string(original.Substr(b, e));
        if (!q.speaker.empty()) {
          f.speaker = norm.text.substr(q.speaker.begin, q.speaker.end - q.speaker.begin);
          if (IsPronoun(f.speaker)) f.speaker.clear();
        }
        found.push_back(std::move(f));
      }
    }
    // Group matching quotes: candidates through an inverted index of stems, so a story with many
    // quotes is not compared all against all; union-find keeps chains (a trimmed quote matching
    // the full one and a re-translation of it) together.
    std::vector<uint32_t> parent(found.size());
    for (uint32_t i = 0; i < found.size(); ++i) parent[i] = i;
    auto find = [&](uint32_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    std::unordered_map<uint64_t, std::vector<uint32_t>> postings;
    std::unordered_map<uint32_t, size_t> shared;
    for (uint32_t i = 0; i < found.size(); ++i) {
      shared.clear();
      for (uint64_t h : found[i].stems) {
        auto it = postings.find(h);
        if (it == postings.end()) continue;
        for (uint32_t j : it->second) ++shared[j];
      }
      for (const auto& [j, count] : shared) {
        if (Matches(found[i].stems, found[j].stems, count)) {
          const uint32_t ri = find(i), rj = find(j);
          parent[std::max(ri, rj)] = std::min(ri, rj);
        }
      }
      for (uint64_t h : found[i].stems) postings[h].push_back(i);
    }
    // Spun renderings share few stems: compare skeletons, pairwise within the story (bounded).
    if (found.size() <= kMaxSkeletonPairwise) {
      for (uint32_t i = 0; i < found.size(); ++i) {
        for (uint32_t j = i + 1; j < found.size(); ++j) {
          if (found[i].article == found[j].article || find(i) == find(j)) continue;
          if (SkeletonsMatch(found[i].skeleton, found[j].skeleton)) {
            const uint32_t ri = find(i), rj = find(j);
            parent[std::max(ri, rj)] = std::min(ri, rj);
          }
        }
      }
    }
    std::map<uint32_t, std::vector<uint32_t>> groups;
    for (uint32_t i = 0; i < found.size(); ++i) groups[find(i)].push_back(i);
    std::vector<StoryQuote>& story_quotes = out[si];
    for (const auto& [root, members] : groups) {
      StoryQuote q;
      std::map<std::string, int> speakers;
      std::map<std::string, int> outlets;
      for (uint32_t m : members) {
        const Found& f = found[m];
        if (f.text.size() > q.text.size()) q.text = f.text;
        if (!f.speaker.empty()) ++speakers[f.speaker];
        q.articles.push_back(f.article);
      }
      std::sort(q.articles.begin(), q.articles.end());
      q.articles.erase(std::unique(q.articles.begin(), q.articles.end()), q.articles.end());
      int best = 0;
      for (const auto& [name, count] : speakers) {
        if (count > best) best = count, q.speaker = name;
      }
      for (uint32_t a : q.articles) {
        const std::string outlet = Trimmed(docs[a].source);
        if (!outlet.empty() &&
            std::find(q.outlets.begin(), q.outlets.end(), outlet) == q.outlets.end()) {
          q.outlets.push_back(outlet);
        }
      }
      story_quotes.push_back(std::move(q));
    }
    // Most widely carried first; among equals, text order of the story's first carrier.
    std::stable_sort(story_quotes.begin(), story_quotes.end(),
                     [](const StoryQuote& x, const StoryQuote& y) {
                       return x.articles.size() > y.articles.size();
                     });
  }
  return out;
}

}  // namespace unspun
