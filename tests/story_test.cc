#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "unspun/stories.h"

namespace unspun {
namespace {

Document Doc(std::string id, std::string title, std::string text, std::string published = "",
             std::string source = "") {
  Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.text = std::move(text);
  d.published = std::move(published);
  d.source = std::move(source);
  return d;
}

// Two look-alike events of one topic (two earthquakes in Iran), three reports each, plus an
// unrelated report. The topic's words are in every quake report; the names and numbers differ.
std::vector<Document> TwoQuakes() {
  return {
      Doc("a1", "Quake hits island off southern Iran",
          "A 5.6 magnitude earthquake struck Qeshm island off the southern coast of Iran on "
          "Sunday, injuring 5 people near the town of Dargahan, officials said. The quake "
          "damaged buildings in Dargahan and on Qeshm."),
      Doc("b1", "Strong earthquake flattens villages in Iran",
          "An earthquake of magnitude 5.9 flattened seven villages near Bandar Lengeh in "
          "southern Iran, killing 10 people, the governor Hossein Rastegar said. Rescuers from "
          "Hormozgan reached Bandar Lengeh overnight."),
      Doc("a2", "Five injured as earthquake shakes Qeshm",
          "Five people were injured when an earthquake of magnitude 5.6 shook Qeshm island in "
          "southern Iran, local officials in Dargahan said. Buildings on Qeshm were damaged."),
      Doc("x1", "Council approves new budget for city parks",
          "The city council of Springfield approved a budget of 40 million dollars for parks "
          "on Tuesday, mayor Diane Quimby said after the vote."),
      Doc("b2", "Ten killed as quake levels villages",
          "Ten people were killed when a 5.9 magnitude earthquake levelled villages around "
          "Bandar Lengeh in southern Iran, governor Hossein Rastegar told reporters. Teams from "
          "Hormozgan searched the rubble."),
      Doc("a3", "Earthquake damages homes on Iranian island",
          "The earthquake on Qeshm island, magnitude 5.6, injured 5 people and damaged homes "
          "in Dargahan in southern Iran, the Red Crescent said of Qeshm."),
      Doc("b3", "Iran quake death toll reaches ten",
          "The toll of the 5.9 magnitude earthquake near Bandar Lengeh in southern Iran rose to "
          "10 dead, said Hossein Rastegar, governor of Hormozgan province."),
  };
}

// Story id of each article, by article id.
std::map<std::string, uint32_t> StoryOfEach(const std::vector<Document>& docs,
                                            const std::vector<Story>& stories) {
  std::map<std::string, uint32_t> out;
  for (const Story& s : stories) {
    for (uint32_t a : s.articles) out[docs[a].id] = s.id;
  }
  return out;
}

TEST(DayNumberTest, Dates) {
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("1970-01-02"), 1);
  EXPECT_EQ(DayNumber("2021-06-16"), 18794);
  EXPECT_EQ(DayNumber("2021-06-16T10:00:00Z"), 18794);
  EXPECT_EQ(DayNumber("2000-03-01") - DayNumber("2000-02-28"), 2);  // A leap year.
  EXPECT_EQ(DayNumber(""), -1);
  EXPECT_EQ(DayNumber("2021-13-01"), -1);
  EXPECT_EQ(DayNumber("2021-06-00"), -1);
  EXPECT_EQ(DayNumber("16/06/2021"), -1);
  EXPECT_EQ(DayNumber("20x1-06-16"), -1);
}

TEST(StoryFeaturesTest, NamesOutweighPlainWords) {
  // "Qeshm" is capitalised mid-sentence in one text (a name), lowercase in the other.
  const StoryFeatures named = ExtractStoryFeatures(
      Doc("n", "", "Officials said the quake hit Qeshm today. Nothing more was said."));
  const StoryFeatures plain = ExtractStoryFeatures(
      Doc("p", "", "Officials said the quake hit qeshm today. Nothing more was said."));
  ASSERT_EQ(named.weights.size(), plain.weights.size());
  float named_max = 0, plain_max = 0;
  for (size_t i = 0; i < named.weights.size(); ++i) {
    ASSERT_EQ(named.weights[i].first, plain.weights[i].first);  // The same stems.
    named_max = std::max(named_max, named.weights[i].second);
    plain_max = std::max(plain_max, plain.weights[i].second);
  }
  EXPECT_GT(named_max, plain_max);
  EXPECT_EQ(named.day, -1);
  EXPECT_EQ(ExtractStoryFeatures(Doc("d", "", "Text.", "2021-06-16")).day, 18794);
}

TEST(StoryFeaturesTest, SentenceInitialAndCalendarWordsAreNotNames) {
  // "Monday" and the sentence-initial "Rescuers" are capitalised by rule; they weigh as words.
  const StoryFeatures a =
      ExtractStoryFeatures(Doc("a", "", "Rescuers arrived on Monday. rescuers arrived on monday."));
  const StoryFeatures b =
      ExtractStoryFeatures(Doc("b", "", "rescuers arrived on monday. rescuers arrived on monday."));
  EXPECT_EQ(a.weights, b.weights);
}

TEST(StoryFeaturesTest, EmptyAndStopwordOnlyTexts) {
  EXPECT_TRUE(ExtractStoryFeatures(Doc("e", "", "")).weights.empty());
  EXPECT_TRUE(ExtractStoryFeatures(Doc("s", "", "and the of it was to be")).weights.empty());
  EXPECT_TRUE(ExtractStoryFeatures(Doc("u", "", "\xff\xfe\x80 ... !!!")).weights.empty());
}

TEST(StoryIndexTest, SameEventScoresAboveLookAlikeEvent) {
  const std::vector<Document> docs = TwoQuakes();
  StoryIndex index;
  std::vector<StoryFeatures> features;
  for (const Document& d : docs) features.push_back(ExtractStoryFeatures(d));
  for (const StoryFeatures& f : features) index.CountFeatures(f);
  for (StoryFeatures& f : features) (void)index.Insert(std::move(f), /*counted=*/true);
  // a1=0, b1=1, a2=2, x1=3, b2=4, a3=5, b3=6.
  const double same_a = index.Similarity(0, 2);
  const double same_b = index.Similarity(1, 4);
  const double across = std::max({index.Similarity(0, 1), index.Similarity(2, 4),
                                  index.Similarity(5, 6), index.Similarity(0, 6)});
  EXPECT_GT(same_a, 0.3);
  EXPECT_GT(same_b, 0.3);
  EXPECT_LT(across, same_a / 2);
  EXPECT_LT(across, same_b / 2);
  EXPECT_LT(index.Similarity(0, 3), 0.05);
  EXPECT_DOUBLE_EQ(index.Similarity(0, 2), index.Similarity(2, 0));
  EXPECT_EQ(index.Similarity(0, 99), 0.0);  // Out of range.
  // Neighbours come from the inverted index, never include the article, most similar first.
  const std::vector<StoryLink> n = index.Neighbours(0);
  ASSERT_FALSE(n.empty());
  for (const StoryLink& l : n) EXPECT_NE(l.article, 0u);
  EXPECT_TRUE(n.front().article == 2 || n.front().article == 5);
  EXPECT_TRUE(index.Neighbours(99).empty());
}

TEST(StoryIndexTest, PrepareKeepsEverySimilarity) {
  const std::vector<Document> docs = TwoQuakes();
  StoryIndex index;
  for (const Document& d : docs) index.CountFeatures(ExtractStoryFeatures(d));
  for (const Document& d : docs) index.Insert(ExtractStoryFeatures(d), /*counted=*/true);
  std::vector<double> before;
  for (uint32_t a = 0; a < index.size(); ++a) {
    for (uint32_t b = 0; b < index.size(); ++b) before.push_back(index.Similarity(a, b));
  }
  const std::vector<StoryLink> neighbours = index.Neighbours(0);
  index.Prepare(2, /*release_features=*/true);
  size_t k = 0;
  for (uint32_t a = 0; a < index.size(); ++a) {
    for (uint32_t b = 0; b < index.size(); ++b) {
      EXPECT_NEAR(index.Similarity(a, b), before[k++], 1e-6) << a << " " << b;
    }
  }
  ASSERT_EQ(index.Neighbours(0).size(), neighbours.size());
  for (size_t i = 0; i < neighbours.size(); ++i) {
    EXPECT_EQ(index.Neighbours(0)[i].article, neighbours[i].article);
  }
  EXPECT_GT(before[0 * index.size() + 2], 0.2);  // a1 and a2: one event.
  // An article added after the release is still compared: a copy of a1 joins a1's story.
  const uint32_t story = index.Add(ExtractStoryFeatures(docs[0]));
  EXPECT_EQ(story, index.StoryOf(0));
  // Not 1: its vector is weighted under the frequencies it changed, the released ones are not
  // (on 8 articles one more count moves every IDF; on a real corpus it barely does).
  EXPECT_GT(index.Similarity(index.size() - 1, 0), 0.5);
}

TEST(StoryIndexTest, DatesFarApartAreNotOneStory) {
  const std::string text =
      "Governor Hossein Rastegar said the earthquake near Bandar Lengeh killed 10 people.";
  // Within the 7-day window: undamped; 37 days apart: one 30-day half-life past it; a year
  // apart: nothing.
  for (const auto& [second, expected] : std::vector<std::pair<std::string, double>>{
           {"2021-06-18", 1.0}, {"2021-07-23", 0.5}, {"2022-06-16", 0.0}}) {
    StoryIndex index;
    std::vector<Document> docs = {Doc("1", "", text, "2021-06-16"), Doc("2", "", text, second),
                                  Doc("3", "", "Unrelated words about the weather in Oslo."),
                                  Doc("4", "", "Another text on Lisbon markets and 12 fish.")};
    std::vector<StoryFeatures> features;
    for (const Document& d : docs) features.push_back(ExtractStoryFeatures(d));
    for (const StoryFeatures& f : features) index.CountFeatures(f);
    for (StoryFeatures& f : features) (void)index.Insert(std::move(f), true);
    EXPECT_NEAR(index.Similarity(0, 1), expected, 1e-6) << second;
  }
}

TEST(FindStoriesTest, TwoLookAlikeEventsAreTwoStories) {
  const std::vector<Document> docs = TwoQuakes();
  const std::vector<Story> stories = FindStories(docs, {}, StoryOptions());
  auto story = StoryOfEach(docs, stories);
  EXPECT_EQ(story["a1"], story["a2"]);
  EXPECT_EQ(story["a1"], story["a3"]);
  EXPECT_EQ(story["b1"], story["b2"]);
  EXPECT_EQ(story["b1"], story["b3"]);
  EXPECT_NE(story["a1"], story["b1"]);
  EXPECT_NE(story["x1"], story["a1"]);
  EXPECT_NE(story["x1"], story["b1"]);
  ASSERT_EQ(stories.size(), 3u);
  // Ids are the first article's index; stories come in id order; every article once.
  EXPECT_EQ(stories[0].id, 0u);
  EXPECT_EQ(stories[0].articles, (std::vector<uint32_t>{0, 2, 5}));
  size_t total = 0;
  for (const Story& s : stories) total += s.articles.size();
  EXPECT_EQ(total, docs.size());
  // The label is one member's title.
  EXPECT_TRUE(stories[0].label == docs[0].title || stories[0].label == docs[2].title ||
              stories[0].label == docs[5].title)
      << stories[0].label;
}

// Stories as sets of article ids, whatever the input order.
std::set<std::vector<std::string>> Partition(const std::vector<Document>& docs,
                                             const std::vector<Story>& stories) {
  std::set<std::vector<std::string>> out;
  for (const Story& s : stories) {
    std::vector<std::string> ids;
    for (uint32_t a : s.articles) ids.push_back(docs[a].id);
    std::sort(ids.begin(), ids.end());
    out.insert(ids);
  }
  return out;
}

TEST(FindStoriesTest, InputOrderDoesNotChangeTheStories) {
  // Two symmetric stories and an article that bridges them exactly evenly: which story it joins
  // is a tie, which an order-dependent clusterer breaks by input position.
  // Names of equal lengths at equal offsets give both stories identical weights; the bridge
  // names one of each in its title (title words weigh the same wherever they stand).
  std::vector<Document> docs;
  for (const std::string w : {"talks", "meetings", "visits"}) {
    docs.push_back(
        Doc("p" + w, "", "Officials said Kovacs met Lindqvist in Marbury for " + w + "."));
    docs.push_back(
        Doc("q" + w, "", "Officials said Novacs met Pindqvist in Tarbury for " + w + "."));
  }
  docs.push_back(Doc("m", "Kovacs Novacs", "Nothing else was said."));
  docs.push_back(Doc("x", "", "Unrelated words about the weather in Oslo and 12 fish."));
  const auto expected = Partition(docs, FindStories(docs, {}, StoryOptions()));
  std::vector<Document> reversed(docs.rbegin(), docs.rend());
  const std::vector<Story> stories = FindStories(reversed, {}, StoryOptions());
  EXPECT_EQ(Partition(reversed, stories), expected);
  // Ids still name the first article of each story in the input given.
  for (const Story& s : stories) EXPECT_EQ(s.id, s.articles.front());
  for (size_t shift = 1; shift < docs.size(); shift += 3) {
    std::vector<Document> rotated(docs.begin() + shift, docs.end());
    rotated.insert(rotated.end(), docs.begin(), docs.begin() + shift);
    EXPECT_EQ(Partition(rotated, FindStories(rotated, {}, StoryOptions())), expected) << shift;
  }
  // The clear cases still hold in every order.
  EXPECT_TRUE(expected.count({"pmeetings", "ptalks", "pvisits"}) ||
              expected.count({"m", "pmeetings", "ptalks", "pvisits"}));
  EXPECT_TRUE(expected.count({"x"}));
}

TEST(FindStoriesTest, IncrementalModeAgreesOnClearCases) {
  const std::vector<Document> docs = TwoQuakes();
  StoryOptions options;
  options.incremental = true;
  auto story = StoryOfEach(docs, FindStories(docs, {}, options));
  EXPECT_EQ(story["a1"], story["a3"]);
  EXPECT_EQ(story["b1"], story["b3"]);
  EXPECT_NE(story["a1"], story["b1"]);
}

TEST(FindStoriesTest, ReuseJoinsACopyToItsSourcesStory) {
  // A spun copy shares no rare words with its source, so only the reuse pair can join them.
  std::vector<Document> docs = TwoQuakes();
  docs.push_back(Doc("spun", "", "Ten individuals perished as a tremor razed hamlets."));
  const uint32_t spun = static_cast<uint32_t>(docs.size() - 1);
  auto before = StoryOfEach(docs, FindStories(docs, {}, StoryOptions()));
  EXPECT_NE(before["spun"], before["b2"]);
  ReusePair pair{};
  pair.a = 4;  // b2
  pair.b = spun;
  pair.relation = Relation::kRewrite;
  auto after = StoryOfEach(docs, FindStories(docs, {pair}, StoryOptions()));
  EXPECT_EQ(after["spun"], after["b2"]);
  EXPECT_EQ(after["spun"], after["b1"]);
  EXPECT_NE(after["spun"], after["a1"]);
  // Out-of-range pairs are ignored.
  ReusePair bad = pair;
  bad.b = 1000;
  EXPECT_EQ(FindStories(docs, {bad}, StoryOptions()).size(),
            FindStories(docs, {}, StoryOptions()).size());
}

TEST(FindStoriesTest, EmptyAndDegenerateInput) {
  EXPECT_TRUE(FindStories({}, {}, StoryOptions()).empty());
  const std::vector<Document> docs = {Doc("1", "", "the and of"), Doc("2", "", "the and of"),
                                      Doc("3", "", "")};
  const std::vector<Story> stories = FindStories(docs, {}, StoryOptions());
  EXPECT_EQ(stories.size(), 3u);  // Nothing to link them: singletons.
  for (const Story& s : stories) EXPECT_EQ(s.articles.size(), 1u);
  // No candidates at all when every feature is over the posting cap.
  StoryOptions capped;
  capped.max_postings = 0;
  EXPECT_EQ(FindStories(TwoQuakes(), {}, capped).size(), TwoQuakes().size());
}

TEST(FindStoriesTest, LabelWithoutTitleIsCutAtACharacter) {
  std::string text(99, 'a');
  text += "\u00e9\u00e9 and more";  // The 100-byte cut falls inside the first é.
  const std::vector<Story> stories = FindStories({Doc("1", "", text)}, {}, StoryOptions());
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].label, std::string(99, 'a'));
}

TEST(FindStoriesTest, OutletsAndDates) {
  std::vector<Document> docs = TwoQuakes();
  docs[0].source = "wire.example";
  docs[2].source = "daily.example";
  docs[5].source = "wire.example";
  docs[0].published = "2021-06-16";
  docs[2].published = "2021-06-14";
  docs[5].published = "bad date";
  const std::vector<Story> stories = FindStories(docs, {}, StoryOptions());
  const Story& s = stories[0];
  ASSERT_EQ(s.articles, (std::vector<uint32_t>{0, 2, 5}));
  EXPECT_EQ(s.outlets, (std::vector<std::string>{"wire.example", "daily.example"}));
  EXPECT_EQ(s.first, "2021-06-14");
  EXPECT_EQ(s.last, "2021-06-16");
  EXPECT_TRUE(stories[2].first.empty());  // No dates known.
}

TEST(StoryIndexTest, AddAssignsOneArticleAtATime) {
  const std::vector<Document> docs = TwoQuakes();
  StoryIndex index;
  // Seed the frequencies as an archive would from its store, then add one at a time.
  for (const Document& d : docs) index.CountFeatures(ExtractStoryFeatures(d));
  std::vector<uint32_t> story;
  for (const Document& d : docs) story.push_back(index.Add(ExtractStoryFeatures(d), true));
  EXPECT_EQ(story[0], 0u);  // The first article starts its own story.
  EXPECT_EQ(index.StoryOf(2), index.StoryOf(0));
  EXPECT_EQ(index.StoryOf(5), index.StoryOf(0));
  EXPECT_EQ(index.StoryOf(4), index.StoryOf(1));
  EXPECT_NE(index.StoryOf(1), index.StoryOf(0));
  EXPECT_NE(index.StoryOf(3), index.StoryOf(0));
  // Join merges; the older id survives; out-of-range ids are ignored.
  EXPECT_EQ(index.Join(3, 1), 1u);
  EXPECT_EQ(index.StoryOf(3), 1u);
  EXPECT_EQ(index.Join(0, 1000), 0u);
  EXPECT_EQ(index.StoryOf(1000), 1000u);
  EXPECT_EQ(index.size(), docs.size());
}

// Features of the given hashes, weight 1 each.
StoryFeatures Made(std::vector<uint64_t> hashes) {
  std::sort(hashes.begin(), hashes.end());
  StoryFeatures f;
  for (uint64_t h : hashes) f.weights.emplace_back(h, 1.0f);
  return f;
}

bool Holds(const std::vector<std::pair<uint64_t, double>>& vector, uint64_t feature) {
  return std::any_of(vector.begin(), vector.end(),
                     [&](const auto& e) { return e.first == feature; });
}

TEST(StoryIndexTest, LastingVectorsWaitForASharedNameOrTwiceTheArticles) {
  StoryOptions lasting_options;
  lasting_options.lasting_vectors = true;
  StoryIndex exact, lasting(lasting_options);
  // Article 0 has a topic word (10) held by four others, a word (11) shared with article 1, and a
  // name (1000) of its own so far.
  const std::vector<StoryFeatures> first = {Made({10, 11, 1000}), Made({11, 12}), Made({10, 20}),
                                            Made({10, 21}),       Made({10, 22}), Made({10, 23})};
  for (StoryIndex* index : {&exact, &lasting}) {
    for (const StoryFeatures& f : first) index->Add(f);
  }
  const auto before = lasting.Vector(0);
  ASSERT_EQ(before, exact.Vector(0));
  EXPECT_TRUE(Holds(before, 11));
  EXPECT_FALSE(Holds(before, 1000));  // A feature of one article links nothing.
  // An unrelated article changes every IDF: the exact vector follows, the lasting one stays.
  for (StoryIndex* index : {&exact, &lasting}) index->Add(Made({30, 31}));
  EXPECT_NE(exact.Vector(0), before);
  EXPECT_EQ(lasting.Vector(0), before);
  // A second article with the name: both vectors gain it.
  for (StoryIndex* index : {&exact, &lasting}) index->Add(Made({1000, 40}));
  EXPECT_TRUE(Holds(exact.Vector(0), 1000));
  const auto named = lasting.Vector(0);
  EXPECT_TRUE(Holds(named, 1000));
  EXPECT_EQ(named, exact.Vector(0));  // Computed under the same frequencies.
  // It lasts until the index has counted twice the 8 articles it had then.
  for (uint64_t k = 0; k < 7; ++k) lasting.Add(Made({50 + k, 60 + k}));
  EXPECT_EQ(lasting.Vector(0), named);
  lasting.Add(Made({70, 71}));
  EXPECT_NE(lasting.Vector(0), named);
}

TEST(StoryQuotesTest, SameQuote) {
  const char* full =
      "We have no interest in interfering with elections in the United States or anywhere";
  EXPECT_TRUE(SameQuote(full, full));
  // Trimmed.
  EXPECT_TRUE(SameQuote(full, "We have no interest in interfering with elections"));
  // Re-translated or spun: most content words kept.
  EXPECT_TRUE(SameQuote(full,
                        "we have no interest at all in interfering in the elections of the "
                        "United States or anywhere else"));
  // Spun: content words swapped, function words kept.
  EXPECT_TRUE(SameQuote("We have no interest in interfering with elections in the United States",
                        "We have no curiosity in meddling with polls in the joined states"));
  // Another sentence of the same speaker on the same subject.
  EXPECT_FALSE(SameQuote(full, "The United States accuses us of everything, without proof"));
  // Too short to tell, or empty.
  EXPECT_FALSE(SameQuote("no interest", "no interest"));
  EXPECT_FALSE(SameQuote("", full));
  EXPECT_FALSE(SameQuote("", ""));
}

TEST(StoryQuotesTest, MatchedAcrossArticles) {
  const std::vector<Document> docs = {
      Doc("1", "", "\"We have no interest in interfering with elections anywhere,\" Putin said.",
          "", "nbc"),
      Doc("2", "",
          "Putin said: \u201cwe have no interest in interfering with elections.\u201d He also "
          "spoke of \"the cyber attacks on the pipeline company\" at length.",
          "", "axios"),
      Doc("3", "", "No quotes here at all, just prose about the summit.", "", "")};
  Story story;
  story.articles = {0, 1, 2};
  const auto quotes = FindStoryQuotes(docs, {story});
  ASSERT_EQ(quotes.size(), 1u);
  ASSERT_EQ(quotes[0].size(), 2u);
  const StoryQuote& shared = quotes[0][0];
  EXPECT_EQ(shared.articles, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(shared.outlets, (std::vector<std::string>{"nbc", "axios"}));
  EXPECT_EQ(shared.speaker, "putin");
  EXPECT_EQ(shared.text, "We have no interest in interfering with elections anywhere,");
  EXPECT_EQ(quotes[0][1].articles, (std::vector<uint32_t>{1}));
  // Bad story contents: out-of-range articles are skipped, empty stories have no quotes.
  Story bad;
  bad.articles = {7};
  const auto none = FindStoryQuotes(docs, {bad, Story()});
  ASSERT_EQ(none.size(), 2u);
  EXPECT_TRUE(none[0].empty());
  EXPECT_TRUE(none[1].empty());
}

}  // namespace
}  // namespace unspun
