#include "text/furniture.h"

#include <array>

namespace unspun {

bool StartsWithFurnitureMarker(std::string_view p) {
  // Markers that open link lists, ad slots, credits and sign-up prompts on news sites.
  static constexpr std::array<std::string_view, 18> kMarkers = {
      "also read",         "read more",     "read also", "related:",    "related stories",
      "related articles",  "advertisement", "sponsored", "recommended", "more from",
      "you may also like", "click here",    "subscribe", "copyright",   "tags:",
      "share on",          "source:",       "follow us"};
  for (std::string_view m : kMarkers) {
    if (p.substr(0, m.size()) == m) return true;
  }
  return false;
}

bool IsFurnitureParagraph(std::string_view p, uint32_t tokens) {
  if (StartsWithFurnitureMarker(p)) return tokens <= 24;
  if (tokens <= 4) return true;
  // Only short lines can be link lines: long paragraphs are not searched.
  if (tokens <= 16 &&
      (p.find("http") != std::string_view::npos || p.find("www.") != std::string_view::npos ||
       p.find(" | ") != std::string_view::npos)) {
    return true;
  }
  // A short line that is not a sentence: no terminal punctuation.
  const char last = p.empty() ? ' ' : p.back();
  const bool sentence_end =
      last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' || last == ':';
  return tokens <= 10 && !sentence_end;
}

}  // namespace unspun
