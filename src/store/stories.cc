#include "store/stories.h"

#include <algorithm>
#include <cstring>

namespace unspun::store {
namespace {

constexpr size_t kRecordBytes = 12;  // u64 hash, f32 weight.

void PutLe(uint64_t v, int bytes, char* out) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<char>(v >> (8 * i));
}

uint64_t GetLe(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

std::string EncodeStoryFeatures(const StoryFeatures& features) {
  std::string out(features.weights.size() * kRecordBytes, '\0');
  char* p = out.data();
  for (const auto& [hash, weight] : features.weights) {
    uint32_t bits;
    std::memcpy(&bits, &weight, sizeof bits);
    PutLe(hash, 8, p);
    PutLe(bits, 4, p + 8);
    p += kRecordBytes;
  }
  return out;
}

bool DecodeStoryFeatures(std::string_view blob, int32_t day, StoryFeatures* out) {
  out->weights.clear();
  out->day = day;
  if (blob.size() % kRecordBytes != 0) return false;
  out->weights.reserve(blob.size() / kRecordBytes);
  for (size_t at = 0; at < blob.size(); at += kRecordBytes) {
    const uint64_t hash = GetLe(blob.data() + at, 8);
    const uint32_t bits = static_cast<uint32_t>(GetLe(blob.data() + at + 8, 4));
    float weight;
    std::memcpy(&weight, &bits, sizeof weight);
    if (!out->weights.empty() && out->weights.back().first >= hash) return false;
    out->weights.emplace_back(hash, weight);
  }
  return true;
}

void StoryWindow::Load(int64_t seq, StoryFeatures features, int64_t story) {
  const uint32_t x = index_.Insert(std::move(features), /*counted=*/true);
  seqs_.push_back(seq);
  number_.push_back(story);
  auto [it, fresh] = member_.emplace(story, x);
  if (!fresh) number_[index_.Join(it->second, x)] = story;
}

StoryWindow::Decision StoryWindow::Assign(int64_t seq, StoryFeatures features,
                                          const std::vector<int64_t>& copied, bool keep) {
  const uint32_t x = index_.Insert(std::move(features), /*counted=*/true, /*keep_vector=*/true);
  seqs_.push_back(seq);
  number_.push_back(seq);
  const StoryIndex::Choice choice = index_.Choose(x);
  std::vector<int64_t> numbers = copied;
  if (choice.story != x) numbers.push_back(number_[choice.story]);
  for (uint32_t story : choice.merge) numbers.push_back(number_[story]);
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  Decision d;
  if (!numbers.empty()) {
    // The oldest story (the smallest number) absorbs the others, so long-lived stories keep
    // their number.
    d.story = numbers.front();
    d.merge.assign(numbers.begin() + 1, numbers.end());
  }
  if (!keep) {
    index_.RemoveLast();
    seqs_.pop_back();
    number_.pop_back();
    return d;
  }
  Merge(x, d.story != 0 ? d.story : seq, numbers);
  return d;
}

void StoryWindow::Trim(uint32_t capacity) {
  if (seqs_.size() <= 2 * uint64_t{capacity}) return;
  StoryWindow trimmed(index_.options());
  const uint32_t from = size() - capacity;
  for (uint32_t i = from; i < size(); ++i) trimmed.Count(index_.features(i));
  for (uint32_t i = from; i < size(); ++i) {
    trimmed.Load(seqs_[i], index_.features(i), number_[index_.StoryOf(i)]);
  }
  *this = std::move(trimmed);
}

std::vector<std::pair<int64_t, int64_t>> StoryWindow::Refile(
    const std::unordered_map<int64_t, std::vector<int64_t>>& copies, int64_t newest) {
  const uint32_t n = CountUpTo(newest);
  StoryWindow fresh(index_.options());
  for (uint32_t i = 0; i < n; ++i) fresh.Count(index_.features(i));
  std::vector<int64_t> copied;
  for (uint32_t i = 0; i < n; ++i) {
    copied.clear();
    const auto it = copies.find(seqs_[i]);
    if (it != copies.end()) {
      for (int64_t source : it->second) {
        const int64_t story = fresh.StoryOfSeq(source);
        if (story != 0) copied.push_back(story);
      }
    }
    (void)fresh.Assign(seqs_[i], index_.features(i), copied, /*keep=*/true);
  }
  std::vector<std::pair<int64_t, int64_t>> changed;
  for (uint32_t i = 0; i < n; ++i) {
    const int64_t story = fresh.StoryOfSeq(seqs_[i]);
    if (story != number_[index_.StoryOf(i)]) changed.emplace_back(seqs_[i], story);
  }
  *this = std::move(fresh);
  return changed;
}

std::vector<std::pair<int64_t, const StoryFeatures*>> StoryWindow::Articles(int64_t first,
                                                                            int64_t end) const {
  std::vector<std::pair<int64_t, const StoryFeatures*>> out;
  for (auto it = std::lower_bound(seqs_.begin(), seqs_.end(), first);
       it != seqs_.end() && *it < end; ++it) {
    const uint32_t x = static_cast<uint32_t>(it - seqs_.begin());
    out.emplace_back(*it, &index_.features(x));
  }
  return out;
}

bool StoryWindow::IndexOf(int64_t seq, uint32_t* x) const {
  const auto it = std::lower_bound(seqs_.begin(), seqs_.end(), seq);
  if (it == seqs_.end() || *it != seq) return false;
  *x = static_cast<uint32_t>(it - seqs_.begin());
  return true;
}

int64_t StoryWindow::StoryOfSeq(int64_t seq) const {
  uint32_t x;
  return IndexOf(seq, &x) ? number_[index_.StoryOf(x)] : 0;
}

void StoryWindow::Renumber(int64_t seq, int64_t story) {
  uint32_t x;
  if (!IndexOf(seq, &x)) return;
  uint32_t root = index_.StoryOf(x);
  if (number_[root] == story) return;
  member_.erase(number_[root]);
  auto [m, fresh] = member_.emplace(story, x);
  if (!fresh) root = index_.Join(root, m->second);
  number_[root] = story;
}

void StoryWindow::Merge(uint32_t x, int64_t story, const std::vector<int64_t>& numbers) {
  uint32_t root = x;
  for (int64_t n : numbers) {
    auto it = member_.find(n);
    if (it == member_.end()) continue;  // A story of archived articles outside the window.
    root = index_.Join(root, it->second);
    member_.erase(it);
  }
  number_[root] = story;
  member_[story] = x;
}

}  // namespace unspun::store
