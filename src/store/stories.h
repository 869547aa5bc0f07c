// Story assignment in the archive: the one place that decides which story an arriving article
// joins. Today a stand-in: an article joins the story of the archived articles it reuses, and the
// stories it bridges merge into the oldest (docs/archive.md, "Stories"). The story clusterer
// (src/story/, branch `stories`) plugs in here, with the archive's tables unchanged: a story is a
// number in articles.story, and a merge renumbers the members of the merged stories.
#ifndef UNSPUN_STORE_STORIES_H_
#define UNSPUN_STORE_STORIES_H_

#include <cstdint>
#include <vector>

#include "unspun/archive.h"
#include "unspun/document.h"

namespace unspun::store {

struct StoryDecision {
  int64_t story = 0;           // The story to join; 0: a new one (numbered by the article).
  std::vector<int64_t> merge;  // Stories to fold into `story` (may include it; ignored then).
};

// `doc` is the arriving article, `matches` its reuse relations to archived articles and
// `match_stories[i]` the story of matches[i].archived_id.
StoryDecision AssignStory(const Document& doc, const std::vector<ArchiveMatch>& matches,
                          const std::vector<int64_t>& match_stories);

}  // namespace unspun::store

#endif  // UNSPUN_STORE_STORIES_H_
