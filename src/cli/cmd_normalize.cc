// unspun normalize [FILE|-]: the matching form of each input line, for debugging and scripts.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "unspun/normalizer.h"
#include "unspun/reader.h"

namespace unspun::cli {

Runner AddNormalize(CLI::App* app) {
  auto path = std::make_shared<std::string>("-");
  app->add_option("FILE", *path, "Text to normalize (default: - for stdin)");
  app->footer(
      "Each input line becomes one output line (an empty one when nothing is left), so the\n"
      "output lines up with the input. Invalid UTF-8 reads as U+FFFD.");
  return [path]() {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (*path != "-") {
      file.open(*path, std::ios::binary);
      if (!file) {
        std::cerr << "unspun: error: cannot read " << *path << ": " << std::strerror(errno) << '\n';
        return int{kExitError};
      }
      in = &file;
    }
    std::ios::sync_with_stdio(false);
    NormalizedText n;
    std::string line, out;
    while (std::getline(*in, line)) {
      Normalize(line, &n);
      out.append(n.text);
      out.push_back('\n');
      if (out.size() > (1 << 16)) {
        std::cout << out;
        out.clear();
      }
    }
    std::cout << out << std::flush;
    return std::cout ? int{kExitOk} : int{kExitError};
  };
}

}  // namespace unspun::cli
