// unspun scan PATH...: the main job. Reads the articles once, finds the reuse pairs, inspects each
// article, groups the articles into stories, then prints a short summary and writes the HTML
// report and the SQLite results file (src/report/scan_report.h, docs/scan.md).
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "cli/commands.h"
#include "report/scan_report.h"
#include "unspun/inspect.h"
#include "unspun/pairs.h"
#include "unspun/stories.h"
#include "util/format.h"
#include "util/parallel.h"

namespace unspun::cli {
namespace {

std::string Hex(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// "Cyrillic а (U+0430) for a" or "U+200B ZERO WIDTH SPACE".
std::string DescribeChar(const DisguisedChar& d) {
  UErrorCode status = U_ZERO_ERROR;
  if (d.looks_like.empty()) {
    char name[128];
    const int32_t n = u_charName(static_cast<UChar32>(d.code_point), U_UNICODE_CHAR_NAME, name,
                                 sizeof name, &status);
    return Hex(d.code_point) + (U_SUCCESS(status) && n > 0 ? " " + std::string(name, n) : "");
  }
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(d.code_point), &status);
  const char* script_name = U_SUCCESS(status) ? uscript_getName(script) : nullptr;
  return std::string(script_name != nullptr ? script_name : "non-Latin") + " " +
         Utf8(d.code_point) + " (" + Hex(d.code_point) + ") for " + d.looks_like;
}

std::vector<FlagMark> Marks(const std::vector<DisguisedChar>& chars) {
  std::vector<FlagMark> marks;
  marks.reserve(chars.size());
  for (const DisguisedChar& d : chars) {
    marks.push_back(
        {d.field == DisguisedChar::Field::kTitle, d.offset, d.offset + 1, DescribeChar(d)});
  }
  return marks;
}

std::vector<FlagMark> Marks(const std::vector<Mark>& marks) {
  std::vector<FlagMark> out;
  out.reserve(marks.size());
  for (const Mark& m : marks) {
    out.push_back({m.field == Field::kTitle, m.begin, m.end,
                   m.note.empty() ? m.what : m.what + ": " + m.note});
  }
  return out;
}

// The flags of one article with their evidence, from its Inspection (docs/inspect.md).
std::vector<ArticleFlag> FlagsFrom(const Inspection& ins, const std::vector<Document>& docs) {
  std::vector<ArticleFlag> flags;
  for (const std::string& name : ins.Flags()) {
    if (name == "homoglyphs") {
      flags.push_back({name,
                       std::to_string(ins.homoglyphs.size()) + " look-alike letters of another " +
                           "script in " + std::to_string(ins.homoglyph_words) + " words",
                       Marks(ins.homoglyphs)});
    } else if (name == "invisible") {
      flags.push_back({name, std::to_string(ins.invisible.size()) + " invisible characters",
                       Marks(ins.invisible)});
    } else if (name == "spun") {
      ArticleFlag f{name, "spin score " + std::to_string(ins.spun_score).substr(0, 4), {}};
      for (const SpinSignal& signal : ins.spun_signals) {
        if (signal.score <= 0) continue;
        f.detail += "; " + signal.name + ": " + signal.detail;
        for (FlagMark& m : Marks(signal.marks)) f.marks.push_back(std::move(m));
      }
      flags.push_back(std::move(f));
    } else if (name == "boilerplate") {
      flags.push_back({name, std::to_string(ins.boilerplate.size()) + " lines of site furniture",
                       Marks(ins.boilerplate)});
    } else if (name == "copy_of") {
      std::string ids;
      for (uint32_t k : ins.copy_of) ids += (ids.empty() ? "" : ", ") + docs[k].id;
      flags.push_back({name, "copy of " + ids, {}});
    } else {
      flags.push_back({name, "", {}});
    }
  }
  return flags;
}

// The flags of every article: the inspector, given the pairs already found for copy_of and the
// "versions" spin signal.
std::vector<std::vector<ArticleFlag>> FlagArticles(const std::vector<Document>& docs,
                                                   const std::vector<ReusePair>& pairs, int jobs) {
  InspectOptions options;
  options.jobs = jobs;
  options.known_pairs = &pairs;
  const std::vector<Inspection> inspections = InspectCorpus(docs, options);
  std::vector<std::vector<ArticleFlag>> flags(docs.size());
  ParallelFor(docs.size(), jobs,
              [&](size_t i, int) { flags[i] = FlagsFrom(inspections[i], docs); });
  return flags;
}

// The stories of the corpus (FindStories, with the reuse pairs joining copies to their sources'
// stories) and the quotes each one's articles share.
std::vector<ScanStory> GroupStories(const std::vector<Document>& docs,
                                    const std::vector<ReusePair>& pairs) {
  const std::vector<Story> found = FindStories(docs, pairs, StoryOptions());
  const std::vector<std::vector<StoryQuote>> quotes = FindStoryQuotes(docs, found);
  std::vector<ScanStory> stories;
  stories.reserve(found.size());
  for (size_t k = 0; k < found.size(); ++k) {
    const Story& f = found[k];
    ScanStory s;
    s.id = f.id;
    s.articles = f.articles;
    s.label = f.label;
    s.outlets = f.outlets;
    s.first = f.first;
    s.last = f.last;
    for (const StoryQuote& q : quotes[k]) s.quotes.push_back({q.text, q.speaker, q.articles});
    stories.push_back(std::move(s));
  }
  return stories;
}

// Fails early, before a long run, when an output file could not be written: the report and the
// database are written as path.tmp and renamed, so the directory must be writable.
bool CheckWritable(const std::string& path, const char* flag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::cerr << "unspun: error: " << flag << " " << path << " is a directory\n";
    return false;
  }
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec)) {
    std::cerr << "unspun: error: cannot write " << path << ": " << dir.string()
              << (fs::exists(dir, ec) ? " is not a directory\n" : " does not exist\n");
    return false;
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    std::cerr << "unspun: error: cannot write " << path << ": directory " << dir.string()
              << " is not writable\n";
    return false;
  }
  return true;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Runner AddScan(CLI::App* app) {
  struct Flags {
    InputOptions input;
    std::string html = "unspun-report.html";
    std::string db = "unspun-results.db";
    int jobs = 0;
    double min_score = 0;
    bool verbose = false;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  app->add_option("--html", flags->html,
                  "Write the HTML report here (default: unspun-report.html; \"\" for none)");
  app->add_option("--db", flags->db,
                  "Write every result to this SQLite file, replacing it (default: "
                  "unspun-results.db; \"\" for none)");
  app->add_option("-j,--jobs", flags->jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--min-score", flags->min_score, "Drop reuse pairs scoring below X (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  app->add_flag("-v,--verbose", flags->verbose, "Report on stderr how long each stage took");
  app->footer(
      "Runs everything: reuse pairs (as `unspun pairs`), flags (as `unspun inspect`) and\n"
      "stories. Prints a short summary on stdout (unless -q), writes a self-contained HTML report\n"
      "and an SQLite file that the sqlite3 shell can query (schema: docs/scan.md).");
  return [flags]() {
    if (!flags->html.empty() && !CheckWritable(flags->html, "--html")) return int{kExitError};
    if (!flags->db.empty() && !CheckWritable(flags->db, "--db")) return int{kExitError};
    const auto start = std::chrono::steady_clock::now();
    PairsOptions options;
    options.jobs = flags->jobs;
    options.min_score = flags->min_score;
    ReuseFinder finder(options);
    // The report needs titles and texts, so the documents are kept as well as handed over.
    std::vector<Document> docs;
    ReadStats read_stats;
    int code = ReadInputs(
        flags->input,
        [&](Document&& d) {
          finder.Add(Document(d));
          docs.push_back(std::move(d));
        },
        &read_stats);
    if (code != kExitOk) return code;

    ScanResults results;
    results.pairs = finder.Finish();
    const double pairs_seconds = Since(start);

    auto t = std::chrono::steady_clock::now();
    PrintLexiconNotes();
    std::vector<std::vector<ArticleFlag>> flags_of = FlagArticles(docs, results.pairs, flags->jobs);
    const double inspect_seconds = Since(t);
    t = std::chrono::steady_clock::now();
    results.stories = GroupStories(docs, results.pairs);
    const double stories_seconds = Since(t);

    results.articles.resize(docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
      Document& d = docs[i];
      ScanArticle& a = results.articles[i];
      a.id = std::move(d.id);
      a.title = std::move(d.title);
      a.source = std::move(d.source);
      a.published = std::move(d.published);
      a.url = std::move(d.url);
      a.origin = d.Origin();
      a.text = std::move(d.text);
      a.flags = std::move(flags_of[i]);
    }
    docs = std::vector<Document>();
    for (ScanStory& s : results.stories) {
      if (s.label.empty()) DescribeStory(results.articles, &s);
    }
    results.inputs =
        flags->input.paths.empty() ? std::vector<std::string>{"-"} : flags->input.paths;
    results.input_summary = read_stats.Summary();

    const ReportLimits limits;
    t = std::chrono::steady_clock::now();
    if (!flags->html.empty()) {
      Status s = WriteHtmlReport(results, flags->html, limits);
      if (!s.ok()) {
        std::cerr << "unspun: error: " << s.ToString() << '\n';
        return int{kExitError};
      }
    }
    const double html_seconds = Since(t);
    t = std::chrono::steady_clock::now();
    if (!flags->db.empty()) {
      Status s = WriteSqlite(results, flags->db);
      if (!s.ok()) {
        std::cerr << "unspun: error: " << s.ToString() << '\n';
        return int{kExitError};
      }
    }
    const double db_seconds = Since(t);
    if (flags->verbose) {
      std::fprintf(stderr,
                   "unspun: read + pairs %.2f s, inspect %.2f s, stories %.2f s, html %.2f s, "
                   "sqlite %.2f s\n",
                   pairs_seconds, inspect_seconds, stories_seconds, html_seconds, db_seconds);
    }
    if (!flags->input.quiet) {
      std::string out = ScanSummary(results, limits);
      if (!flags->html.empty()) out += "report: " + flags->html + "\n";
      if (!flags->db.empty()) {
        out += "results: " + flags->db + " (sqlite3 " + flags->db +
               " 'SELECT * FROM reuse LIMIT 10'; schema in docs/scan.md)\n";
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return int{kExitOk};
  };
}

}  // namespace unspun::cli
