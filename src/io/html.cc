// HTML news pages -> Document: title, body paragraphs and metadata.
//
// No HTML library: a forgiving tokenizer and one streaming pass over the tokens with a stack of
// open elements. The pass records every paragraph together with the innermost "content
// container" around it (<article>, <main>, an element whose class says article body, story or
// content); after the pass the best container is chosen and only its paragraphs are kept. That
// is the usual content-extraction heuristic (compare Mozilla's Readability), cut down to what
// news pages need, and it keeps memory proportional to the text, not to the number of tags.
//
// Robustness: every scan moves forward; a construct that never ends (a tag without '>', an
// unterminated comment, quote or <script>) ends the parse instead of being rescanned, so any
// input costs linear time. The stack is capped and end tags are matched through per-tag open
// counts, so deep or garbage nesting cannot make it quadratic either.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/reader_internal.h"
#include "unspun/reader.h"

namespace unspun {
namespace {

// ---------------------------------------------------------------------------------------------
// Characters and entities.

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool IsAlphaAscii(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnumAscii(char c) { return IsAlphaAscii(c) || (c >= '0' && c <= '9'); }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Named character references that news pages actually use; the full HTML5 table has 2,231
// entries, most of them mathematical symbols no article contains.
const std::unordered_map<std::string_view, char32_t>& NamedEntities() {
  static const auto* const kTable = new std::unordered_map<std::string_view, char32_t>{
      {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},     {"rsquo", 0x2019},  {"lsquo", 0x2018},
      {"rdquo", 0x201D},  {"ldquo", 0x201C},  {"sbquo", 0x201A},  {"bdquo", 0x201E},
      {"mdash", 0x2014},  {"ndash", 0x2013},  {"hellip", 0x2026}, {"minus", 0x2212},
      {"laquo", 0xAB},    {"raquo", 0xBB},    {"lsaquo", 0x2039}, {"rsaquo", 0x203A},
      {"prime", 0x2032},  {"Prime", 0x2033},  {"bull", 0x2022},   {"middot", 0xB7},
      {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},  {"deg", 0xB0},
      {"euro", 0x20AC},   {"pound", 0xA3},    {"yen", 0xA5},      {"cent", 0xA2},
      {"sect", 0xA7},     {"para", 0xB6},     {"times", 0xD7},    {"divide", 0xF7},
      {"plusmn", 0xB1},   {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},
      {"sup1", 0xB9},     {"sup2", 0xB2},     {"sup3", 0xB3},     {"micro", 0xB5},
      {"permil", 0x2030}, {"dagger", 0x2020}, {"Dagger", 0x2021}, {"shy", 0xAD},
      {"zwj", 0x200D},    {"zwnj", 0x200C},   {"lrm", 0x200E},    {"rlm", 0x200F},
      {"thinsp", 0x2009}, {"ensp", 0x2002},   {"emsp", 0x2003},   {"iexcl", 0xA1},
      {"iquest", 0xBF},   {"ordf", 0xAA},     {"ordm", 0xBA},     {"not", 0xAC},
      {"larr", 0x2190},   {"rarr", 0x2192},   {"uarr", 0x2191},   {"darr", 0x2193},
      {"aacute", 0xE1},   {"Aacute", 0xC1},   {"agrave", 0xE0},   {"Agrave", 0xC0},
      {"acirc", 0xE2},    {"Acirc", 0xC2},    {"auml", 0xE4},     {"Auml", 0xC4},
      {"atilde", 0xE3},   {"Atilde", 0xC3},   {"aring", 0xE5},    {"Aring", 0xC5},
      {"aelig", 0xE6},    {"AElig", 0xC6},    {"ccedil", 0xE7},   {"Ccedil", 0xC7},
      {"eacute", 0xE9},   {"Eacute", 0xC9},   {"egrave", 0xE8},   {"Egrave", 0xC8},
      {"ecirc", 0xEA},    {"Ecirc", 0xCA},    {"euml", 0xEB},     {"Euml", 0xCB},
      {"iacute", 0xED},   {"Iacute", 0xCD},   {"igrave", 0xEC},   {"Igrave", 0xCC},
      {"icirc", 0xEE},    {"Icirc", 0xCE},    {"iuml", 0xEF},     {"Iuml", 0xCF},
      {"ntilde", 0xF1},   {"Ntilde", 0xD1},   {"oacute", 0xF3},   {"Oacute", 0xD3},
      {"ograve", 0xF2},   {"Ograve", 0xD2},   {"ocirc", 0xF4},    {"Ocirc", 0xD4},
      {"ouml", 0xF6},     {"Ouml", 0xD6},     {"otilde", 0xF5},   {"Otilde", 0xD5},
      {"oslash", 0xF8},   {"Oslash", 0xD8},   {"uacute", 0xFA},   {"Uacute", 0xDA},
      {"ugrave", 0xF9},   {"Ugrave", 0xD9},   {"ucirc", 0xFB},    {"Ucirc", 0xDB},
      {"uuml", 0xFC},     {"Uuml", 0xDC},     {"yacute", 0xFD},   {"Yacute", 0xDD},
      {"yuml", 0xFF},     {"szlig", 0xDF},    {"eth", 0xF0},      {"thorn", 0xFE},
      {"scaron", 0x161},  {"Scaron", 0x160},  {"zcaron", 0x17E},  {"Zcaron", 0x17D},
      {"oelig", 0x153},   {"OElig", 0x152},   {"fnof", 0x192},    {"circ", 0x2C6},
      {"tilde", 0x2DC},   {"acute", 0xB4},    {"uml", 0xA8},      {"cedil", 0xB8},
      {"macr", 0xAF},     {"brvbar", 0xA6},   {"curren", 0xA4},   {"hearts", 0x2665},
      {"check", 0x2713},  {"star", 0x2606},   {"starf", 0x2605},  {"quest", '?'},
      {"excl", '!'},      {"num", '#'},       {"dollar", '$'},    {"percnt", '%'},
      {"lpar", '('},      {"rpar", ')'},      {"ast", '*'},       {"plus", '+'},
      {"comma", ','},     {"period", '.'},    {"sol", '/'},       {"colon", ':'},
      {"semi", ';'},      {"equals", '='},    {"commat", '@'},    {"lsqb", '['},
      {"rsqb", ']'},      {"lowbar", '_'},    {"grave", '`'},     {"lcub", '{'},
      {"rcub", '}'},      {"verbar", '|'},    {"Tab", '\t'},      {"NewLine", '\n'},
      {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},   {"delta", 0x3B4},
      {"pi", 0x3C0},      {"mu", 0x3BC},      {"Omega", 0x3A9},   {"infin", 0x221E},
      {"le", 0x2264},     {"ge", 0x2265},     {"ne", 0x2260},     {"asymp", 0x2248},
  };
  return *kTable;
}

// What Windows-1252 puts at 0x80..0x9F. Browsers decode "&#146;" as U+2019 because pages
// written on Windows used these code points; 0 marks the five unassigned ones.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Decodes the character reference at s[i] == '&'. Returns the bytes consumed (0 when this '&'
// starts no reference and is a literal ampersand) and appends the character to *out.
size_t DecodeEntity(std::string_view s, size_t i, std::string* out) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    const size_t digits_start = j;
    uint32_t cp = 0;
    while (j < s.size()) {
      const char c = s[j];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (hex && LowerAscii(c) >= 'a' && LowerAscii(c) <= 'f') {
        d = LowerAscii(c) - 'a' + 10;
      } else {
        break;
      }
      if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + d;  // Past that it is U+FFFD anyway.
      ++j;
    }
    if (j == digits_start) return 0;
    if (j < s.size() && s[j] == ';') ++j;
    if (cp >= 0x80 && cp <= 0x9F && kCp1252High[cp - 0x80] != 0) cp = kCp1252High[cp - 0x80];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    AppendUtf8(cp, out);
    return j - i;
  }
  constexpr size_t kLongestName = 10;
  while (j < s.size() && j - i <= kLongestName && IsAlnumAscii(s[j])) ++j;
  const std::string_view name = s.substr(i + 1, j - i - 1);
  if (name.empty()) return 0;
  const bool semicolon = j < s.size() && s[j] == ';';
  // Without the semicolon only the few references old pages wrote that way ("AT&amp T" never,
  // "&amp" and "&nbsp" often); anything else is a literal "&" followed by a word.
  if (!semicolon && name != "amp" && name != "lt" && name != "gt" && name != "quot" &&
      name != "nbsp" && name != "copy" && name != "reg") {
    return 0;
  }
  const auto& table = NamedEntities();
  const auto it = table.find(name);
  if (it == table.end()) return 0;
  AppendUtf8(it->second, out);
  return j - i + (semicolon ? 1 : 0);
}

// Appends text with character references decoded and runs of ASCII whitespace collapsed to one
// space. *pending_space carries a space across calls so that "a</b> <i>b" keeps its gap; no
// space is written while *out holds nothing past `start` (where the current piece began).
void AppendCollapsed(std::string_view s, size_t start, std::string* out, bool* pending_space) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (io::IsAsciiSpace(c)) {
      *pending_space = true;
      ++i;
      continue;
    }
    if (*pending_space && out->size() > start) out->push_back(' ');
    *pending_space = false;
    if (c == '&') {
      const size_t used = DecodeEntity(s, i, out);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    // Copy the run up to the next space or '&' in one go.
    size_t j = i + 1;
    while (j < s.size() && s[j] != '&' && !io::IsAsciiSpace(s[j])) ++j;
    out->append(s.substr(i, j - i));
    i = j;
  }
}

// Text of an attribute or a <title>: references decoded, whitespace collapsed and trimmed.
std::string CleanText(std::string_view s) {
  std::string out;
  bool pending = false;
  AppendCollapsed(s, 0, &out, &pending);
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && IEquals(s.substr(0, prefix.size()), prefix);
}

// True when s starts with the words of `prefix`, not merely its letters: "Subscribe now", not
// "Subscribers rose".
bool StartsWithWords(std::string_view s, std::string_view prefix) {
  return IStartsWith(s, prefix) && (s.size() == prefix.size() || !IsAlphaAscii(prefix.back()) ||
                                    !IsAlphaAscii(s[prefix.size()]));
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Elements.

// How the extractor treats an element.
enum TagFlag : uint16_t {
  kVoid = 1 << 0,       // Has no content and no end tag (<br>, <img>, <meta>).
  kRawText = 1 << 1,    // Content is text up to "</name", not markup (<script>, <title>).
  kHardDrop = 1 << 2,   // Page furniture: nothing inside is article text.
  kSoftDrop = 1 << 3,   // <header>: furniture, but the headline <h1> often sits in it.
  kBlock = 1 << 4,      // Ends an open <p> and any run of loose text.
  kParagraph = 1 << 5,  // Its text is one paragraph of the body (<p>, <li>, <h2>, <h3>).
};

// Tags the extractor knows, in the order of kTagSpecs. Other names are interned after these.
enum KnownTag : int {
  kTagUnknown,
  kTagHtml,
  kTagHead,
  kTagBody,
  kTagTitle,
  kTagMeta,
  kTagLink,
  kTagBr,
  kTagHr,
  kTagImg,
  kTagInput,
  kTagWbr,
  kTagArea,
  kTagBase,
  kTagCol,
  kTagEmbed,
  kTagParam,
  kTagSource,
  kTagTrack,
  kTagScript,
  kTagStyle,
  kTagNoscript,
  kTagTextarea,
  kTagXmp,
  kTagIframe,
  kTagNoembed,
  kTagNoframes,
  kTagTemplate,
  kTagNav,
  kTagHeader,
  kTagFooter,
  kTagAside,
  kTagForm,
  kTagButton,
  kTagSvg,
  kTagMath,
  kTagFigcaption,
  kTagSelect,
  kTagCanvas,
  kTagVideo,
  kTagAudio,
  kTagObject,
  kTagDialog,
  kTagP,
  kTagLi,
  kTagH1,
  kTagH2,
  kTagH3,
  kTagH4,
  kTagH5,
  kTagH6,
  kTagUl,
  kTagOl,
  kTagMenu,
  kTagDl,
  kTagDt,
  kTagDd,
  kTagDiv,
  kTagSection,
  kTagArticle,
  kTagMain,
  kTagBlockquote,
  kTagPre,
  kTagTable,
  kTagTr,
  kTagTd,
  kTagTh,
  kTagFigure,
  kTagAddress,
  kTagFieldset,
  kTagDetails,
  kTagSummary,
  kTagCenter,
  kTagTime,
  kNumKnownTags,
};

struct TagSpec {
  std::string_view name;
  uint16_t flags;
};

constexpr uint16_t kDrop = kHardDrop | kBlock;
constexpr std::array<TagSpec, kNumKnownTags> kTagSpecs = {{
    {"", 0},
    {"html", 0},
    {"head", 0},
    {"body", 0},
    {"title", kRawText},
    {"meta", kVoid},
    {"link", kVoid},
    {"br", kVoid},
    {"hr", kVoid | kBlock},
    {"img", kVoid},
    {"input", kVoid},
    {"wbr", kVoid},
    {"area", kVoid},
    {"base", kVoid},
    {"col", kVoid},
    {"embed", kVoid},
    {"param", kVoid},
    {"source", kVoid},
    {"track", kVoid},
    {"script", kRawText},
    {"style", kRawText},
    {"noscript", kRawText},  // As a browser with scripting on sees it: text, never markup.
    {"textarea", kRawText},
    {"xmp", kRawText},
    {"iframe", kRawText},
    {"noembed", kRawText},
    {"noframes", kRawText},
    {"template", kHardDrop},
    {"nav", kDrop},
    {"header", kSoftDrop | kBlock},
    {"footer", kDrop},
    {"aside", kDrop},
    {"form", kDrop},
    {"button", kHardDrop},
    {"svg", kHardDrop},
    {"math", kHardDrop},
    {"figcaption", kDrop},
    {"select", kHardDrop},
    {"canvas", kHardDrop},
    {"video", kHardDrop},
    {"audio", kHardDrop},
    {"object", kHardDrop},
    {"dialog", kDrop},
    {"p", kBlock | kParagraph},
    {"li", kBlock | kParagraph},
    {"h1", kBlock},
    {"h2", kBlock | kParagraph},
    {"h3", kBlock | kParagraph},
    {"h4", kBlock},
    {"h5", kBlock},
    {"h6", kBlock},
    {"ul", kBlock},
    {"ol", kBlock},
    {"menu", kDrop},
    {"dl", kBlock},
    {"dt", kBlock},
    {"dd", kBlock},
    {"div", kBlock},
    {"section", kBlock},
    {"article", kBlock},
    {"main", kBlock},
    {"blockquote", kBlock},
    {"pre", kBlock},
    {"table", kBlock},
    {"tr", kBlock},
    {"td", kBlock},
    {"th", kBlock},
    {"figure", kBlock},
    {"address", kBlock},
    {"fieldset", kBlock},
    {"details", kBlock},
    {"summary", kBlock},
    {"center", kBlock},
    {"time", 0},
}};

bool IsHeading(int tag) { return tag >= kTagH1 && tag <= kTagH6; }

// Kinds of content container, in order of preference: the element that holds just the story
// beats the <article> around it, which beats <main>, which beats a vague "content" wrapper.
enum ContainerKind : uint8_t {
  kGenericContainer,  // class/id mentions "story" or "content".
  kMainContainer,     // <main> or role="main".
  kArticleContainer,  // <article> or role="article".
  kBodyContainer,     // class/id "article-body", "story-body", ...; itemprop="articleBody".
};

// What a collected paragraph came from.
enum ParagraphKind : uint8_t {
  kLoose,    // Text outside any paragraph element (pages that separate paragraphs with <br>).
  kPara,     // <p>.
  kItem,     // <li>.
  kHeading,  // <h2>, <h3>.
};

struct Attribute {
  std::string_view name;
  std::string_view value;  // Raw: references not yet decoded.
};

std::string_view FindAttr(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const Attribute& a : attrs) {
    if (IEquals(a.name, name)) return a.value;
  }
  return {};
}

bool HasAttr(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const Attribute& a : attrs) {
    if (IEquals(a.name, name)) return true;
  }
  return false;
}

// The class and id of an element as lower-case words split at anything not a letter or digit
// ("article__body relatedStories" -> article, body, relatedstories), plus the whole attribute
// with separators removed ("articlebody relatedstories") for multi-word patterns. Class names
// that state a modifier ("has-sidebar", "no-comments", "is-sticky") describe the element, not
// what it is, and give no words: a page wrapper with "has-sidebar" is not a sidebar.
struct ElementNames {
  std::vector<std::string> words;
  std::string squashed;
};

ElementNames NamesOf(const std::vector<Attribute>& attrs) {
  static constexpr std::array<std::string_view, 6> kModifiers = {"has", "with", "no",
                                                                 "is",  "js",   "without"};
  ElementNames names;
  for (const std::string_view attr : {FindAttr(attrs, "class"), FindAttr(attrs, "id")}) {
    size_t i = 0;
    while (i < attr.size()) {
      while (i < attr.size() && io::IsAsciiSpace(attr[i])) ++i;
      size_t end = i;
      while (end < attr.size() && !io::IsAsciiSpace(attr[end])) ++end;
      const std::string_view name = attr.substr(i, end - i);
      i = end;
      if (name.empty()) continue;
      std::vector<std::string> words(1);
      for (const char c : name) {
        if (IsAlnumAscii(c)) {
          words.back().push_back(LowerAscii(c));
          names.squashed.push_back(LowerAscii(c));
        } else if (!words.back().empty()) {
          words.emplace_back();
        }
      }
      names.squashed.push_back(' ');
      if (words.back().empty()) words.pop_back();
      if (words.size() > 1 &&
          std::find(kModifiers.begin(), kModifiers.end(), words[0]) != kModifiers.end()) {
        continue;
      }
      for (std::string& w : words) names.words.push_back(std::move(w));
    }
  }
  return names;
}

// True when class/id name page furniture: share bars, related links, newsletter boxes, ads.
bool NamesFurniture(const ElementNames& names) {
  static constexpr std::array<std::string_view, 20> kInside = {
      "share",  "sharing",    "social",   "related", "newsletter", "comment",   "advert",
      "promo",  "breadcrumb", "footer",   "menu",    "sidebar",    "subscribe", "signup",
      "cookie", "popup",      "outbrain", "taboola", "recommend",  "paywall"};
  static constexpr std::array<std::string_view, 12> kExact = {
      "ad",   "ads",    "adslot", "adunit",  "dfp",    "byline",
      "tags", "topics", "meta",   "caption", "credit", "toolbar"};
  for (const std::string& w : names.words) {
    if (w == "commentary") continue;  // An opinion column, not reader comments.
    for (const std::string_view k : kInside) {
      if (w.find(k) != std::string::npos) return true;
    }
    for (const std::string_view k : kExact) {
      if (w == k) return true;
    }
    // "nav", "navbar", "mainnav", but not "canvas" or "unavailable".
    if (w.size() >= 3 && (w.compare(0, 3, "nav") == 0 || w.compare(w.size() - 3, 3, "nav") == 0)) {
      return true;
    }
  }
  // Link lists written as several words: "also-read", "more_stories", "mostPopular".
  static constexpr std::array<std::string_view, 7> kPhrases = {
      "alsoread", "readmore", "morestories", "mostread", "mostpopular", "trending", "recirc"};
  for (const std::string_view k : kPhrases) {
    if (names.squashed.find(k) != std::string::npos) return true;
  }
  return false;
}

int ContainerFromNames(const ElementNames& names) {
  static constexpr std::array<std::string_view, 12> kBody = {
      "articlebody", "articlecontent", "articletext",  "storybody", "storycontent", "storytext",
      "postcontent", "postbody",       "entrycontent", "bodytext",  "articlemain",  "newsbody"};
  for (const std::string_view k : kBody) {
    if (names.squashed.find(k) != std::string::npos) return kBodyContainer;
  }
  if (names.squashed.find("story") != std::string::npos ||
      names.squashed.find("content") != std::string::npos) {
    return kGenericContainer;
  }
  return -1;
}

// Paragraphs that are site chrome even inside the article: "Also Read: ..." links, share-button
// labels, advertisement markers.
bool IsBoilerplateParagraph(std::string_view p) {
  static constexpr std::array<std::string_view, 6> kAlways = {
      "also read", "read also", "read more:", "related:", "see also:", "recommended:"};
  for (const std::string_view k : kAlways) {
    if (StartsWithWords(p, k)) return true;
  }
  // Shorter markers only when the paragraph is short: "Read more about the summit's outcome and
  // what it means" is a link line, a 60-word paragraph starting "Subscribe" is not.
  constexpr size_t kShort = 160;
  if (p.size() <= kShort) {
    static constexpr std::array<std::string_view, 16> kShortPrefixes = {
        "read more",  "related stories", "related articles", "related news",
        "more from",  "sign up",         "subscribe",        "follow us",
        "click here", "share this",      "share on",         "download the",
        "copyright",  "\xC2\xA9",        "advertisement",    "all rights reserved"};
    for (const std::string_view k : kShortPrefixes) {
      if (StartsWithWords(p, k)) return true;
    }
  }
  // Only share words: "Facebook Twitter WhatsApp Email", "Share: Facebook | X | Copy link".
  if (p.size() <= kShort) {
    static constexpr std::array<std::string_view, 24> kShareWords = {
        "facebook",  "twitter",   "whatsapp", "email",   "e",     "mail", "linkedin", "reddit",
        "telegram",  "pinterest", "print",    "share",   "x",     "copy", "link",     "tweet",
        "messenger", "sms",       "this",     "article", "story", "on",   "via",      "flipboard"};
    static constexpr std::array<std::string_view, 9> kPlatforms = {
        "facebook", "twitter",  "whatsapp",  "email", "linkedin",
        "reddit",   "telegram", "pinterest", "share"};
    bool any_platform = false;
    size_t i = 0;
    while (i < p.size()) {
      if (!IsAlphaAscii(p[i])) {
        // Letters outside ASCII mean real words in another script.
        if (static_cast<unsigned char>(p[i]) >= 0x80 && p.substr(i, 2) != "\xC2\xA0") {
          return false;
        }
        ++i;
        continue;
      }
      size_t j = i;
      while (j < p.size() && IsAlphaAscii(p[j])) ++j;
      const std::string word = LowerCopy(p.substr(i, j - i));
      if (std::find(kShareWords.begin(), kShareWords.end(), word) == kShareWords.end()) {
        return false;
      }
      any_platform |= std::find(kPlatforms.begin(), kPlatforms.end(), word) != kPlatforms.end();
      i = j;
    }
    if (any_platform) return true;
  }
  return false;
}

// "Headline | Site" -> "Headline": the suffix goes when what is left still reads as a headline.
std::string StripSiteSuffix(std::string title) {
  static constexpr std::array<std::string_view, 6> kSeparators = {
      " | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xB7 "};
  constexpr size_t kMinHeadline = 20;  // Code points; "Biden - Putin" is a headline, not a site.
  for (int round = 0; round < 2; ++round) {
    size_t best = std::string::npos, best_len = 0;
    for (const std::string_view sep : kSeparators) {
      const size_t pos = title.rfind(sep);
      if (pos != std::string::npos && (best == std::string::npos || pos > best)) {
        best = pos;
        best_len = sep.size();
      }
    }
    if (best == std::string::npos) break;
    const std::string_view rest = std::string_view(title).substr(0, best);
    const std::string_view suffix = std::string_view(title).substr(best + best_len);
    if (CodePoints(rest) < kMinHeadline || CodePoints(suffix) >= CodePoints(rest)) break;
    title.resize(best);
  }
  return title;
}

// "https://www.example.com/a/b" -> "example.com".
std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  url.remove_prefix(scheme + 3);
  const size_t end = url.find_first_of("/?#:");
  std::string host = LowerCopy(url.substr(0, end));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

// ---------------------------------------------------------------------------------------------
// The extractor.

class HtmlExtractor {
 public:
  // `use_class_drops`: whether class and id names can mark furniture (see ParseHtml).
  HtmlExtractor(std::string_view html, bool use_class_drops)
      : s_(html), use_class_drops_(use_class_drops) {
    for (int id = 1; id < kNumKnownTags; ++id) tag_ids_.emplace(kTagSpecs[id].name, id);
    open_count_.assign(kNumKnownTags, 0);
    attrs_.reserve(16);
  }

  void Run(Document* doc);

 private:
  // One open element and what it passes on to its content.
  struct Open {
    int tag = kTagUnknown;
    int container = -1;          // Innermost content container, index into containers_.
    uint8_t paragraph = kLoose;  // Kind of the innermost paragraph element around the text.
    bool hard_drop = false;      // Inside furniture.
    bool soft_drop = false;      // Inside a <header>.
    bool in_h1 = false;          // Inside an <h1>.
    bool in_article = false;     // Inside <article>, <main> or an article-body element.
    bool foreign = false;        // Inside <svg> or <math>, whose <title> is not the page's.
  };
  struct Container {
    int parent;
    uint8_t kind;
    uint64_t para_bytes = 0;  // Bytes of <p> text inside, descendants included after Run.
  };
  struct Paragraph {
    size_t begin, end;  // In arena_.
    int container;
    uint8_t kind;
  };

  // Every scan below returns npos when its construct does not end before the input does; the
  // caller then stops parsing (see the file comment).
  size_t ParseStartTag(size_t lt);
  size_t SkipRawText(size_t from, int tag);
  void StartTag(int tag, bool self_closing);
  void EndTag(int tag);
  void Text(std::string_view text);
  void Push(int tag);
  void PopTo(size_t depth);
  void CloseImplied(int tag, std::initializer_list<int> boundaries);
  void Flush();
  void Meta();
  void NoteDate(std::string_view value, int priority);
  std::string Body() const;

  int Intern(std::string_view name, bool add);
  const Open& Top() const { return stack_.empty() ? root_ : stack_.back(); }

  std::string_view s_;
  bool use_class_drops_;
  std::unordered_map<std::string, int> tag_ids_;
  std::vector<int> open_count_;
  std::vector<Attribute> attrs_;  // Of the start tag being handled.
  std::vector<Open> stack_;
  Open root_;

  std::vector<Container> containers_;
  std::vector<Paragraph> paragraphs_;
  std::string arena_;  // Text of all paragraphs, back to back.

  // The paragraph being collected.
  bool collecting_ = false;
  Paragraph current_{};
  bool pending_space_ = false;
  int breaks_ = 0;  // <br>s in a row inside loose text; two end a paragraph.

  // The headline.
  bool in_h1_capture_ = false;
  bool h1_capture_in_article_ = false;
  bool h1_pending_space_ = false;
  std::string h1_text_;
  std::string first_h1_, article_h1_;

  std::string title_tag_, og_title_, site_name_, publisher_, og_url_, canonical_;
  std::string published_;
  int published_priority_ = 99;  // Lower wins; see NoteDate's callers.
};

// Caps that bound memory and time on hostile input; real pages come nowhere near them.
constexpr size_t kMaxDepth = 512;
constexpr size_t kMaxContainers = 1 << 16;
constexpr size_t kMaxParagraphs = 1 << 20;
constexpr size_t kMaxInternedTags = 4096;
constexpr size_t kMaxAttributes = 64;
// Implied end tags are looked for this far down the stack only: enough for any real nesting,
// and it keeps garbage like 10^6 <li>s under 500 <span>s linear.
constexpr size_t kImpliedScan = 32;

int HtmlExtractor::Intern(std::string_view name, bool add) {
  constexpr size_t kLongestTagName = 40;  // Custom elements can be long; garbage can be longer.
  if (name.size() > kLongestTagName) return kTagUnknown;
  std::string lower = LowerCopy(name);
  const auto it = tag_ids_.find(lower);
  if (it != tag_ids_.end()) return it->second;
  if (!add || open_count_.size() >= kNumKnownTags + kMaxInternedTags) return kTagUnknown;
  const int id = static_cast<int>(open_count_.size());
  open_count_.push_back(0);
  tag_ids_.emplace(std::move(lower), id);
  return id;
}

void HtmlExtractor::Run(Document* doc) {
  const size_t n = s_.size();
  size_t pos = 0;
  if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < n) {
    const size_t lt = s_.find('<', pos);
    if (lt == std::string_view::npos) {
      Text(s_.substr(pos));
      break;
    }
    if (lt > pos) Text(s_.substr(pos, lt - pos));
    pos = lt;
    if (lt + 1 >= n) {
      Text("<");
      break;
    }
    const char c = s_[lt + 1];
    size_t next;
    if (c == '!' && s_.compare(lt, 4, "<!--") == 0) {
      const size_t end = s_.find("-->", lt + 4);
      next = end == std::string_view::npos ? end : end + 3;
    } else if (c == '!' || c == '?' || (c == '/' && lt + 2 < n && !IsAlphaAscii(s_[lt + 2]))) {
      // Doctype, CDATA, processing instruction, "</ >": all bogus comments up to '>'.
      const size_t end = s_.find('>', lt + 2);
      next = end == std::string_view::npos ? end : end + 1;
    } else if (c == '/') {
      size_t i = lt + 2;
      while (i < n && !io::IsAsciiSpace(s_[i]) && s_[i] != '/' && s_[i] != '>') ++i;
      const int tag = Intern(s_.substr(lt + 2, i - lt - 2), false);
      const size_t end = s_.find('>', i);
      next = end == std::string_view::npos ? end : end + 1;
      if (next != std::string_view::npos) EndTag(tag);
    } else if (IsAlphaAscii(c)) {
      next = ParseStartTag(lt);
    } else {
      Text("<");  // "a < b", "<3": a literal '<'.
      next = lt + 1;
    }
    if (next == std::string_view::npos) break;
    pos = next;
  }
  PopTo(0);  // Unclosed elements end with the input: flushes the last paragraph and headline.
  Flush();

  // Choose the container (see the file comment) and collect its paragraphs.
  doc->text = Body();

  doc->title = std::string(io::TrimText(!article_h1_.empty()  ? article_h1_
                                        : !og_title_.empty()  ? og_title_
                                        : !title_tag_.empty() ? StripSiteSuffix(title_tag_)
                                                              : first_h1_));
  doc->url = !canonical_.empty() ? canonical_ : og_url_;
  doc->source = site_name_;
  // article:publisher is often the outlet's Facebook page; a URL there names no outlet.
  if (doc->source.empty() && publisher_.find("://") == std::string::npos) doc->source = publisher_;
  if (doc->source.empty()) doc->source = HostOf(doc->url);
  doc->published = published_;
}

size_t HtmlExtractor::ParseStartTag(size_t lt) {
  const size_t n = s_.size();
  size_t i = lt + 1;
  while (i < n && !io::IsAsciiSpace(s_[i]) && s_[i] != '/' && s_[i] != '>') ++i;
  const std::string_view name = s_.substr(lt + 1, i - lt - 1);
  attrs_.clear();
  bool self_closing = false;
  while (true) {
    while (i < n && (io::IsAsciiSpace(s_[i]) || s_[i] == '/')) ++i;
    if (i >= n) return std::string_view::npos;
    if (s_[i] == '>') {
      self_closing = s_[i - 1] == '/';
      ++i;
      break;
    }
    const size_t name_start = i++;  // The first character may be anything, even '='.
    while (i < n && !io::IsAsciiSpace(s_[i]) && s_[i] != '/' && s_[i] != '>' && s_[i] != '=') ++i;
    Attribute attr{s_.substr(name_start, i - name_start), {}};
    size_t j = i;
    while (j < n && io::IsAsciiSpace(s_[j])) ++j;
    if (j < n && s_[j] == '=') {
      i = j + 1;
      while (i < n && io::IsAsciiSpace(s_[i])) ++i;
      if (i >= n) return std::string_view::npos;
      if (s_[i] == '"' || s_[i] == '\'') {
        const size_t close = s_.find(s_[i], i + 1);
        if (close == std::string_view::npos) return close;
        attr.value = s_.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        const size_t start = i;
        while (i < n && !io::IsAsciiSpace(s_[i]) && s_[i] != '>') ++i;
        attr.value = s_.substr(start, i - start);
      }
    }
    if (attrs_.size() < kMaxAttributes) attrs_.push_back(attr);
  }
  const int tag = Intern(name, true);
  const uint16_t flags = tag < kNumKnownTags ? kTagSpecs[tag].flags : 0;
  if (flags & kRawText) return SkipRawText(i, tag);
  StartTag(tag, self_closing);
  return i;
}

size_t HtmlExtractor::SkipRawText(size_t from, int tag) {
  const std::string_view name = kTagSpecs[tag].name;
  size_t pos = from;
  while (true) {
    const size_t lt = s_.find("</", pos);
    if (lt == std::string_view::npos) return lt;
    const size_t after = lt + 2 + name.size();
    if (after <= s_.size() && IEquals(s_.substr(lt + 2, name.size()), name) &&
        (after == s_.size() || io::IsAsciiSpace(s_[after]) || s_[after] == '/' ||
         s_[after] == '>')) {
      if (tag == kTagTitle && title_tag_.empty() && !Top().foreign) {
        title_tag_ = CleanText(s_.substr(from, lt - from));
      }
      const size_t gt = s_.find('>', after);
      return gt == std::string_view::npos ? gt : gt + 1;
    }
    pos = lt + 2;
  }
}

void HtmlExtractor::StartTag(int tag, bool self_closing) {
  const uint16_t flags = tag < kNumKnownTags ? kTagSpecs[tag].flags : 0;
  if (tag == kTagMeta) {
    Meta();
    return;
  }
  if (tag == kTagLink) {
    // rel is a list of tokens: rel="canonical" or rel="alternate canonical".
    std::string rel = " ";
    rel += LowerCopy(FindAttr(attrs_, "rel"));
    rel += ' ';
    if (canonical_.empty() && rel.find(" canonical ") != std::string::npos) {
      canonical_ = CleanText(FindAttr(attrs_, "href"));
    }
    return;
  }
  if (tag == kTagBr) {
    if (collecting_) {
      pending_space_ = true;
      if (current_.kind == kLoose && ++breaks_ >= 2) Flush();
    }
    return;
  }
  // Dates: <time datetime>, and schema.org markup on any element.
  if (IEquals(FindAttr(attrs_, "itemprop"), "datePublished")) {
    const std::string_view v =
        HasAttr(attrs_, "content") ? FindAttr(attrs_, "content") : FindAttr(attrs_, "datetime");
    NoteDate(v, 1);
  }
  if (tag == kTagTime && !Top().hard_drop)
    NoteDate(FindAttr(attrs_, "datetime"), Top().in_article ? 2 : 3);

  if (flags & (kBlock | kParagraph)) {
    if (open_count_[kTagP] > 0) CloseImplied(kTagP, {kTagTable, kTagButton});
    if (tag == kTagLi) CloseImplied(kTagLi, {kTagUl, kTagOl, kTagMenu});
    if (tag == kTagDt || tag == kTagDd) {
      CloseImplied(kTagDt, {kTagDl});
      CloseImplied(kTagDd, {kTagDl});
    }
    if (IsHeading(tag) && !stack_.empty() && IsHeading(stack_.back().tag)) PopTo(stack_.size() - 1);
    Flush();
  }
  if (flags & kVoid) return;
  if (self_closing) return;  // "<div/>": treated as empty, which is what its author meant.
  Push(tag);
}

void HtmlExtractor::CloseImplied(int tag, std::initializer_list<int> boundaries) {
  if (open_count_[tag] == 0) return;
  const size_t limit = stack_.size() > kImpliedScan ? stack_.size() - kImpliedScan : 0;
  for (size_t d = stack_.size(); d > limit; --d) {
    const int t = stack_[d - 1].tag;
    if (t == tag) {
      PopTo(d - 1);
      return;
    }
    if (std::find(boundaries.begin(), boundaries.end(), t) != boundaries.end()) return;
  }
}

void HtmlExtractor::Push(int tag) {
  if (stack_.size() >= kMaxDepth) return;
  const uint16_t flags = tag < kNumKnownTags ? kTagSpecs[tag].flags : 0;
  Open e = Top();
  e.tag = tag;
  const bool structural = tag == kTagHtml || tag == kTagBody;
  if (tag == kTagHead || (flags & kHardDrop)) e.hard_drop = true;
  if (flags & kSoftDrop) e.soft_drop = true;
  if (tag == kTagSvg || tag == kTagMath) e.foreign = true;
  const std::string_view role = FindAttr(attrs_, "role");
  if (IEquals(role, "navigation") || IEquals(role, "complementary") ||
      IEquals(role, "contentinfo") || IEquals(role, "search") || IEquals(role, "menu") ||
      IEquals(role, "dialog") || HasAttr(attrs_, "hidden") ||
      IEquals(FindAttr(attrs_, "aria-hidden"), "true")) {
    e.hard_drop = true;
  }
  if (IEquals(role, "banner")) e.soft_drop = true;

  if (!e.hard_drop && !structural) {
    const ElementNames names = NamesOf(attrs_);
    int kind = IEquals(FindAttr(attrs_, "itemprop"), "articleBody") ? kBodyContainer
                                                                    : ContainerFromNames(names);
    // An element named as the story's body is never furniture, whatever else its class says;
    // <article> and <main> are containers by tag, and "story-footer" on them still is not a
    // footer.
    if (use_class_drops_ && kind != kBodyContainer && tag != kTagArticle && tag != kTagMain &&
        NamesFurniture(names)) {
      e.hard_drop = true;
      kind = -1;
    }
    if (!e.hard_drop && kind != kBodyContainer) {
      if (tag == kTagArticle || IEquals(role, "article")) kind = kArticleContainer;
      if (tag == kTagMain || IEquals(role, "main")) kind = kMainContainer;
    }
    if (kind >= 0 && containers_.size() < kMaxContainers) {
      containers_.push_back({e.container, static_cast<uint8_t>(kind)});
      e.container = static_cast<int>(containers_.size()) - 1;
      if (kind != kGenericContainer) e.in_article = true;
    }
  }
  if (flags & kParagraph) e.paragraph = tag == kTagP ? kPara : tag == kTagLi ? kItem : kHeading;
  if (tag == kTagH1) {
    e.in_h1 = true;
    if (!e.hard_drop) {
      in_h1_capture_ = true;
      h1_capture_in_article_ = e.in_article;
      h1_pending_space_ = false;
      h1_text_.clear();
    }
  }
  ++open_count_[tag];
  stack_.push_back(e);
}

void HtmlExtractor::EndTag(int tag) {
  if (tag == kTagBr) {  // "</br>" is a line break to browsers too.
    StartTag(kTagBr, false);
    return;
  }
  if (tag == kTagUnknown || open_count_[tag] == 0) {
    if (tag == kTagP) Flush();  // A stray "</p>" still ends loose text.
    return;
  }
  for (size_t d = stack_.size(); d > 0; --d) {
    if (stack_[d - 1].tag == tag) {
      PopTo(d - 1);
      return;
    }
  }
}

void HtmlExtractor::PopTo(size_t depth) {
  while (stack_.size() > depth) {
    const Open e = stack_.back();
    stack_.pop_back();
    --open_count_[e.tag];
    const uint16_t flags = e.tag < kNumKnownTags ? kTagSpecs[e.tag].flags : 0;
    if (flags & (kBlock | kParagraph)) Flush();
    if (e.tag == kTagH1 && in_h1_capture_) {
      in_h1_capture_ = false;
      if (first_h1_.empty()) first_h1_ = h1_text_;
      if (h1_capture_in_article_ && article_h1_.empty()) article_h1_ = h1_text_;
    }
  }
}

void HtmlExtractor::Text(std::string_view text) {
  const Open& top = Top();
  if (top.hard_drop) return;
  if (top.in_h1) {
    if (in_h1_capture_) AppendCollapsed(text, 0, &h1_text_, &h1_pending_space_);
    return;
  }
  if (top.soft_drop) return;
  if (!collecting_) {
    if (io::TrimAscii(text).empty()) return;
    if (paragraphs_.size() >= kMaxParagraphs) return;
    collecting_ = true;
    current_ = {arena_.size(), 0, top.container, top.paragraph};
    pending_space_ = false;
  }
  if (!io::TrimAscii(text).empty()) breaks_ = 0;
  AppendCollapsed(text, current_.begin, &arena_, &pending_space_);
}

void HtmlExtractor::Flush() {
  breaks_ = 0;
  if (!collecting_) return;
  collecting_ = false;
  // Trim no-break spaces too: "&nbsp;" padding around a paragraph is layout, not text.
  std::string_view p = std::string_view(arena_).substr(current_.begin);
  while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
  while (p.substr(0, 2) == "\xC2\xA0") p.remove_prefix(2);
  while (true) {
    if (!p.empty() && p.back() == ' ') {
      p.remove_suffix(1);
    } else if (p.size() >= 2 && p.substr(p.size() - 2) == "\xC2\xA0") {
      p.remove_suffix(2);
    } else {
      break;
    }
  }
  if (io::IsBlankText(p) || IsBoilerplateParagraph(p)) {
    arena_.resize(current_.begin);
    return;
  }
  current_.begin = p.data() - arena_.data();
  current_.end = current_.begin + p.size();
  arena_.resize(current_.end);
  paragraphs_.push_back(current_);
}

void HtmlExtractor::Meta() {
  std::string_view key = FindAttr(attrs_, "property");
  if (key.empty()) key = FindAttr(attrs_, "name");
  if (key.empty()) key = FindAttr(attrs_, "itemprop");
  if (key.empty()) return;
  const std::string k = LowerCopy(key);
  const std::string_view content = FindAttr(attrs_, "content");
  const auto set_once = [&](std::string* field) {
    if (field->empty()) *field = CleanText(content);
  };
  if (k == "og:site_name") {
    set_once(&site_name_);
  } else if (k == "article:publisher") {
    set_once(&publisher_);
  } else if (k == "og:title") {
    set_once(&og_title_);
  } else if (k == "og:url") {
    set_once(&og_url_);
  } else if (k == "article:published_time" || k == "og:article:published_time") {
    NoteDate(content, 0);
  } else if (k == "datepublished" || k == "pubdate" || k == "publishdate" || k == "date" ||
             k == "dc.date" || k == "dc.date.issued" || k == "parsely-pub-date" ||
             k == "sailthru.date") {
    NoteDate(content, 1);
  }
}

// Priorities: 0 article:published_time, 1 other date metadata, 2 a <time> in the article,
// 3 any other <time>.
void HtmlExtractor::NoteDate(std::string_view value, int priority) {
  if (priority >= published_priority_ || value.empty()) return;
  std::string date = io::NormalizeDate(CleanText(value));
  if (date.empty()) return;
  published_ = std::move(date);
  published_priority_ = priority;
}

std::string HtmlExtractor::Body() const {
  // Containers are measured by their <p> text; a page without any <p> by its loose text.
  const bool have_p = std::any_of(paragraphs_.begin(), paragraphs_.end(),
                                  [](const Paragraph& p) { return p.kind == kPara; });
  const uint8_t measured = have_p ? kPara : kLoose;
  // Sum that text into each container and its ancestors (parents precede children).
  std::vector<uint64_t> bytes(containers_.size(), 0);
  uint64_t total = 0;
  for (const Paragraph& p : paragraphs_) {
    if (p.kind != measured) continue;
    total += p.end - p.begin;
    if (p.container >= 0) bytes[p.container] += p.end - p.begin;
  }
  for (size_t c = containers_.size(); c-- > 0;) {
    if (containers_[c].parent >= 0) bytes[containers_[c].parent] += bytes[c];
  }
  // The preferred container must hold a fair share of the page's text: a teaser <article> card
  // holding one sentence does not make the rest of the page disappear.
  int best = -1;
  for (size_t c = 0; c < containers_.size(); ++c) {
    if (bytes[c] == 0 || bytes[c] * 4 < total) continue;
    if (best < 0 || containers_[c].kind > containers_[best].kind ||
        (containers_[c].kind == containers_[best].kind && bytes[c] > bytes[best])) {
      best = static_cast<int>(c);
    }
  }
  std::vector<char> inside(containers_.size(), 0);
  for (size_t c = 0; c < containers_.size(); ++c) {
    inside[c] = static_cast<int>(c) == best ||
                (containers_[c].parent >= 0 && inside[containers_[c].parent]);
  }
  std::vector<const Paragraph*> chosen;
  for (const Paragraph& p : paragraphs_) {
    if (best >= 0 && (p.container < 0 || !inside[p.container])) continue;
    // List items only inside the article: elsewhere they are menus and link lists.
    if (p.kind == measured || p.kind == kHeading || (p.kind == kItem && best >= 0)) {
      chosen.push_back(&p);
    }
  }
  // A subhead with nothing after it heads a dropped block ("More on this story").
  while (!chosen.empty() && chosen.back()->kind == kHeading) chosen.pop_back();

  std::string text;
  for (const Paragraph* p : chosen) {
    if (!text.empty()) text += "\n\n";
    text.append(arena_, p->begin, p->end - p->begin);
  }
  return text;
}

}  // namespace

bool ParseHtml(std::string_view bytes, std::string_view name, Document* doc) {
  *doc = Document();
  doc->id = io::FileStem(name);
  doc->origin_file = std::string(name);
  HtmlExtractor(bytes, true).Run(doc);
  if (io::IsBlankText(doc->text)) {
    // Class names are a guess: a site whose whole page sits in <div class="layout-sidebar-right">
    // loses everything to them. A page with no text left is read again without the guess.
    HtmlExtractor(bytes, false).Run(doc);
  }
  return !io::IsBlankText(doc->text);
}

}  // namespace unspun
