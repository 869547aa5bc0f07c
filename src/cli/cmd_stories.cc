// unspun stories PATH...: articles grouped into stories (same event), as JSON Lines.
#include <iostream>

#include "cli/commands.h"
#include "report/json.h"
#include "unspun/pairs.h"
#include "unspun/stories.h"

namespace unspun::cli {
namespace {

std::string IdList(const std::vector<Document>& docs, const std::vector<uint32_t>& articles) {
  std::string out = "[";
  for (uint32_t a : articles) {
    if (out.size() > 1) out.push_back(',');
    AppendJsonString(docs[a].id, &out);
  }
  out.push_back(']');
  return out;
}

std::string StringList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& s : items) {
    if (out.size() > 1) out.push_back(',');
    AppendJsonString(s, &out);
  }
  out.push_back(']');
  return out;
}

}  // namespace

Runner AddStories(CLI::App* app) {
  struct Flags {
    InputOptions input;
    std::string out = "-";
    bool quotes = false;
    bool no_reuse = false;
    size_t min_size = 1;
    int jobs = 0;
    StoryOptions options;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  app->add_option("-o,--out", flags->out, "Write JSON Lines here (default: stdout)");
  app->add_flag("--quotes", flags->quotes,
                "Add each story's quoted speech, matched across its articles");
  app->add_flag("--no-reuse", flags->no_reuse,
                "Do not look for reuse pairs (faster; a spun copy may then miss its source's "
                "story)");
  app->add_option("--min-size", flags->min_size, "Omit stories of fewer articles (default 1)")
      ->check(CLI::Range(1, 1000000000));
  app->add_option("--min-similarity", flags->options.min_similarity,
                  "Cosine under which articles are not linked (default 0.2)")
      ->check(CLI::Range(0.0, 1.0));
  app->add_option("--neighbours", flags->options.neighbours,
                  "Neighbours kept per article (default 8)")
      ->check(CLI::Range(1, 1000));
  app->add_option("--window-days", flags->options.window_days,
                  "Days within which dated articles are compared undamped (default 7)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--half-life-days", flags->options.half_life_days,
                  "Past the window, similarity halves every this many days (default 30)")
      ->check(CLI::Range(1, 100000));
  app->add_flag("--incremental", flags->options.incremental,
                "Assign articles one at a time in publication order, as an archive does, "
                "instead of clustering the whole corpus");
  app->add_option("--join-similarity", flags->options.join_similarity,
                  "With --incremental: average similarity to a story's articles needed to join "
                  "it (default 0.15)")
      ->check(CLI::Range(0.0, 1.0));
  app->add_option("--merge-similarity", flags->options.merge_similarity,
                  "With --incremental: a link this strong into a second story merges it "
                  "(default 0.5)")
      ->check(CLI::Range(0.0, 1.0));
  app->add_option("-j,--jobs", flags->jobs, "Worker threads for reuse pairs (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app->footer(
      "One JSON object per story: {\"story\", \"articles\": [ids], \"label\", \"outlets\",\n"
      "\"first\", \"last\", \"related\": [story ids]} (docs/stories.md); singletons included\n"
      "unless --min-size. With --quotes, \"quotes\": [{\"text\", \"speaker\", \"articles\",\n"
      "\"outlets\"}], most widely carried first.");
  return [flags]() {
    std::vector<Document> docs;
    int code = ReadInputs(flags->input, [&](Document&& d) { docs.push_back(std::move(d)); });
    if (code != kExitOk) return code;
    Output out;
    if (!out.Open(flags->out)) return int{kExitError};
    std::vector<ReusePair> pairs;
    if (!flags->no_reuse) {
      PairsOptions options;
      options.jobs = flags->jobs;
      pairs = FindReusePairs(docs, options);
    }
    const std::vector<Story> stories = FindStories(docs, pairs, flags->options);
    std::vector<std::vector<StoryQuote>> quotes;
    if (flags->quotes) quotes = FindStoryQuotes(docs, stories);
    std::string line;
    size_t written = 0;
    for (size_t s = 0; s < stories.size(); ++s) {
      const Story& story = stories[s];
      if (story.articles.size() < flags->min_size) continue;
      line.clear();
      JsonObject o(&line);
      o.Int("story", story.id).Raw("articles", IdList(docs, story.articles));
      o.Str("label", story.label).Raw("outlets", StringList(story.outlets));
      o.StrOrNull("first", story.first).StrOrNull("last", story.last);
      std::string related = "[";
      for (uint32_t r : story.related) {
        if (related.size() > 1) related.push_back(',');
        related += std::to_string(r);
      }
      related.push_back(']');
      o.Raw("related", related);
      if (flags->quotes) {
        std::string list = "[";
        for (const StoryQuote& q : quotes[s]) {
          if (list.size() > 1) list.push_back(',');
          JsonObject qo(&list);
          qo.Str("text", q.text).StrOrNull("speaker", q.speaker);
          qo.Raw("articles", IdList(docs, q.articles)).Raw("outlets", StringList(q.outlets));
          qo.Close();
        }
        list.push_back(']');
        o.Raw("quotes", list);
      }
      o.Close();
      line.push_back('\n');
      out.Write(line);
      ++written;
    }
    if (!out.Close()) return int{kExitError};
    if (!flags->input.quiet) {
      std::cerr << "unspun: " << written << " stories from " << docs.size() << " articles ("
                << pairs.size() << " reuse pairs)\n";
    }
    return int{kExitOk};
  };
}

}  // namespace unspun::cli
