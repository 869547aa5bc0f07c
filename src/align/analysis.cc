#include "align/analysis.h"

#include <algorithm>
#include <array>

#include "unspun/text_analysis.h"

namespace unspun {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool IsBoilerplateParagraph(std::string_view p, uint32_t tokens) {
  // Markers that open link lists, ad slots, credits and sign-up prompts on news sites, in
  // matching form.
  static constexpr std::array<std::string_view, 18> kMarkers = {
      "also read",         "read more",     "read also", "related:",    "related stories",
      "related articles",  "advertisement", "sponsored", "recommended", "more from",
      "you may also like", "click here",    "subscribe", "copyright",   "tags:",
      "share on",          "source:",       "follow us"};
  for (std::string_view m : kMarkers) {
    if (StartsWith(p, m)) return tokens <= 24;
  }
  if (tokens <= 4) return true;
  const bool link = p.find("http") != std::string_view::npos ||
                    p.find("www.") != std::string_view::npos ||
                    p.find(" | ") != std::string_view::npos;
  if (link && tokens <= 16) return true;
  // A short line that is not a sentence: no terminal punctuation.
  const char last = p.empty() ? ' ' : p.back();
  const bool sentence_end =
      last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' || last == ':';
  return tokens <= 10 && !sentence_end;
}

void Analyze(const Document& doc, Analysis* out) {
  Normalize(doc.text, &out->norm);
  const std::string& text = out->norm.text;
  Tokenize(text, &out->tokens);

  // Quoted speech: mark the tokens inside quote spans.
  out->token_quoted.assign(out->tokens.size(), 0);
  std::vector<Quote> quotes;
  FindQuotes(out->norm, &quotes);
  {
    size_t t = 0;
    for (const Quote& q : quotes) {
      while (t < out->tokens.size() && out->tokens[t].end <= q.span.begin) ++t;
      for (size_t k = t; k < out->tokens.size() && out->tokens[k].begin < q.span.end; ++k) {
        out->token_quoted[k] = 1;
      }
    }
  }

  std::vector<Span> spans;
  SplitSentences(doc.text, out->norm, &spans);
  out->sentences.clear();
  out->content_tokens = 0;
  // Paragraph index of each sentence: count newlines passed.
  uint32_t paragraph = 0;
  size_t scan = 0, t = 0;
  for (const Span& s : spans) {
    while (scan < s.begin) {
      if (text[scan] == '\n') ++paragraph;
      ++scan;
    }
    while (t < out->tokens.size() && out->tokens[t].begin < s.begin) ++t;
    Sentence sentence;
    sentence.token_begin = static_cast<uint32_t>(t);
    while (t < out->tokens.size() && out->tokens[t].end <= s.end) ++t;
    sentence.token_end = static_cast<uint32_t>(t);
    if (sentence.token_end == sentence.token_begin) continue;
    sentence.paragraph = paragraph;
    sentence.quoted = 0;
    for (uint32_t k = sentence.token_begin; k < sentence.token_end; ++k) {
      sentence.quoted += out->token_quoted[k];
      sentence.bag.push_back(static_cast<uint32_t>(out->tokens[k].hash));
    }
    std::sort(sentence.bag.begin(), sentence.bag.end());
    // The paragraph around this sentence decides boilerplate.
    size_t pb = s.begin, pe = s.end;
    while (pb > 0 && text[pb - 1] != '\n') --pb;
    while (pe < text.size() && text[pe] != '\n') ++pe;
    uint32_t paragraph_tokens = 0;
    for (size_t k = sentence.token_begin; k > 0 && out->tokens[k - 1].begin >= pb; --k) {
      ++paragraph_tokens;
    }
    for (size_t k = sentence.token_begin; k < out->tokens.size() && out->tokens[k].end <= pe; ++k) {
      ++paragraph_tokens;
    }
    sentence.boilerplate =
        IsBoilerplateParagraph(std::string_view(text).substr(pb, pe - pb), paragraph_tokens);
    if (!sentence.boilerplate) out->content_tokens += sentence.size();
    out->sentences.push_back(std::move(sentence));
  }
}

}  // namespace unspun
