// Story features from an article already analysed: the archive analyses each arriving article
// once (for fingerprints) and files it into a story from the same Analysis.
#ifndef UNSPUN_STORY_FEATURES_H_
#define UNSPUN_STORY_FEATURES_H_

#include "align/analysis.h"
#include "unspun/document.h"
#include "unspun/stories.h"

namespace unspun {

// ExtractStoryFeatures(doc) without its Analyze(): `analysis` must be what Analyze(doc, _)
// produced (AnalyzeTokens leaves out the sentences and quotes it needs). Same output, bit for bit.
// Safe to call from many threads at once.
StoryFeatures ExtractStoryFeatures(const Document& doc, const Analysis& analysis);

}  // namespace unspun

#endif  // UNSPUN_STORY_FEATURES_H_
