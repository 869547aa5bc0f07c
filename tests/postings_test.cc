// Tests for the archive's index blocks (src/store/postings.h): random groups round-trip through
// BlockWriter and DecodeBlock, FindInBlock agrees with a full decode, lists copied by GroupReader
// and BlockWriter::AddList give the same blocks, malformed bytes are refused, and the radix sort
// agrees with std::stable_sort.
#include "store/postings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace unspun::store {
namespace {

TEST(PostingsTest, BlocksRoundTripAndLookupsAgree) {
  std::mt19937 rng(1);
  for (int round = 0; round < 20; ++round) {
    std::map<uint32_t, std::vector<uint32_t>> groups;  // Empty list: the common mark.
    const int n = 1 + rng() % 3000;
    for (int i = 0; i < n; ++i) {
      const uint32_t fp = round % 2 ? rng() : rng() % 5000;  // Sparse and dense keys.
      std::vector<uint32_t>& seqs = groups[fp];
      if (rng() % 10 == 0) continue;
      for (int k = rng() % 5; k >= 0; --k) seqs.push_back(rng() % (round % 3 ? 100 : 4000000000u));
      std::sort(seqs.begin(), seqs.end());
      seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    }
    BlockWriter w;
    for (const auto& [fp, seqs] : groups) w.Add(fp, seqs.empty(), seqs.data(), seqs.size());
    w.Finish();
    std::map<uint32_t, std::vector<uint32_t>> decoded;
    uint32_t prev_last = 0;
    bool first_block = true;
    for (const auto& b : w.blocks()) {
      EXPECT_LT(b.bytes.size(), kBlockTargetBytes + 400);
      if (!first_block) {
        EXPECT_GT(b.first_fp, prev_last);
      }
      first_block = false;
      prev_last = b.last_fp;
      DecodedBlock d;
      ASSERT_TRUE(DecodeBlock(b.bytes, b.first_fp, &d));
      ASSERT_EQ(d.fps.front(), b.first_fp);
      ASSERT_EQ(d.fps.back(), b.last_fp);
      for (size_t g = 0; g < d.fps.size(); ++g) {
        std::vector<uint32_t> seqs(d.seqs.begin() + d.begin[g], d.seqs.begin() + d.begin[g + 1]);
        EXPECT_EQ(bool(d.common[g]), seqs.empty());
        decoded[d.fps[g]] = seqs;
        std::vector<uint32_t> found;
        EXPECT_EQ(FindInBlock(b.bytes, b.first_fp, d.fps[g], &found), d.common[g] ? 2 : 1);
        EXPECT_EQ(found, seqs);
      }
      // Absent keys inside and around the block.
      std::vector<uint32_t> found;
      if (b.first_fp > 0 && !groups.count(b.first_fp - 1)) {
        EXPECT_EQ(FindInBlock(b.bytes, b.first_fp, b.first_fp - 1, &found), 0);
      }
      if (b.last_fp < UINT32_MAX && !groups.count(b.last_fp + 1)) {
        EXPECT_EQ(FindInBlock(b.bytes, b.first_fp, b.last_fp + 1, &found), 0);
      }
      EXPECT_TRUE(found.empty());
    }
    EXPECT_EQ(decoded, groups);
    // Read group by group and packed again with the lists copied as they are (a merge of one
    // run): the same blocks.
    BlockWriter copy;
    for (const auto& b : w.blocks()) {
      GroupReader r;
      r.Reset(b.bytes, b.first_fp);
      while (r.Next()) {
        std::vector<uint32_t> seqs;
        ASSERT_TRUE(r.AppendSeqs(&seqs));
        EXPECT_EQ(seqs, groups[r.fp()]);
        if (r.common()) {
          copy.Add(r.fp(), true, nullptr, 0);
        } else {
          copy.AddList(r.fp(), r.n(), r.list());
        }
      }
      ASSERT_FALSE(r.error());
    }
    copy.Finish();
    ASSERT_EQ(copy.blocks().size(), w.blocks().size());
    for (size_t k = 0; k < w.blocks().size(); ++k) {
      EXPECT_EQ(copy.blocks()[k].bytes, w.blocks()[k].bytes);
      EXPECT_EQ(copy.blocks()[k].first_fp, w.blocks()[k].first_fp);
    }
    EXPECT_EQ(copy.postings(), w.postings());
    EXPECT_EQ(copy.commons(), w.commons());
  }
}

TEST(PostingsTest, MalformedBlocksAreRefused) {
  DecodedBlock d;
  std::vector<uint32_t> found;
  EXPECT_FALSE(DecodeBlock("", 5, &d));                                  // No group.
  EXPECT_FALSE(DecodeBlock(std::string("\x00", 1), 5, &d));              // Count missing.
  EXPECT_FALSE(DecodeBlock(std::string("\x00\x02\x01", 3), 5, &d));      // Seq missing.
  EXPECT_FALSE(DecodeBlock(std::string("\x01\x00", 2), 5, &d));          // First delta not 0.
  EXPECT_FALSE(DecodeBlock(std::string("\x00\x00\x00\x00", 4), 5, &d));  // Repeated key.
  EXPECT_FALSE(DecodeBlock(std::string("\x00\x02\x01\x00", 4), 5, &d));  // Repeated seq.
  EXPECT_FALSE(DecodeBlock("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 0, &d));      // Varint.
  EXPECT_FALSE(DecodeBlock(std::string("\x00\x00\xff\xff\xff\xff\x7f\x00", 8), 5, &d));  // > 2^32.
  // A group reader stops with an error at the first malformed group.
  for (const std::string& bytes :
       {std::string("\x00", 1), std::string("\x00\x02\x01", 3), std::string("\x01\x00", 2),
        std::string("\x00\x00\x00\x00", 4), std::string("\x00\x00\xff\xff\xff\xff\x7f\x00", 8)}) {
    GroupReader r;
    r.Reset(bytes, 5);
    while (r.Next()) {
    }
    EXPECT_TRUE(r.error()) << bytes.size();
  }
  GroupReader r;
  r.Reset(std::string_view("\x00\x02\x01\x00", 4), 5);  // Repeated seq: found when decoded.
  ASSERT_TRUE(r.Next());
  EXPECT_FALSE(r.AppendSeqs(&found));
  EXPECT_EQ(FindInBlock("\xff\xff", 0, 7, &found), -1);
  EXPECT_EQ(FindInBlock(std::string("\x00\x03\x01", 3), 0, 7, &found), -1);
}

TEST(PostingsTest, RadixSortMatchesStableSort) {
  std::mt19937_64 rng(3);
  for (size_t n : {0, 1, 2, 100, 100000}) {
    std::vector<uint64_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = (rng() % (n % 2 ? 50 : UINT32_MAX)) << 32 | i;
    std::vector<uint64_t> want = v;
    std::stable_sort(want.begin(), want.end(),
                     [](uint64_t a, uint64_t b) { return (a >> 32) < (b >> 32); });
    SortByHigh32(&v);
    EXPECT_EQ(v, want) << n;
  }
}

}  // namespace
}  // namespace unspun::store
