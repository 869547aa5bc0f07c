// Renderings of a Comparison (unspun/compare.h) for people: a terminal view, a self-contained
// HTML page with the two texts side by side, and one JSON object. docs/evidence.md shows them.
#ifndef UNSPUN_REPORT_COMPARE_VIEW_H_
#define UNSPUN_REPORT_COMPARE_VIEW_H_

#include <string>

#include "unspun/compare.h"
#include "unspun/document.h"

namespace unspun {

// The summary, then each shared passage with both sides' text, changes and disguised letters
// marked: by ANSI colour when `color`, else by plain markers ([-a side-] {+b side+} «letter»).
std::string RenderCompareTerminal(const Document& a, const Document& b, const Comparison& c,
                                  bool color);

// A standalone HTML page (inline CSS and script, no network): summary header, legend, and the
// two texts side by side with passages colour-coded and linked (hover lights both sides, a click
// or the passage number jumps to the other side), changes and disguised letters marked.
std::string RenderCompareHtml(const Document& a, const Document& b, const Comparison& c);

// One JSON object: the pairs record with evidence (relation null when there is no reuse), plus
// "shared" (the passages that do not count) and "disguised" (every disguised character of each
// article, title included).
std::string RenderCompareJson(const Document& a, const Document& b, const Comparison& c);

}  // namespace unspun

#endif  // UNSPUN_REPORT_COMPARE_VIEW_H_
