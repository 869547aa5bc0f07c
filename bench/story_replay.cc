// story_replay: replays how `unspun index add` files stories (src/store/archive.cc), without the
// store, to time store::StoryWindow at scale.
//
//   build/bench/story_replay --corpus /tmp/c200k.jsonl [--features /tmp/c200k.sf] [--n 200000]
//       [--out /tmp/stories.txt] [--exact]
//
// Per batch of 5000 articles: Count every article, then Assign each (kept, no copies), then Trim
// to 20,000 once the window holds more than 40,000, as the archive does. --features caches the
// extracted story features (written when missing, read when present) so that repeated runs time
// the window only. --out writes each article's story number, one a line, to compare runs.
// --exact recomputes vectors after every count, as `unspun stories` does, instead of the
// window's lasting vectors (StoryOptions::lasting_vectors).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/stories.h"
#include "unspun/reader.h"
#include "unspun/stories.h"

namespace {

constexpr size_t kBatch = 5000;
constexpr uint32_t kWindow = 20000;

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

bool ReadFeatures(const std::string& path, std::vector<unspun::StoryFeatures>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  uint64_t n = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  out->resize(n);
  for (auto& f : *out) {
    uint64_t size = 0;
    in.read(reinterpret_cast<char*>(&f.day), sizeof f.day);
    in.read(reinterpret_cast<char*>(&size), sizeof size);
    std::string blob(size, '\0');
    in.read(blob.data(), static_cast<std::streamsize>(size));
    if (!unspun::store::DecodeStoryFeatures(blob, f.day, &f)) return false;
  }
  return static_cast<bool>(in);
}

void WriteFeatures(const std::string& path, const std::vector<unspun::StoryFeatures>& features) {
  std::ofstream out(path, std::ios::binary);
  const uint64_t n = features.size();
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  for (const auto& f : features) {
    const std::string blob = unspun::store::EncodeStoryFeatures(f);
    const uint64_t size = blob.size();
    out.write(reinterpret_cast<const char*>(&f.day), sizeof f.day);
    out.write(reinterpret_cast<const char*>(&size), sizeof size);
    out.write(blob.data(), static_cast<std::streamsize>(size));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"story_replay"};
  std::string corpus, features_path, out_path;
  size_t limit = 0;
  bool exact = false;
  app.add_option("--corpus", corpus);
  app.add_flag("--exact", exact,
               "Vectors recomputed after every count (StoryOptions::lasting_vectors off)");
  app.add_option("--features", features_path);
  app.add_option("--out", out_path);
  app.add_option("--n", limit);
  CLI11_PARSE(app, argc, argv);

  std::vector<unspun::StoryFeatures> features;
  if (features_path.empty() || !ReadFeatures(features_path, &features)) {
    std::vector<unspun::Document> docs;
    unspun::ReadStats stats;
    if (!unspun::ReadAllDocuments({corpus}, {}, &docs, &stats).ok()) {
      std::cerr << "story_replay: cannot read " << corpus << "\n";
      return 1;
    }
    features.resize(docs.size());
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < 2; ++w) {
      threads.emplace_back([&, w] {
        for (size_t i = w; i < docs.size(); i += 2) {
          features[i] = unspun::ExtractStoryFeatures(docs[i]);
        }
      });
    }
    for (auto& t : threads) t.join();
    if (!features_path.empty()) WriteFeatures(features_path, features);
  }
  if (limit != 0 && limit < features.size()) features.resize(limit);

  unspun::store::StoryWindow window(exact ? unspun::StoryOptions()
                                          : unspun::store::WindowOptions());
  std::vector<int64_t> story(features.size(), 0);
  // Story number -> the number it was merged into, to give each article its final story.
  std::unordered_map<int64_t, int64_t> merged_into;
  auto final_story = [&](int64_t s) {
    for (auto it = merged_into.find(s); it != merged_into.end(); it = merged_into.find(s)) {
      s = it->second;
    }
    return s;
  };
  double count_s = 0, assign_s = 0, trim_s = 0;
  for (size_t from = 0; from < features.size(); from += kBatch) {
    const size_t to = std::min(features.size(), from + kBatch);
    double t = CpuSeconds();
    for (size_t i = from; i < to; ++i) window.Count(features[i]);
    count_s += CpuSeconds() - t;
    t = CpuSeconds();
    for (size_t i = from; i < to; ++i) {
      const auto d = window.Assign(static_cast<int64_t>(i + 1), features[i], {}, /*keep=*/true);
      story[i] = d.story != 0 ? d.story : static_cast<int64_t>(i + 1);
      for (int64_t m : d.merge) merged_into[m] = story[i];
    }
    const double batch_s = CpuSeconds() - t;
    assign_s += batch_s;
    t = CpuSeconds();
    window.Trim(kWindow);  // Past twice the window, as the archive does.
    trim_s += CpuSeconds() - t;
    if ((to / kBatch) % 10 == 0) {
      std::fprintf(stderr, "%zu articles: assign %.1f us/article in this batch\n", to,
                   batch_s / (to - from) * 1e6);
    }
  }
  const double n = static_cast<double>(features.size());
  std::printf("articles %zu  count %.2f us  assign %.2f us  trim %.2f us (per article)\n",
              features.size(), count_s / n * 1e6, assign_s / n * 1e6, trim_s / n * 1e6);
  if (!out_path.empty()) {
    std::ofstream out(out_path);
    for (int64_t s : story) out << s << " " << final_story(s) << "\n";
  }
  return 0;
}
