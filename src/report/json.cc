#include "report/json.h"

#include <unicode/utf8.h>

#include <cmath>
#include <cstdio>

namespace unspun {

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const uint8_t b = p[i];
    if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
      out->push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    if (b < 0x80) {
      ++i;
      switch (b) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          out->append("\\u00");
          out->push_back(kHex[b >> 4]);
          out->push_back(kHex[b & 15]);
      }
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out->append("\xEF\xBF\xBD");
    } else {
      out->append(reinterpret_cast<const char*>(p + start), i - start);
    }
  }
  out->push_back('"');
}

void JsonObject::Key(std::string_view key) {
  if (!first_) out_->push_back(',');
  first_ = false;
  AppendJsonString(key, out_);
  out_->push_back(':');
}

JsonObject& JsonObject::Str(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(value, out_);
  return *this;
}

JsonObject& JsonObject::StrOrNull(std::string_view key, std::string_view value) {
  return value.empty() ? Null(key) : Str(key, value);
}

JsonObject& JsonObject::Int(std::string_view key, int64_t value) {
  Key(key);
  out_->append(std::to_string(value));
  return *this;
}

JsonObject& JsonObject::Num(std::string_view key, double value) {
  Key(key);
  if (!std::isfinite(value)) {
    out_->append("null");
    return *this;
  }
  char buf[32];
  int len = std::snprintf(buf, sizeof buf, "%.4f", value);
  // Trim trailing zeros: 0.5000 -> 0.5, 1.0000 -> 1.
  while (len > 1 && buf[len - 1] == '0') --len;
  if (len > 0 && buf[len - 1] == '.') --len;
  out_->append(buf, len);
  return *this;
}

JsonObject& JsonObject::Bool(std::string_view key, bool value) {
  Key(key);
  out_->append(value ? "true" : "false");
  return *this;
}

JsonObject& JsonObject::Null(std::string_view key) {
  Key(key);
  out_->append("null");
  return *this;
}

JsonObject& JsonObject::Raw(std::string_view key, std::string_view json) {
  Key(key);
  out_->append(json);
  return *this;
}

}  // namespace unspun
