#include "align/analysis.h"

#include <algorithm>

#include "text/furniture.h"
#include "text/quote_marks.h"
#include "unspun/text_analysis.h"

namespace unspun {
void AnalyzeTokens(const Document& doc, Analysis* out) {
  Normalize(doc.text, &out->norm);
  const std::string& text = out->norm.text;
  Tokenize(text, &out->tokens);
  const std::vector<Token>& tokens = out->tokens;
  out->token_quoted.clear();
  out->sentences.clear();
  out->content_tokens = 0;
  out->paragraphs.clear();
  // Lines of the matching form, each judged once as a whole.
  size_t t = 0;
  for (size_t pb = 0; pb < text.size();) {
    size_t pe = text.find('\n', pb);
    if (pe == std::string::npos) pe = text.size();
    const size_t first = t;
    while (t < tokens.size() && tokens[t].end <= pe) ++t;
    if (t > first) {
      const auto count = static_cast<uint32_t>(t - first);
      out->paragraphs.push_back(
          {static_cast<uint32_t>(first), static_cast<uint32_t>(t),
           IsFurnitureParagraph(std::string_view(text).substr(pb, pe - pb), count)});
    }
    pb = pe + 1;
  }
}

void Analyze(const Document& doc, Analysis* out) {
  // Sentences of earlier analyses on this thread, kept for their bags' memory: verification
  // analyzes articles by the million, a few dozen sentences each.
  thread_local std::vector<Sentence> pool;
  for (Sentence& s : out->sentences) pool.push_back(std::move(s));
  AnalyzeTokens(doc, out);
  const std::vector<Token>& tokens = out->tokens;

  // Quoted speech: mark the tokens inside quote spans.
  out->token_quoted.assign(tokens.size(), 0);
  // Quote marks are paired once, for the quotes and for the sentence splitter.
  thread_local std::vector<QuoteMarks> marks;
  PairQuoteMarks(out->norm, tokens, &marks);
  thread_local std::vector<Quote> quotes;
  FindQuotes(out->norm, tokens, marks, &quotes);
  {
    size_t t = 0;
    for (const Quote& q : quotes) {
      while (t < tokens.size() && tokens[t].end <= q.span.begin) ++t;
      for (size_t k = t; k < tokens.size() && tokens[k].begin < q.span.end; ++k) {
        out->token_quoted[k] = 1;
      }
    }
  }

  thread_local std::vector<Span> spans;
  SplitSentences(doc.text, out->norm, tokens, marks, &spans);
  // Sentences never cross a line break, so each lies inside one paragraph, whose verdict on
  // boilerplate it takes; `paragraph` counts lines, empty ones included.
  const std::string& text = out->norm.text;
  size_t t = 0, p = 0, scan = 0;
  uint32_t paragraph = 0;
  for (const Span& s : spans) {
    while (scan < s.begin) paragraph += text[scan++] == '\n';
    while (t < tokens.size() && tokens[t].begin < s.begin) ++t;
    Sentence sentence;
    if (!pool.empty()) {
      sentence = std::move(pool.back());
      pool.pop_back();
      sentence.bag.clear();
    }
    sentence.token_begin = static_cast<uint32_t>(t);
    while (t < tokens.size() && tokens[t].end <= s.end) ++t;
    sentence.token_end = static_cast<uint32_t>(t);
    if (sentence.token_end == sentence.token_begin) continue;
    while (out->paragraphs[p].token_end <= sentence.token_begin) ++p;
    sentence.paragraph = paragraph;
    sentence.boilerplate = out->paragraphs[p].boilerplate;
    sentence.quoted = 0;
    sentence.bag.reserve(sentence.size());
    for (uint32_t k = sentence.token_begin; k < sentence.token_end; ++k) {
      sentence.quoted += out->token_quoted[k];
      sentence.bag.push_back(static_cast<uint32_t>(tokens[k].hash));
    }
    std::sort(sentence.bag.begin(), sentence.bag.end());
    if (!sentence.boilerplate) out->content_tokens += sentence.size();
    out->sentences.push_back(std::move(sentence));
  }
}

}  // namespace unspun
