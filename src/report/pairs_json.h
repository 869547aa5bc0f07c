// The JSON Lines record of one reuse pair, shared by `unspun pairs` and `unspun index check`:
//   {"a", "b", "relation", "score", "source", "coverage": {"a", "b"}, "identity", "edit_rate",
//    "passages": [{"a": [start, end], "b": [start, end]}]}
// Offsets are code points into each article's text, end exclusive (docs/relations.md).
#ifndef UNSPUN_REPORT_PAIRS_JSON_H_
#define UNSPUN_REPORT_PAIRS_JSON_H_

#include <string>
#include <string_view>

#include "unspun/pairs.h"

namespace unspun {

// Appends the record of pair `p` between articles `a_id` and `b_id` to `line` (no newline).
// `source_id` is the likely original's id, or empty for null. When the pair carries evidence
// (PairsOptions::evidence), each passage gets its evidence fields (docs/evidence.md), quoting
// the articles' texts `a_text` and `b_text`.
void AppendPairJson(std::string_view a_id, std::string_view b_id, const ReusePair& p,
                    std::string_view source_id, std::string* line, std::string_view a_text = {},
                    std::string_view b_text = {});

}  // namespace unspun

#endif  // UNSPUN_REPORT_PAIRS_JSON_H_
