// The reuse engine's batch driver and candidate index: the index is cross-checked against the
// simple all-postings reference on random fingerprint sets, and the streaming driver against
// known copies.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "index/candidates.h"
#include "test_documents.h"
#include "unspun/pairs.h"

namespace unspun {
namespace {

// Random articles: each holds noise fingerprints plus the fingerprints of a few "sources" it
// copies from, so that shared counts range from 1 to dozens and some fingerprints are held by
// more articles than max_postings.
std::vector<std::vector<uint32_t>> RandomFingerprints(uint32_t seed, uint32_t articles) {
  std::mt19937 rng(seed);
  std::vector<std::vector<uint32_t>> sources(articles / 4 + 1);
  for (auto& s : sources) {
    const uint32_t size = rng() % 40;
    for (uint32_t k = 0; k < size; ++k) s.push_back(rng() % 50000);  // Collisions wanted.
  }
  std::vector<std::vector<uint32_t>> out(articles);
  for (auto& f : out) {
    const uint32_t noise = rng() % 30;
    for (uint32_t k = 0; k < noise; ++k) f.push_back(rng());
    const uint32_t copies = rng() % 3;
    for (uint32_t c = 0; c < copies; ++c) {
      const auto& s = sources[rng() % sources.size()];
      for (uint32_t h : s) {
        if (rng() % 4) f.push_back(h);
      }
    }
    std::sort(f.begin(), f.end());
    f.erase(std::unique(f.begin(), f.end()), f.end());
  }
  return out;
}

TEST(CandidateIndexTest, AgreesWithReferenceOnRandomCorpora) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const auto fps = RandomFingerprints(seed, 50 + seed * 37);
    CandidateOptions options;
    options.min_shared = 1 + seed % 4;
    options.max_postings = 4 + seed % 40;
    const std::vector<Candidate> want = FindCandidates(fps, options);
    FingerprintStore store;
    for (const auto& f : fps) store.Append(f);
    for (int jobs : {1, 2, 3}) {
      CandidateIndex index(FingerprintStore(store), options, jobs);
      std::vector<Candidate> got, one;
      CandidateIndex::Scratch scratch;
      for (uint32_t a = 0; a < fps.size(); ++a) {
        index.CandidatesOf(a, &scratch, &one);
        got.insert(got.end(), one.begin(), one.end());
      }
      ASSERT_EQ(got.size(), want.size()) << "seed " << seed << " jobs " << jobs;
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].a, want[i].a);
        EXPECT_EQ(got[i].b, want[i].b);
        EXPECT_EQ(got[i].shared, want[i].shared);
      }
    }
  }
}

TEST(CandidateIndexTest, DropsFingerprintsHeldByTooManyArticles) {
  // Ten articles share three fingerprints; with a cap of 9 holders none of them counts.
  std::vector<std::vector<uint32_t>> fps(10, std::vector<uint32_t>{7, 8, 9});
  CandidateOptions options;
  options.max_postings = 9;
  EXPECT_TRUE(FindCandidates(fps, options).empty());
  FingerprintStore store;
  for (const auto& f : fps) store.Append(f);
  CandidateIndex index(FingerprintStore(store), options);
  EXPECT_EQ(index.kept_postings(), 0u);
  options.max_postings = 10;
  EXPECT_EQ(FindCandidates(fps, options).size(), 45u);
  EXPECT_EQ(CandidateIndex(FingerprintStore(store), options).kept_postings(), 30u);
}

TEST(FingerprintStoreTest, ListsSurviveBlockBoundaries) {
  FingerprintStore store;
  std::vector<std::vector<uint32_t>> lists;
  std::mt19937 rng(5);
  for (int i = 0; i < 40; ++i) {
    std::vector<uint32_t> f(i == 7 ? 5'000'000 : rng() % 300'000);  // One list beyond a block.
    for (auto& h : f) h = rng();
    lists.push_back(f);
    store.Append(lists.back());
  }
  ASSERT_EQ(store.size(), lists.size());
  uint64_t total = 0;
  for (uint32_t i = 0; i < lists.size(); ++i) {
    auto got = store.Get(i);
    ASSERT_EQ(got.size(), lists[i].size());
    EXPECT_TRUE(std::equal(got.begin(), got.end(), lists[i].begin()));
    total += got.size();
  }
  EXPECT_EQ(store.total(), total);
}

const char* kArticle =
    "The city council approved a new budget on Tuesday after months of debate over school "
    "funding and road repairs.\n"
    "Council members voted seven to two in favour of the plan, which raises spending on "
    "libraries by four percent.\n"
    "The mayor said the budget would protect essential services while keeping property taxes "
    "flat for the third year in a row.\n"
    "Opponents argued that the plan relied on optimistic revenue forecasts and delayed needed "
    "maintenance of the water system.\n"
    "The budget takes effect on the first of July and will be reviewed again in the autumn.";

const char* kOther =
    "A severe storm knocked out power to thousands of homes across the northern suburbs late "
    "on Sunday night.\n"
    "Utility crews worked through the morning to restore electricity, and most customers had "
    "service again by noon.\n"
    "Forecasters expect calmer weather for the rest of the week, with sunshine and mild "
    "temperatures in most areas.";

TEST(ReuseFinderTest, FindsDisguisedCopyAndNamesTheEarlierSource) {
  std::string disguised = kArticle;
  // Cyrillic a and o inside Latin words, and a zero-width space.
  disguised.replace(disguised.find("approved"), 8, "\xD0\xB0pproved");
  disguised.replace(disguised.find("council"), 7, "c\xD0\xBEuncil\xE2\x80\x8B");
  std::vector<Document> docs = {TestDocument("other", kOther, "2021-06-01"),
                                TestDocument("copy", disguised, "2021-06-03"),
                                TestDocument("original", kArticle, "2021-06-02")};
  const std::vector<ReusePair> pairs = FindReusePairs(docs, {});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].a, 1u);
  EXPECT_EQ(pairs[0].b, 2u);
  EXPECT_EQ(pairs[0].relation, Relation::kDuplicate);
  EXPECT_EQ(pairs[0].source, 2);
  ASSERT_FALSE(pairs[0].passages.empty());
  // Offsets are code points of each side's own text.
  EXPECT_EQ(pairs[0].passages[0].b_begin, 0u);
}

TEST(ReuseFinderTest, StreamingAgreesWithBatchAndKeepsIds) {
  std::vector<Document> docs;
  for (int i = 0; i < 3000; ++i) {  // Several batches.
    std::string text = i % 1000 == 5 ? kArticle : kOther;
    text.append(" Item ").append(std::to_string(i)).append(" of the series.");
    std::string id = "d";  // Not "d" + to_string(i): GCC 12 warns falsely (-Wrestrict) on that.
    id += std::to_string(i);
    docs.push_back(TestDocument(std::move(id), std::move(text)));
  }
  PairsOptions options;
  options.jobs = 2;
  ReuseFinder finder(options);
  for (const Document& d : docs) finder.Add(Document(d));
  const std::vector<ReusePair> streamed = finder.Finish();
  ASSERT_EQ(finder.size(), docs.size());
  EXPECT_EQ(finder.id(2999), "d2999");
  EXPECT_EQ(finder.stats().articles, docs.size());
  // kOther is held by 2997 articles: far beyond max_postings, so it is not indexed at all; the
  // three copies of kArticle (5, 1005, 2005) pair up.
  ASSERT_EQ(streamed.size(), 3u);
  EXPECT_EQ(streamed[0].a, 5u);
  EXPECT_EQ(streamed[0].b, 1005u);
  EXPECT_EQ(streamed[2].a, 1005u);
  EXPECT_EQ(streamed[2].b, 2005u);
  const std::vector<ReusePair> batch = FindReusePairs(docs, {});
  ASSERT_EQ(batch.size(), streamed.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(batch[i].a, streamed[i].a);
    EXPECT_EQ(batch[i].b, streamed[i].b);
    EXPECT_EQ(batch[i].relation, streamed[i].relation);
  }
}

TEST(ReuseFinderTest, SyndicatedStoryBeyondThePostingsCap) {
  // A wire story on 100 sites (more than max_postings = 64), each with its own share bar, plus
  // one site that edited a sentence: every pair among the 101 is found.
  std::vector<Document> docs = {TestDocument("storm", kOther)};
  for (int i = 0; i < 100; ++i) {
    std::string text = kArticle;
    text.append("\nShare on Facebook | Site ").append(std::to_string(i));
    std::string id = "wire";
    id += std::to_string(i);
    docs.push_back(TestDocument(std::move(id), std::move(text)));
  }
  std::string edited = kArticle;
  edited.replace(edited.find("seven to two"), 12, "eight to one");
  docs.push_back(TestDocument("edited", edited));
  PairsOptions options;
  options.jobs = 2;
  const std::vector<ReusePair> pairs = FindReusePairs(docs, options);
  ASSERT_EQ(pairs.size(), 101u * 100 / 2);
  size_t duplicates = 0, with_edited = 0;
  for (const ReusePair& p : pairs) {
    EXPECT_GE(p.a, 1u);
    EXPECT_LT(p.a, p.b);
    if (p.b == 101) {
      ++with_edited;
      EXPECT_NE(p.relation, Relation::kDuplicate);
    } else {
      duplicates += p.relation == Relation::kDuplicate;
    }
  }
  EXPECT_EQ(with_edited, 100u);
  EXPECT_EQ(duplicates, 100u * 99 / 2);
}

TEST(ReuseFinderTest, EmptyAndTinyInputs) {
  ReuseFinder none({});
  EXPECT_TRUE(none.Finish().empty());
  EXPECT_EQ(none.stats().articles, 0u);
  // Texts too short to fingerprint, one-word texts, a text of only punctuation.
  std::vector<Document> docs = {TestDocument("a", "Hi."), TestDocument("b", "Hi."),
                                TestDocument("c", "..."), TestDocument("d", "word")};
  EXPECT_TRUE(FindReusePairs(docs, {}).empty());
}

}  // namespace
}  // namespace unspun
