// unspun: finds who copied whom in the news. This file only wires the subcommands together; each
// lives in its own cmd_*.cc and calls the library.
#include <cstdio>
#include <cstring>

#include "cli/commands.h"

namespace {

constexpr const char* kDescription =
    "unspun finds who copied whom in the news: duplicates, near-duplicates, spun rewrites and\n"
    "partial reuse between articles, whatever disguise they wear.\n\n"
    "Input: files, directories (recursive) or - for stdin; plain text (first line is the title),\n"
    "HTML pages, or JSON Lines ({\"id\", \"title\", \"text\", \"source\", \"published\"} a "
    "line).\n\n"
    "Exit status: 0 success (skipped input is reported on stderr), 1 failure (unreadable input,\n"
    "a --strict violation, a write error), 2 bad command line.";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(kDescription, "unspun");
  app.set_version_flag("-V,--version", std::string("unspun ") + UNSPUN_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  std::vector<std::pair<CLI::App*, unspun::cli::Runner>> commands;
  auto add = [&](const char* name, const char* help, auto adder) {
    CLI::App* sub = app.add_subcommand(name, help);
    commands.emplace_back(sub, adder(sub));
  };
  add("scan", "Run everything: summary, HTML report and SQLite results file (the main job)",
      unspun::cli::AddScan);
  add("inspect", "Flag signs of obfuscation in each article (homoglyphs, invisible characters)",
      unspun::cli::AddInspect);
  add("pairs", "Find every pair of articles where one reuses the other, and say how",
      unspun::cli::AddPairs);
  add("compare", "Show two articles side by side: what one reused from the other, and how",
      unspun::cli::AddCompare);
  add("stories", "Group articles into stories (same event) and list the quotes they share",
      unspun::cli::AddStories);
  add("index", "An archive of articles that new ones are checked against (add, check, ...)",
      unspun::cli::AddIndex);
  add("normalize", "Print the matching form of a text, one output line per input line",
      unspun::cli::AddNormalize);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return unspun::cli::kExitUsage;
  }
  for (auto& [sub, run] : commands) {
    if (sub->parsed()) return run();
  }
  return unspun::cli::kExitUsage;
}
