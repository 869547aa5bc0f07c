// Minimal JSON output helpers: escaping and a streaming object writer for JSON Lines records.
#ifndef UNSPUN_REPORT_JSON_H_
#define UNSPUN_REPORT_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace unspun {

// Appends `s` as a JSON string literal (quotes included). Invalid UTF-8 is written as U+FFFD so
// the output always parses.
void AppendJsonString(std::string_view s, std::string* out);

// Builds one JSON object, field by field, in a caller-owned string:
//   JsonObject o(&line); o.Str("id", id).Int("n", 3).Null("source"); o.Close();
class JsonObject {
 public:
  explicit JsonObject(std::string* out) : out_(out) { out_->push_back('{'); }
  JsonObject& Str(std::string_view key, std::string_view value);
  // A string field, or null when `value` is empty.
  JsonObject& StrOrNull(std::string_view key, std::string_view value);
  JsonObject& Int(std::string_view key, int64_t value);
  JsonObject& Num(std::string_view key, double value);  // Up to 4 decimals.
  JsonObject& Bool(std::string_view key, bool value);
  JsonObject& Null(std::string_view key);
  // A field whose value the caller has already rendered as JSON.
  JsonObject& Raw(std::string_view key, std::string_view json);
  void Close() { out_->push_back('}'); }

 private:
  void Key(std::string_view key);
  std::string* out_;
  bool first_ = true;
};

}  // namespace unspun

#endif  // UNSPUN_REPORT_JSON_H_
