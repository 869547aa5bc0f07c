// Story features from an article already analysed: the archive analyses each arriving article
// once (for fingerprints) and files it into a story from the same Analysis.
#ifndef UNSPUN_STORY_FEATURES_H_
#define UNSPUN_STORY_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "align/analysis.h"
#include "unspun/document.h"
#include "unspun/stories.h"

namespace unspun {

// ExtractStoryFeatures(doc) without its Analyze(): `analysis` must be what Analyze(doc, _)
// produced (AnalyzeTokens leaves out the sentences and quotes it needs). Same output, bit for bit.
// Safe to call from many threads at once.
StoryFeatures ExtractStoryFeatures(const Document& doc, const Analysis& analysis);

// The weights and word tests the extraction uses (docs/stories.md, "What a story is made of"),
// shared with its reference in tests/story_features_test.cc.
namespace story_internal {

// Feature weights by kind. Names and numbers are what tells two look-alike events apart (two
// earthquakes share "earthquake", "magnitude", "injured" but not "Qeshm" or "5.9"); plain content
// words still help to link reports whose names are lowercased (a case-mangling spinner).
inline constexpr float kEntityWeight = 3.0f;
inline constexpr float kNumberWeight = 3.0f;
inline constexpr float kWordWeight = 0.3f;
// Quoted speech: each pair of consecutive content words inside quotes. Words are said once, at
// the event; reports of a look-alike event quote other words.
inline constexpr float kQuoteWeight = 1.0f;
// The title and the lead state the event; later paragraphs add background shared with other
// events of the topic. A word at byte offset x of the body weighs 1 + kLeadBoost *
// e^(-x/kLeadBytes); a title word 1 + kLeadBoost.
inline constexpr float kLeadBoost = 2.0f;
inline constexpr float kLeadBytes = 600.0f;

bool IsAsciiDigits(std::string_view w);
// Sub-linear term frequency: a name said ten times is not ten times the evidence.
float Damp(float raw);
// Whether the token starting at byte `b` of the matching form opens a clause where a capital
// letter is required: after a quote mark, a colon or a bracket ("he said: "The ...").
bool AfterOpener(const std::string& s, uint32_t b);
// Words English capitalises whatever they refer to: days, months, honorifics.
bool CapitalisedByConvention(std::string_view w);
// The feature of two consecutive content words inside a quote; apart from word stems.
uint64_t QuotePairHash(uint64_t first, uint64_t second);

// ExtractStoryFeatures(doc, analysis).
StoryFeatures Extract(const Document& doc, const Analysis& analysis);

}  // namespace story_internal

}  // namespace unspun

#endif  // UNSPUN_STORY_FEATURES_H_
