// unspun inspect PATH...: per-article signs of obfuscation as JSON Lines.
#include <unicode/utf8.h>

#include <cstdio>

#include "cli/commands.h"
#include "report/json.h"
#include "unspun/inspect.h"

namespace unspun::cli {
namespace {

std::string Hex(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::string Utf8(char32_t c) {
  char buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, err);
  return std::string(buf, err ? 0 : n);
}

// Evidence: at most kMaxEvidence characters per kind, with the total count beside them.
constexpr size_t kMaxEvidence = 20;

std::string EvidenceJson(const std::vector<DisguisedChar>& chars) {
  std::string out = "[";
  for (size_t i = 0; i < chars.size() && i < kMaxEvidence; ++i) {
    if (i > 0) out.push_back(',');
    JsonObject o(&out);
    o.Str("field", chars[i].field == DisguisedChar::Field::kTitle ? "title" : "text")
        .Int("offset", chars[i].offset)
        .Str("char", Utf8(chars[i].code_point))
        .Str("code_point", Hex(chars[i].code_point));
    if (!chars[i].looks_like.empty()) o.Str("looks_like", chars[i].looks_like);
    o.Close();
  }
  out.push_back(']');
  return out;
}

}  // namespace

Runner AddInspect(CLI::App* app) {
  auto input = std::make_shared<InputOptions>();
  auto out_path = std::make_shared<std::string>("-");
  AddInputOptions(app, input.get());
  app->add_option("-o,--out", *out_path, "Write JSON Lines here (default: stdout)");
  app->footer(
      "One JSON object per article: {\"id\", \"flags\": [...], \"homoglyphs\": {\"count\",\n"
      "\"chars\": [...]}, \"invisible\": {...}}. Offsets are code points into the title or text.");
  return [input, out_path]() {
    Output out;
    if (!out.Open(*out_path)) return int{kExitError};
    std::string line;
    int code = ReadInputs(*input, [&](Document&& doc) {
      Inspection ins = InspectDocument(doc);
      line.clear();
      JsonObject o(&line);
      o.Str("id", doc.id);
      std::string flags = "[";
      for (const std::string& f : ins.Flags()) {
        if (flags.size() > 1) flags.push_back(',');
        AppendJsonString(f, &flags);
      }
      flags.push_back(']');
      o.Raw("flags", flags);
      if (!ins.homoglyphs.empty()) {
        std::string h;
        JsonObject ho(&h);
        ho.Int("count", static_cast<int64_t>(ins.homoglyphs.size()))
            .Int("words", static_cast<int64_t>(ins.homoglyph_words))
            .Raw("chars", EvidenceJson(ins.homoglyphs));
        ho.Close();
        o.Raw("homoglyphs", h);
      }
      if (!ins.invisible.empty()) {
        std::string v;
        JsonObject vo(&v);
        vo.Int("count", static_cast<int64_t>(ins.invisible.size()))
            .Raw("chars", EvidenceJson(ins.invisible));
        vo.Close();
        o.Raw("invisible", v);
      }
      o.Close();
      line.push_back('\n');
      out.Write(line);
    });
    if (!out.Close()) return int{kExitError};
    return code;
  };
}

}  // namespace unspun::cli
