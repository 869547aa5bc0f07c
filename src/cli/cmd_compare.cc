// unspun compare A B: two articles side by side, with the reuse verdict and its evidence.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "report/compare_view.h"
#include "unspun/compare.h"

namespace unspun::cli {
namespace {

// Reads every document of `path` (a file, a directory or -) into `out`.
int ReadPath(const std::string& path, bool strict, std::vector<Document>* out) {
  InputOptions input;
  input.paths = {path};
  input.strict = strict;
  input.quiet = true;
  return ReadInputs(input, [&](Document&& d) { out->push_back(std::move(d)); });
}

}  // namespace

Runner AddCompare(CLI::App* app) {
  struct Flags {
    std::string first, second;
    std::string corpus;
    std::string html;
    std::string out = "-";
    bool json = false;
    bool strict = false;
  };
  auto flags = std::make_shared<Flags>();
  app->add_option("A", flags->first, "The first article: a file, or an id with --corpus")
      ->required();
  app->add_option("B", flags->second, "The second article: a file, or an id with --corpus")
      ->required();
  app->add_option("--corpus", flags->corpus,
                  "Read A and B as article ids from this corpus (file or directory)");
  app->add_option("--html", flags->html,
                  "Also write a standalone HTML page with the two texts side by side");
  app->add_flag("--json", flags->json, "Print one JSON object instead of the terminal view");
  app->add_option("-o,--out", flags->out, "Write the terminal view or JSON here (default: stdout)");
  app->add_flag("--strict", flags->strict, "Fail on bad input instead of repairing or skipping it");
  app->footer(
      "The terminal view marks, in A, words that B replaced or dropped ([-...-]) and, in B, the\n"
      "words that replaced them or were added ({+...+}); typos [~...~]; look-alike letters and\n"
      "invisible characters \u00AB...\u00BB. It is coloured instead when writing to a terminal "
      "and\n"
      "NO_COLOR is not set. docs/evidence.md describes every field.");
  return [flags]() {
    Document a, b;
    if (!flags->corpus.empty()) {
      std::vector<Document> docs;
      if (int code = ReadPath(flags->corpus, flags->strict, &docs); code != kExitOk) return code;
      const Document* found[2] = {nullptr, nullptr};
      for (const Document& d : docs) {
        if (d.id == flags->first) found[0] = &d;
        if (d.id == flags->second) found[1] = &d;
      }
      for (int k = 0; k < 2; ++k) {
        if (found[k] == nullptr) {
          std::cerr << "unspun: error: no article with id \""
                    << (k == 0 ? flags->first : flags->second) << "\" in " << flags->corpus << '\n';
          return int{kExitError};
        }
      }
      a = *found[0];
      b = *found[1];
    } else {
      for (int k = 0; k < 2; ++k) {
        const std::string& path = k == 0 ? flags->first : flags->second;
        std::vector<Document> docs;
        if (int code = ReadPath(path, flags->strict, &docs); code != kExitOk) return code;
        if (docs.size() != 1) {
          std::cerr << "unspun: error: " << path << " holds " << docs.size()
                    << " articles; compare needs exactly one (use --corpus FILE ID ID to pick "
                       "from many)\n";
          return int{kExitError};
        }
        (k == 0 ? a : b) = std::move(docs[0]);
      }
    }
    const Comparison comparison = CompareDocuments(a, b);
    if (!flags->html.empty()) {
      std::ofstream html(flags->html, std::ios::binary);
      html << RenderCompareHtml(a, b, comparison);
      html.close();
      if (!html) {
        std::cerr << "unspun: error: cannot write " << flags->html << '\n';
        return int{kExitError};
      }
    }
    Output out;
    if (!out.Open(flags->out)) return int{kExitError};
    if (flags->json) {
      out.Write(RenderCompareJson(a, b, comparison));
    } else {
      const char* no_color = std::getenv("NO_COLOR");
      const bool color = (flags->out.empty() || flags->out == "-") && isatty(STDOUT_FILENO) &&
                         (no_color == nullptr || no_color[0] == '\0');
      out.Write(RenderCompareTerminal(a, b, comparison, color));
    }
    return out.Close() ? int{kExitOk} : int{kExitError};
  };
}

}  // namespace unspun::cli
