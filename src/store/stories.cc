#include "store/stories.h"

#include <algorithm>

namespace unspun::store {

StoryDecision AssignStory(const Document& /*doc*/, const std::vector<ArchiveMatch>& /*matches*/,
                          const std::vector<int64_t>& match_stories) {
  StoryDecision d;
  d.merge = match_stories;
  std::sort(d.merge.begin(), d.merge.end());
  d.merge.erase(std::unique(d.merge.begin(), d.merge.end()), d.merge.end());
  // The oldest story (the smallest number) absorbs the others, so long-lived stories keep
  // their number.
  if (!d.merge.empty()) d.story = d.merge.front();
  return d;
}

}  // namespace unspun::store
