// Signs of obfuscation in a single article, found without any other article to compare with.
#ifndef UNSPUN_INSPECT_H_
#define UNSPUN_INSPECT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "unspun/document.h"

namespace unspun {

// One disguised character: where it is and what it stands for.
struct DisguisedChar {
  enum class Field : uint8_t {
    kTitle,  // Offset is into Document::title.
    kText,   // Offset is into Document::text.
  };
  Field field;
  uint32_t offset;  // Code-point offset in that field.
  char32_t code_point;
  std::string looks_like;  // The ASCII it imitates; empty for an invisible character.
};

struct Inspection {
  // Letters of another script inside Latin words (Cyrillic а in "аnd"), title and text.
  std::vector<DisguisedChar> homoglyphs;
  // Zero-width, format and bidi characters inside the text (a leading BOM aside).
  std::vector<DisguisedChar> invisible;
  uint64_t homoglyph_words = 0;  // Words holding at least one homoglyph.

  // The scored flags, in a fixed order: "homoglyphs", "invisible".
  std::vector<std::string> Flags() const;
};

Inspection InspectDocument(const Document& doc);

}  // namespace unspun

#endif  // UNSPUN_INSPECT_H_
