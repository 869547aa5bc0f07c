#include "report/pairs_json.h"

#include "report/json.h"

namespace unspun {

void AppendPairJson(std::string_view a_id, std::string_view b_id, const ReusePair& p,
                    std::string_view source_id, std::string* line) {
  JsonObject o(line);
  o.Str("a", a_id).Str("b", b_id).Str("relation", RelationName(p.relation));
  o.Num("score", p.score);
  o.StrOrNull("source", source_id);
  std::string cov;
  JsonObject c(&cov);
  c.Num("a", p.coverage_a).Num("b", p.coverage_b);
  c.Close();
  o.Raw("coverage", cov).Num("identity", p.identity).Num("edit_rate", p.edit_rate);
  std::string passages = "[";
  for (const Passage& g : p.passages) {
    if (passages.size() > 1) passages.push_back(',');
    passages += "{\"a\":[" + std::to_string(g.a_begin) + "," + std::to_string(g.a_end) +
                "],\"b\":[" + std::to_string(g.b_begin) + "," + std::to_string(g.b_end) + "]}";
  }
  passages.push_back(']');
  o.Raw("passages", passages);
  o.Close();
}

}  // namespace unspun
