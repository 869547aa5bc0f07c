#include "unspun/inspect.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>

#include "align/analysis.h"
#include "text/spin.h"
#include "unspun/normalizer.h"

namespace unspun {
namespace {

struct Letter {
  char32_t c;
  uint32_t offset;
};

void DecodeAll(std::string_view s, std::vector<Letter>* out) {
  out->clear();
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  uint32_t k = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    out->push_back({static_cast<char32_t>(c), k++});
  }
}

bool IsLatinLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  UErrorCode status = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &status) == USCRIPT_LATIN;
}

// A letter that imitates an ASCII letter: a look-alike from another script (Cyrillic а, Greek ο),
// or a presentation form of a Latin letter that only compatibility folding makes ASCII:
// fullwidth (ｅ) and mathematical alphanumerics (𝐞, 𝔢). Accented letters and ligatures are
// ordinary text, not disguises.
bool IsDisguisedLetter(char32_t c) {
  if (c < 0x80 || !u_isalpha(c)) return false;
  if (IsAsciiLookalike(c)) return true;
  const int type = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);
  if (type != U_DT_WIDE && type != U_DT_FONT) return false;
  const std::string fold = FoldCodePoint(c);
  return fold.size() == 1 && static_cast<unsigned char>(fold[0]) < 0x80;
}

// Scans one field. A word (a run of letters, invisible characters inside it allowed) is
// disguised when it mixes Latin letters with look-alikes from another script, or when it is made
// only of look-alikes while the field's letters are mostly Latin (a lone Cyrillic "а").
void ScanField(std::string_view s, DisguisedChar::Field field, Inspection* out) {
  std::vector<Letter> cps;
  DecodeAll(s, &cps);
  size_t latin = 0, letters = 0;
  for (const Letter& l : cps) {
    if (u_isalpha(l.c)) {
      ++letters;
      latin += IsLatinLetter(l.c);
    }
  }
  const bool mostly_latin = letters > 0 && latin * 10 >= letters * 8;
  size_t i = 0;
  while (i < cps.size()) {
    const char32_t c = cps[i].c;
    if (IsInvisible(c) && c != '\n' && c != '\t' && c != '\r') {
      if (!(c == 0xFEFF && cps[i].offset == 0) && c >= 0x80) {
        out->invisible.push_back({field, cps[i].offset, c, ""});
      }
      ++i;
      continue;
    }
    if (!u_isalpha(c)) {
      ++i;
      continue;
    }
    size_t j = i;
    size_t word_latin = 0, word_lookalike = 0, word_other = 0;
    while (j < cps.size() && (u_isalpha(cps[j].c) || u_charType(cps[j].c) == U_NON_SPACING_MARK ||
                              (IsInvisible(cps[j].c) && cps[j].c >= 0x80))) {
      const char32_t x = cps[j].c;
      if (IsInvisible(x) && x >= 0x80) {
        out->invisible.push_back({field, cps[j].offset, x, ""});
      } else if (IsDisguisedLetter(x)) {
        ++word_lookalike;
      } else if (IsLatinLetter(x)) {
        ++word_latin;
      } else if (u_isalpha(x)) {
        ++word_other;
      }
      ++j;
    }
    const bool disguised =
        word_lookalike > 0 && word_other == 0 && (word_latin > 0 || mostly_latin);
    if (disguised) {
      ++out->homoglyph_words;
      for (size_t k = i; k < j; ++k) {
        if (IsDisguisedLetter(cps[k].c)) {
          out->homoglyphs.push_back({field, cps[k].offset, cps[k].c, FoldCodePoint(cps[k].c)});
        }
      }
    }
    i = j;
  }
}

// Each signal's score: how strongly it alone says "spun", calibrated on real news (BBC News,
// NewsWCL50, ECB+: hundreds of articles from many outlets, none spun) so that a real article
// almost never reaches 0.5 on one signal, and on spun copies of the dev set. The constants are
// round numbers, not fitted decimals: see docs/inspect.md.
double Saturate(double x) { return std::clamp(x, 0.0, 1.0); }

SpinSignal CaseSignal(const CaseDamage& c) {
  SpinSignal s;
  s.name = "case";
  // A "u.S." is a spinner's signature; one may be a typo, two are not.
  const double p_initialisms = c.mixed_initialisms >= 2 ? 0.95 : c.mixed_initialisms == 1 ? 0.4 : 0;
  // Names only ever written capitalized ("london", "tuesday"), written lowercase: a few may be a
  // style (a handle, a brand), most of them in lowercase is a text lowercased as a whole.
  const uint32_t names = c.lowercase_names + c.capitalized_names;
  const double name_share = names ? double(c.lowercase_names) / names : 0;
  const double p_names =
      c.distinct_lowercase_names >= 3
          ? Saturate((name_share - 0.3) / 0.4) * (c.distinct_lowercase_names >= 6 ? 0.95 : 0.7)
          : 0;
  // Sentences opening in lowercase.
  const double start_share = c.sentences ? double(c.lowercase_starts) / c.sentences : 0;
  const double p_starts = c.lowercase_starts >= 3 ? Saturate((start_share - 0.25) / 0.5) * 0.8 : 0;
  // No capital inside any sentence: news prose names people and places in nearly every
  // sentence (real articles: 1% or more of inner words capitalized; a lowercased text: none).
  const double caps_share = c.inner_words ? double(c.inner_capitalized) / c.inner_words : 1;
  const double p_caps =
      Saturate((double(c.inner_words) - 60) / 140) * Saturate((0.004 - caps_share) / 0.003) * 0.9;
  // The opposite damage, every word capitalized (Title Case or ALL CAPS prose): real articles
  // stay under 45% even in sports results full of names.
  const double p_title = Saturate((double(c.inner_words) - 60) / 140 + 0.5) *
                         Saturate((caps_share - 0.7) / 0.15) * 0.9;
  s.score = 1 - (1 - p_initialisms) * (1 - p_names) * (1 - p_starts) * (1 - p_caps) * (1 - p_title);
  s.value = std::max({p_initialisms, p_names, p_starts, p_caps, p_title});
  s.detail = std::to_string(c.mixed_initialisms) + " mixed-case initialisms; " +
             std::to_string(c.lowercase_names) + " of " + std::to_string(names) +
             " names in lowercase; " + std::to_string(c.lowercase_starts) + " of " +
             std::to_string(c.sentences) + " sentences open in lowercase; " +
             std::to_string(c.inner_capitalized) + " of " + std::to_string(c.inner_words) +
             " words inside sentences capitalized";
  s.marks.reserve(c.marks.size());
  for (const SpinMark& m : c.marks)
    s.marks.push_back({Field::kText, m.begin, m.end, m.what, m.note});
  return s;
}

SpinSignal RareSignal(const RareSynonyms& r) {
  SpinSignal s;
  s.name = "rare_synonyms";
  s.value = r.content_words ? r.weight / r.content_words : 0;
  // Weighted share (RareSynonyms::weight per content word). Real news (BBC, NewsWCL50, ECB+):
  // median 0, 99th percentile about 0.05. Spun copies with their case intact: median 0.045,
  // a quarter above 0.065. Alone it speaks only for texts of 150+ content words, reaching 0.5
  // near 0.06.
  const double confidence = Saturate((double(r.content_words) - 40) / 110);
  s.score = Saturate((s.value - 0.03) / 0.05) * 0.85 * confidence;
  s.detail = std::to_string(r.rare) + " of " + std::to_string(r.content_words) +
             " content words are uncommon with a common synonym (weighted " +
             std::to_string(static_cast<int>(r.weight)) + ")";
  for (const SpinMark& m : r.marks)
    s.marks.push_back({Field::kText, m.begin, m.end, m.what, m.note});
  return s;
}

// What kind of site furniture a boilerplate sentence (matching form) is, or null for one that is
// only short and unpunctuated (a subheading such as "Highlights" is the article's own).
const char* FurnitureKind(std::string_view words) {
  static constexpr std::string_view kLinkMarkers[] = {
      "also read",         "read more",   "read also",  "related",        "more from",
      "you may also like", "recommended", "click here", "watch the full", "tags"};
  static constexpr std::string_view kShare[] = {"facebook",  "twitter", "whatsapp", "linkedin",
                                                "pinterest", "reddit",  "share",    "email"};
  static constexpr std::string_view kSite[] = {"subscribe",
                                               "newsletter",
                                               "sign up",
                                               "advertisement",
                                               "sponsored",
                                               "copyright",
                                               "all rights reserved",
                                               "follow us",
                                               "cookie",
                                               "source:",
                                               "home | ",
                                               "http",
                                               "www."};
  for (std::string_view m : kLinkMarkers) {
    if (words.substr(0, m.size()) == m) return "link list";
  }
  for (std::string_view m : kShare) {
    if (words.find(m) != std::string_view::npos) return "share bar";
  }
  for (std::string_view m : kSite) {
    if (words.find(m) != std::string_view::npos) return "site line";
  }
  return nullptr;
}

}  // namespace

void CombineSpinSignals(Inspection* ins) {
  double keep = 1;
  for (const SpinSignal& s : ins->spun_signals) keep *= 1 - s.score;
  ins->spun_score = 1 - keep;
}

std::vector<std::string> Inspection::Flags() const {
  std::vector<std::string> flags;
  if (!homoglyphs.empty()) flags.push_back("homoglyphs");
  if (!invisible.empty()) flags.push_back("invisible");
  if (spun_score >= kSpunThreshold) flags.push_back("spun");
  // Site furniture alone is what most crawled pages carry; around a copy it is the copier's
  // wrapping, which is what the flag is for. The spans are reported either way.
  if (!boilerplate.empty() && !copy_of.empty()) flags.push_back("boilerplate");
  if (!copy_of.empty()) flags.push_back("copy_of");
  return flags;
}

Inspection FindDisguises(const Document& doc) {
  Inspection out;
  ScanField(doc.title, DisguisedChar::Field::kTitle, &out);
  ScanField(doc.text, DisguisedChar::Field::kText, &out);
  return out;
}

std::string LexiconWarning() {
  std::string warning;
  Lexicon::Default(&warning);
  return warning;
}

std::string LexiconCacheNote() {
  std::string note;
  Lexicon::Default(nullptr, &note);
  return note;
}

Inspection InspectDocument(const Document& doc) { return InspectInCorpus(doc, nullptr); }

Inspection InspectInCorpus(const Document& doc, const DocumentFrequencies* corpus) {
  Inspection out = FindDisguises(doc);
  const Lexicon& lexicon = Lexicon::Default(nullptr);
  thread_local Analysis a;
  Analyze(doc, &a);
  std::vector<Letter> letters;
  DecodeAll(doc.text, &letters);
  std::u32string cps;
  cps.reserve(letters.size());
  for (const Letter& l : letters) cps.push_back(l.c);
  // Boilerplate sentences are blanked out for the spin signals: site furniture is not the
  // spinner's text ("Share on Facebook" is capitalized by design, "source: ..." lines not).
  std::vector<uint32_t> starts;
  for (const Sentence& s : a.sentences) {
    if (s.size() == 0) continue;
    auto [b, e] = a.TokenSpan(s.token_begin, s.token_end);
    if (s.boilerplate) {
      const std::string_view words(a.norm.text.data() + a.tokens[s.token_begin].begin,
                                   a.tokens[s.token_end - 1].end - a.tokens[s.token_begin].begin);
      const char* why = FurnitureKind(words);
      if (why != nullptr) out.boilerplate.push_back({Field::kText, b, e, "", why});
      for (uint32_t k = b; k < e && k < cps.size(); ++k) cps[k] = ' ';
      continue;
    }
    starts.push_back(b);
  }
  if (!out.boilerplate.empty()) {
    // The text of each boilerplate span, for the reader: byte offset of each code point.
    std::vector<size_t> byte_at;
    byte_at.reserve(letters.size() + 1);
    for (size_t i = 0; i < doc.text.size(); ++i) {
      if ((static_cast<uint8_t>(doc.text[i]) & 0xC0) != 0x80) byte_at.push_back(i);
    }
    byte_at.resize(letters.size(), doc.text.size());
    byte_at.push_back(doc.text.size());
    for (Mark& m : out.boilerplate) {
      const size_t b = byte_at[std::min<size_t>(m.begin, letters.size())];
      const size_t e = byte_at[std::min<size_t>(m.end, letters.size())];
      m.what = doc.text.substr(b, e > b ? e - b : 0);
    }
  }
  out.spun_signals.push_back(CaseSignal(FindCaseDamage(cps, starts, lexicon)));
  out.spun_signals.push_back(RareSignal(FindRareSynonyms(cps, lexicon, corpus)));
  CombineSpinSignals(&out);
  return out;
}

}  // namespace unspun
