// One JSON Lines record -> Document, with simdjson's DOM parser.
//
// The DOM parser (not On Demand) because it validates the whole line: a record with trailing
// garbage or a broken value after "text" must be reported as malformed, not half-read.

#include <simdjson.h>

#include <cstring>
#include <string>
#include <string_view>

#include "io/reader_internal.h"

namespace unspun::io {

struct JsonLineParser::Impl {
  simdjson::dom::parser parser;
  // The line copied with SIMDJSON_PADDING bytes after it, as the parser requires; reused so that
  // a million short lines cost no allocations.
  std::string padded;
};

JsonLineParser::JsonLineParser() : impl_(std::make_unique<Impl>()) {}
JsonLineParser::~JsonLineParser() = default;

namespace {

// Reads an optional string field: a string or null. Returns false for any other type.
bool OptionalString(simdjson::dom::element value, std::string* out) {
  if (value.is_null()) {
    out->clear();
    return true;
  }
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return false;
  out->assign(s);
  return true;
}

}  // namespace

bool JsonLineParser::Parse(std::string_view line, Document* doc, std::string* reason) {
  std::string& buf = impl_->padded;
  buf.resize(line.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buf.data(), line.data(), line.size());
  std::memset(buf.data() + line.size(), 0, simdjson::SIMDJSON_PADDING);

  simdjson::dom::element root;
  if (auto error = impl_->parser.parse(buf.data(), line.size(), false).get(root); error) {
    *reason = simdjson::error_message(error);
    return false;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    *reason = "not a JSON object";
    return false;
  }

  *doc = Document();
  bool have_text = false;
  // Fields in any order; unknown ones are ignored; a repeated key's last value wins, as in
  // JavaScript's JSON.parse.
  for (simdjson::dom::key_value_pair field : object) {
    const std::string_view key = field.key;
    const simdjson::dom::element value = field.value;
    if (key == "text") {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        *reason = "\"text\" is not a string";
        return false;
      }
      doc->text.assign(text);
      have_text = true;
    } else if (key == "id") {
      // Numeric ids are common in exports from databases; keep their JSON spelling.
      std::string_view id;
      int64_t i64;
      uint64_t u64;
      if (value.get_string().get(id) == simdjson::SUCCESS) {
        doc->id.assign(id);
      } else if (value.get_int64().get(i64) == simdjson::SUCCESS) {
        doc->id = std::to_string(i64);
      } else if (value.get_uint64().get(u64) == simdjson::SUCCESS) {
        doc->id = std::to_string(u64);
      } else if (value.is_null()) {
        doc->id.clear();
      } else {
        *reason = "\"id\" is not a string or an integer";
        return false;
      }
    } else if (key == "title" || key == "source" || key == "published" || key == "url") {
      std::string* out = key == "title"    ? &doc->title
                         : key == "source" ? &doc->source
                         : key == "url"    ? &doc->url
                                           : &doc->published;
      if (!OptionalString(value, out)) {
        *reason = "\"" + std::string(key) + "\" is not a string or null";
        return false;
      }
    }
  }
  if (!have_text) {
    *reason = "\"text\" is missing";
    return false;
  }
  if (!doc->published.empty()) doc->published = NormalizeDate(doc->published);
  return true;
}

}  // namespace unspun::io
