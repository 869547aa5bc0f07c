#include "report/pairs_json.h"

#include "report/evidence_json.h"
#include "report/json.h"

namespace unspun {

void AppendPairJson(std::string_view a_id, std::string_view b_id, const ReusePair& p,
                    std::string_view source_id, std::string* line, std::string_view a_text,
                    std::string_view b_text) {
  JsonObject o(line);
  o.Str("a", a_id).Str("b", b_id).Str("relation", RelationName(p.relation));
  o.Num("score", p.score);
  o.StrOrNull("source", source_id);
  std::string cov;
  JsonObject c(&cov);
  c.Num("a", p.coverage_a).Num("b", p.coverage_b);
  c.Close();
  o.Raw("coverage", cov).Num("identity", p.identity).Num("edit_rate", p.edit_rate);
  std::string passages;
  AppendPassagesJson(p, CodePointIndex(p.evidence.empty() ? std::string_view() : a_text),
                     CodePointIndex(p.evidence.empty() ? std::string_view() : b_text), &passages);
  o.Raw("passages", passages);
  o.Close();
}

}  // namespace unspun
