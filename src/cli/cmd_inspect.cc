// unspun inspect PATH...: per-article signs of obfuscation as JSON Lines.
#include <unicode/utf8.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "report/json.h"
#include "unspun/inspect.h"
#include "util/format.h"

namespace unspun::cli {
namespace {

std::string Hex(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
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

std::string MarksJson(const std::vector<Mark>& marks) {
  std::string out = "[";
  for (size_t i = 0; i < marks.size() && i < kMaxEvidence; ++i) {
    if (i > 0) out.push_back(',');
    JsonObject o(&out);
    o.Str("field", marks[i].field == Field::kTitle ? "title" : "text")
        .Int("begin", marks[i].begin)
        .Int("end", marks[i].end)
        .Str("what", marks[i].what);
    if (!marks[i].note.empty()) o.Str("note", marks[i].note);
    o.Close();
  }
  out.push_back(']');
  return out;
}

std::string SpunJson(const Inspection& ins) {
  std::string out;
  JsonObject o(&out);
  o.Num("score", ins.spun_score);
  std::string signals = "[";
  for (const SpinSignal& s : ins.spun_signals) {
    if (s.score <= 0 && s.marks.empty()) continue;
    if (signals.size() > 1) signals.push_back(',');
    JsonObject so(&signals);
    so.Str("name", s.name)
        .Num("value", s.value)
        .Num("score", s.score)
        .Str("detail", s.detail)
        .Int("marks_total", static_cast<int64_t>(s.marks.size()))
        .Raw("marks", MarksJson(s.marks));
    so.Close();
  }
  signals.push_back(']');
  o.Raw("signals", signals);
  o.Close();
  return out;
}

}  // namespace

Runner AddInspect(CLI::App* app) {
  struct Flags {
    InputOptions input;
    std::string out = "-";
    bool no_pairs = false;
    int jobs = 0;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  app->add_option("-o,--out", flags->out, "Write JSON Lines here (default: stdout)");
  app->add_flag("--no-pairs", flags->no_pairs,
                "Inspect each article on its own: no copy_of, no comparison of versions");
  app->add_option("-j,--jobs", flags->jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app->footer(
      "One JSON object per article: {\"id\", \"flags\": [...], \"homoglyphs\": {\"count\",\n"
      "\"words\", \"chars\": [...]}, \"invisible\": {...}, \"spun\": {\"score\", \"signals\":\n"
      "[{\"name\", \"value\", \"score\", \"detail\", \"marks\": [...]}]}, \"boilerplate\": {...},\n"
      "\"copy_of\": [ids]}. Flags: homoglyphs, invisible, spun (score >= 0.5), boilerplate,\n"
      "copy_of (docs/inspect.md). Offsets are code points into the title or text, end\n"
      "exclusive. The spun signals read Debian's scowl, wordnet-base and mythes-en-us files;\n"
      "without them only case damage is measured (a warning says so).");
  return [flags]() {
    std::vector<Document> docs;
    // Under --strict a read error stops the input, yet the articles read before it are still
    // inspected and written, as a streaming reader would have: the exit code tells the failure.
    const int code = ReadInputs(flags->input, [&](Document&& d) { docs.push_back(std::move(d)); });
    PrintLexiconNotes();
    Output out;
    if (!out.Open(flags->out)) return int{kExitError};
    InspectOptions options;
    options.pairs = !flags->no_pairs;
    options.jobs = flags->jobs;
    const std::vector<Inspection> inspections = InspectCorpus(docs, options);
    std::string line;
    for (size_t i = 0; i < docs.size(); ++i) {
      const Inspection& ins = inspections[i];
      line.clear();
      JsonObject o(&line);
      o.Str("id", docs[i].id);
      std::string list = "[";
      for (const std::string& f : ins.Flags()) {
        if (list.size() > 1) list.push_back(',');
        AppendJsonString(f, &list);
      }
      list.push_back(']');
      o.Raw("flags", list);
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
      o.Raw("spun", SpunJson(ins));
      if (!ins.boilerplate.empty()) {
        std::string b;
        JsonObject bo(&b);
        bo.Int("count", static_cast<int64_t>(ins.boilerplate.size()))
            .Raw("spans", MarksJson(ins.boilerplate));
        bo.Close();
        o.Raw("boilerplate", b);
      }
      if (!ins.copy_of.empty()) {
        std::string c = "[";
        for (uint32_t k : ins.copy_of) {
          if (c.size() > 1) c.push_back(',');
          AppendJsonString(docs[k].id, &c);
        }
        c.push_back(']');
        o.Raw("copy_of", c);
      }
      o.Close();
      line.push_back('\n');
      out.Write(line);
    }
    if (!out.Close()) return int{kExitError};
    return code;
  };
}

}  // namespace unspun::cli
