// unspun pairs PATH...: every pair of articles where one reuses the other, as JSON Lines.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "report/pairs_json.h"
#include "unspun/pairs.h"

namespace unspun::cli {
namespace {

// A one-line progress report on stderr: a count while reading, then a bar redrawn at most every
// 1% of the verification.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void Read(uint64_t articles) {
    if (enabled_ && articles % 10000 == 0) {
      std::fprintf(stderr, "\rreading and fingerprinting: %llu articles",
                   static_cast<unsigned long long>(articles));
    }
  }
  void Update(uint64_t done, uint64_t total) {
    if (!enabled_ || total == 0) return;
    const int percent = static_cast<int>(100 * done / total);
    if (percent == last_) return;
    last_ = percent;
    std::fprintf(stderr, "\rverifying candidates [%-40.*s] %3d%%          ", percent * 40 / 100,
                 "########################################", percent);
    if (done == total) std::fputc('\n', stderr);
  }

 private:
  bool enabled_;
  int last_ = -1;
};

void PrintStats(const PairsStats& s) {
  auto count = [](uint64_t n) { return static_cast<unsigned long long>(n); };
  std::fprintf(stderr, "unspun: %llu articles, %.1f MB of text (%.1f MB kept compressed)\n",
               count(s.articles), s.text_bytes / 1e6, s.stored_bytes / 1e6);
  std::fprintf(stderr,
               "unspun: read + analyze %.2f s (cpu %.2f s, peak %.0f MB): %llu fingerprints, %.0f "
               "per article\n",
               s.analyze_seconds, s.analyze_cpu, s.analyze_peak_mb, count(s.fingerprints),
               s.articles ? double(s.fingerprints) / s.articles : 0.0);
  std::fprintf(stderr,
               "unspun: index %.2f s (cpu %.2f s, peak %.0f MB): %llu postings shared by 2+ "
               "articles\n",
               s.index_seconds, s.index_cpu, s.index_peak_mb, count(s.kept_postings));
  std::fprintf(stderr,
               "unspun: verify %.2f s (cpu %.2f s, peak %.0f MB): %llu candidates, %llu reuse "
               "pairs\n",
               s.verify_seconds, s.verify_cpu, s.verify_peak_mb, count(s.candidates),
               count(s.pairs));
}

}  // namespace

Runner AddPairs(CLI::App* app) {
  struct Flags {
    InputOptions input;
    std::string out = "-";
    int jobs = 0;
    double min_score = 0;
    bool verbose = false;
    bool evidence = false;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  app->add_option("-o,--out", flags->out, "Write JSON Lines here (default: stdout)");
  app->add_option("-j,--jobs", flags->jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--min-score", flags->min_score, "Drop pairs scoring below X (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  app->add_flag("-v,--verbose", flags->verbose,
                "Report on stderr what each stage did and how long it took");
  app->add_flag("--evidence", flags->evidence,
                "Give each passage its evidence: word changes, disguised characters, quotes, "
                "boilerplate (docs/evidence.md)");
  app->footer(
      "One JSON object per pair: {\"a\", \"b\", \"relation\", \"score\", \"source\", "
      "\"coverage\",\n"
      "\"identity\", \"passages\": [{\"a\": [start, end], \"b\": [start, end]}]}. Relations:\n"
      "duplicate, near_duplicate, rewrite, partial (docs/relations.md). Offsets are code points\n"
      "into each article's text, end exclusive. source is the likely original, or null.\n"
      "With --evidence each passage also carries \"changes\", \"disguised\", \"quotes\" and\n"
      "\"boilerplate\" (docs/evidence.md).");
  return [flags]() {
    Output out;
    if (!out.Open(flags->out)) return int{kExitError};
    PairsOptions options;
    options.jobs = flags->jobs;
    options.min_score = flags->min_score;
    options.evidence = flags->evidence;
    auto bar = std::make_shared<ProgressBar>(!flags->input.quiet && isatty(STDERR_FILENO));
    options.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
    // Articles are analyzed as they are read; only fingerprints and compressed texts are kept.
    ReuseFinder finder(options);
    int code = ReadInputs(flags->input, [&](Document&& d) {
      finder.Add(std::move(d));
      bar->Read(finder.size());
    });
    if (code != kExitOk) return code;
    std::vector<ReusePair> pairs = finder.Finish();
    if (flags->verbose) PrintStats(finder.stats());
    std::string line;
    Document da, db;
    for (const ReusePair& p : pairs) {
      line.clear();
      if (!p.evidence.empty()) {
        finder.Article(p.a, &da);
        finder.Article(p.b, &db);
      }
      AppendPairJson(finder.id(p.a), finder.id(p.b), p,
                     p.source >= 0 ? std::string_view(finder.id(p.source)) : std::string_view(),
                     &line, da.text, db.text);
      line.push_back('\n');
      out.Write(line);
    }
    if (!out.Close()) return int{kExitError};
    if (!flags->input.quiet) std::cerr << "unspun: " << pairs.size() << " reuse pairs\n";
    return int{kExitOk};
  };
}

}  // namespace unspun::cli
