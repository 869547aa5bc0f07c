// Provenance: which side of a reuse pair is likely the original.
#ifndef UNSPUN_ALIGN_PROVENANCE_H_
#define UNSPUN_ALIGN_PROVENANCE_H_

#include "align/analysis.h"
#include "unspun/document.h"
#include "unspun/inspect.h"
#include "unspun/pairs.h"

namespace unspun {

// Which of da (analyzed as x) and db (analyzed as y) is likely the original of the reuse pair
// `verdict` (from Verify on x, y): 0 for da, 1 for db, -1 when it cannot be told. In order of
// strength: the earlier publication date; for partial reuse, the side whose text is mostly inside
// the passages (it lent them); otherwise the marks a copier leaves: look-alike letters or
// invisible characters, added boilerplate, sentences starting in lowercase (docs/relations.md).
// `ia` and `ib` are the articles' inspections when the caller has them already; when null, they
// are computed if needed.
int LikelySource(const Document& da, const Analysis& x, const Document& db, const Analysis& y,
                 const ReusePair& verdict, const Inspection* ia = nullptr,
                 const Inspection* ib = nullptr);

}  // namespace unspun

#endif  // UNSPUN_ALIGN_PROVENANCE_H_
