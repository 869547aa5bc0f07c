// Layout: the paragraph structure of plain text however its lines were broken.
//
// Text reaches unspun hard-wrapped at some width, with line breaks left inside sentences by web
// extraction, with paragraphs separated by blank lines or by a single line break, with Windows
// (CRLF) or old Mac (CR) line ends. A copy is a copy however its lines break, so the matching
// form keeps a line break only where a paragraph ends; every other break is read as a space.
// FindSoftBreaks() tells them apart, line by line (docs/layout.md has the rules and examples):
//
//   - a blank line, a form feed and U+2029 always end a paragraph;
//   - the width of a hard-wrapped text is measured from its own lines: when most lines run up
//     to one width, a line is *full* when the next line's first word would not have fitted on
//     it, and a full line was wrapped by a program, not ended by its writer;
//   - a line that is not full, or any line of text with no width, ends its paragraph when it
//     ends a sentence (. ! ? : before any closing quotes and brackets), or when the next line is
//     a list item; it runs on when the next line starts in lowercase or with a digit, or when it
//     ends with a comma or a function word ("of the"), or is a long line of prose (8 words and
//     more) cut mid-sentence; short lines with no sentence end (datelines, bylines, share bars,
//     list columns) stand alone.
//
// Linear in the text. Thread safety: safe to call from many threads at once.
#ifndef UNSPUN_TEXT_LAYOUT_H_
#define UNSPUN_TEXT_LAYOUT_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace unspun {

// Appends to `soft` (cleared first), in increasing order, the byte offsets in `utf8` of the line
// breaks that fall inside a paragraph. A line break is "\n", "\r\n" (reported at its '\n'), a
// lone "\r", U+0085 or U+2028 (reported at their first byte).
void FindSoftBreaks(std::string_view utf8, std::vector<uint32_t>* soft);

}  // namespace unspun

#endif  // UNSPUN_TEXT_LAYOUT_H_
