// Which side of a reuse pair is likely the original, from the two articles alone, in order of
// strength: the earlier publication date; for a partial copy, the side whose text is mostly
// inside the passages (it lent them); otherwise the marks a copier leaves (look-alike letters or
// invisible characters, added boilerplate, sentences starting in lowercase). docs/relations.md.
//
// The same rules as the pairs driver (src/align/pairs.cc), which may call this instead of its own
// copy.
#ifndef UNSPUN_ALIGN_PROVENANCE_H_
#define UNSPUN_ALIGN_PROVENANCE_H_

#include "align/analysis.h"
#include "unspun/document.h"
#include "unspun/inspect.h"
#include "unspun/pairs.h"

namespace unspun {

// 0 for a, 1 for b, -1 when nothing tells.
int LikelySource(const Document& a, const Analysis& x, const Inspection& ia, const Document& b,
                 const Analysis& y, const Inspection& ib, const ReusePair& verdict);

}  // namespace unspun

#endif  // UNSPUN_ALIGN_PROVENANCE_H_
