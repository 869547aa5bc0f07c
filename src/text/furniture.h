// Site furniture: the lines of a news page that are not the article (share bars, "Also Read"
// links, ad slots, credits, sign-up prompts, navigation). One vocabulary for every stage that
// asks: the analysis leaves such paragraphs out of fingerprints and alignment, and the layout
// never runs such a line on into the paragraph after it.
//
// Thread safety: pure functions.
#ifndef UNSPUN_TEXT_FURNITURE_H_
#define UNSPUN_TEXT_FURNITURE_H_

#include <cstdint>
#include <string_view>

namespace unspun {

// True when `line` (lowercase: a matching form, or ASCII text lowercased) opens with a marker of
// site furniture: "also read", "related:", "advertisement", "share on", "copyright", ...
bool StartsWithFurnitureMarker(std::string_view line);

// True for a paragraph (in matching form, `tokens` words) that is site furniture rather than
// article text: a line of at most 24 words opening with a furniture marker, a line of at most 4
// words, a short line (16 words) holding a link or a " | " separator, or a short line (10 words)
// with no sentence punctuation at its end.
bool IsFurnitureParagraph(std::string_view paragraph, uint32_t tokens);

}  // namespace unspun

#endif  // UNSPUN_TEXT_FURNITURE_H_
