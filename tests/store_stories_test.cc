// The archive's story window (src/store/stories.h): its stored form and its decisions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/stories.h"

namespace unspun::store {
namespace {

StoryFeatures Features(std::vector<std::pair<uint64_t, float>> weights, int32_t day = -1) {
  StoryFeatures f;
  f.weights = std::move(weights);
  f.day = day;
  return f;
}

TEST(StoryFeaturesBlobTest, RoundTrip) {
  const StoryFeatures f = Features({{1, 0.3f}, {0x8000000000000001ull, 3.5f}, {~0ull, 1e-7f}}, 42);
  const std::string blob = EncodeStoryFeatures(f);
  EXPECT_EQ(blob.size(), 36u);
  StoryFeatures back;
  ASSERT_TRUE(DecodeStoryFeatures(blob, 42, &back));
  EXPECT_EQ(back.weights, f.weights);
  EXPECT_EQ(back.day, 42);
  ASSERT_TRUE(DecodeStoryFeatures("", -1, &back));
  EXPECT_TRUE(back.weights.empty());
}

TEST(StoryFeaturesBlobTest, BadBlobsAreRefused) {
  StoryFeatures back;
  EXPECT_FALSE(DecodeStoryFeatures(std::string(13, 'x'), 0, &back));  // Not whole records.
  const std::string unsorted =
      EncodeStoryFeatures(Features({{5, 1.0f}})) + EncodeStoryFeatures(Features({{4, 1.0f}}));
  EXPECT_FALSE(DecodeStoryFeatures(unsorted, 0, &back));
}

// Three events, each told by two articles of its own names; features shared by all of them
// (the topic) weigh nothing.
StoryFeatures Event(int event, int article) {
  std::vector<std::pair<uint64_t, float>> w;
  for (uint64_t k = 0; k < 6; ++k) w.emplace_back(1000 * (event + 1) + k, 3.0f);
  w.emplace_back(1000 * (event + 1) + 10 + article, 1.0f);  // One word of its own.
  w.emplace_back(99999, 1.0f);                              // The topic.
  return Features(w);
}

TEST(StoryWindowTest, FilesCopiesMergesAndChecksWithoutChange) {
  StoryWindow window;
  // Loaded from the store: articles 1 and 2 (story 1), 3 (story 3).
  const std::vector<std::tuple<int64_t, StoryFeatures, int64_t>> stored = {
      {1, Event(0, 0), 1}, {2, Event(0, 1), 1}, {3, Event(1, 0), 3}};
  for (const auto& [seq, f, story] : stored) window.Count(f);
  for (const auto& [seq, f, story] : stored) window.Load(seq, f, story);
  // An article of the first event joins story 1.
  window.Count(Event(0, 2));
  StoryWindow::Decision d = window.Assign(4, Event(0, 2), {}, /*keep=*/true);
  EXPECT_EQ(d.story, 1);
  EXPECT_TRUE(d.merge.empty());
  // An article of a new event starts its own story; checked without keeping it, the window is
  // left as it was, so the same article checked again decides the same.
  for (int pass = 0; pass < 2; ++pass) {
    window.Count(Event(2, 0));
    d = window.Assign(5, Event(2, 0), {}, /*keep=*/false);
    window.Uncount(Event(2, 0));
    EXPECT_EQ(d.story, 0);
    EXPECT_EQ(window.size(), 4u);
  }
  // A copy of an archived article of story 3 (outside the window, say) that reports the first
  // event bridges the two: story 3 merges into the older story 1.
  window.Count(Event(0, 3));
  d = window.Assign(5, Event(0, 3), {3}, /*keep=*/true);
  EXPECT_EQ(d.story, 1);
  EXPECT_EQ(d.merge, std::vector<int64_t>{3});
  // The merged story is one: an article of the second event now joins story 1.
  window.Count(Event(1, 1));
  d = window.Assign(6, Event(1, 1), {}, /*keep=*/true);
  EXPECT_EQ(d.story, 1);
  EXPECT_EQ(window.OldestKept(2, 6), 5);
  EXPECT_EQ(window.OldestKept(2, 5), 4);  // Filed ahead of the store: 6 is not stored yet.
  EXPECT_EQ(window.OldestKept(10, 6), 0);
  // Trimmed to its newest two articles (5 and 6, story 1) once it holds more than twice that
  // (six), it still files the first event there.
  window.Trim(3);
  EXPECT_EQ(window.size(), 6u);
  window.Trim(2);
  EXPECT_EQ(window.size(), 2u);
  EXPECT_EQ(window.first_seq(), 5);
  window.Count(Event(0, 4));
  d = window.Assign(7, Event(0, 4), {}, /*keep=*/true);
  EXPECT_EQ(d.story, 1);
}

}  // namespace
}  // namespace unspun::store
