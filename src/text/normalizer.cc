#include "unspun/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <mutex>

#include "text/layout.h"

namespace unspun {
namespace {

// How the fast path treats each ASCII byte.
enum AsciiClass : uint8_t {
  kKeep = 0,  // Emitted as is.
  kLower,     // An uppercase letter, emitted lowercased.
  kSpace,     // Horizontal whitespace, collapsed.
  kNewline,   // A line break: "\n" (with the whitespace around it) where a paragraph ends.
  kDrop,      // A control character, dropped.
};

constexpr std::array<uint8_t, 128> MakeAsciiClasses() {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c >= 'A' && c <= 'Z') {
      t[c] = kLower;
    } else if (c == ' ' || c == '\t' || c == '\v') {
      t[c] = kSpace;
    } else if (c == '\n' || c == '\r' || c == '\f') {
      t[c] = kNewline;
    } else if (c < 0x20 || c == 0x7f) {
      t[c] = kDrop;
    } else {
      t[c] = kKeep;
    }
  }
  return t;
}
constexpr std::array<uint8_t, 128> kAsciiClasses = MakeAsciiClasses();

// For each byte: its matching form when it is printable ASCII (kKeep or kLower), else 0.
constexpr std::array<uint8_t, 256> MakeRunBytes() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 128; ++c) {
    if (kAsciiClasses[c] == kKeep) t[c] = static_cast<uint8_t>(c);
    if (kAsciiClasses[c] == kLower) t[c] = static_cast<uint8_t>(c + 32);
  }
  return t;
}
constexpr std::array<uint8_t, 256> kRunByte = MakeRunBytes();

void AppendUtf8(char32_t c, std::string* out) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
  if (!error) out->append(buf, n);
}

// Typographic punctuation that spinners and editors swap freely; unified before NFKC so that
// every apostrophe, quote and dash has one matching form.
char PunctuationFold(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x02BC:
    case 0x02B9:
    case 0x00B4:
    case 0x0060:
    case 0xFF07:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
    case 0x301D:
    case 0x301E:
    case 0xFF02:
      return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
    case 0x2E3A:
    case 0x2E3B:
      return '-';
    default:
      return 0;
  }
}

class Folder {
 public:
  Folder() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    spoof_ = uspoof_open(&status);
    if (U_FAILURE(status)) {
      nfkc_cf_ = nullptr;
      spoof_ = nullptr;
    }
  }
  ~Folder() {
    if (spoof_) uspoof_close(spoof_);
  }

  // The full per-code-point fold; slow (several ICU calls), so callers cache it.
  std::string Fold(char32_t c) const {
    std::string out;
    if (c < 0x80) {
      switch (kAsciiClasses[c]) {
        case kLower:
          out.push_back(static_cast<char>(c + 32));
          break;
        case kSpace:
          out.push_back(' ');
          break;
        case kNewline:
          out.push_back('\n');
          break;
        case kDrop:
          break;
        default:
          out.push_back(static_cast<char>(c));
      }
      return out;
    }
    if (c == 0x85 || c == 0x2028 || c == 0x2029) return "\n";
    if (u_isUWhiteSpace(c)) return " ";
    if (IsInvisible(c)) return out;
    if (char p = PunctuationFold(c)) return std::string(1, p);
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (nfkc_cf_ == nullptr) {
      AppendUtf8(c, &out);
      return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded =
        nfkc_cf_->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
    icu::UnicodeString decomposed = nfd_->normalize(folded, status);
    if (U_FAILURE(status)) decomposed = icu::UnicodeString(static_cast<UChar32>(c));
    for (int32_t i = 0; i < decomposed.length();) {
      UChar32 x = decomposed.char32At(i);
      i += U16_LENGTH(x);
      int8_t type = u_charType(x);
      if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) continue;
      if (x < 0x80) {
        out.push_back(static_cast<char>(x >= 'A' && x <= 'Z' ? x + 32 : x));
        continue;
      }
      if (char p = PunctuationFold(x)) {
        out.push_back(p);
        continue;
      }
      std::string skeleton = AsciiSkeleton(x);
      if (!skeleton.empty()) {
        out += skeleton;
      } else {
        AppendUtf8(x, &out);
      }
    }
    return out;
  }

  // The UTS #39 skeleton of a non-ASCII letter or digit when it is made only of ASCII letters and
  // digits (lowercased); empty otherwise.
  std::string AsciiSkeleton(UChar32 x) const {
    if (spoof_ == nullptr || !u_isalnum(x)) return "";
    std::string ascii = AsciiSkeletonOf(x);
    // Small letters shaped like small capitals (Cyrillic т, к, н, в) imitate their Latin capital:
    // "тhe" reads as "the". Their uppercase has a Latin skeleton when the small form has none.
    if (ascii.empty() && u_toupper(x) != x) ascii = AsciiSkeletonOf(u_toupper(x));
    return ascii;
  }

  std::string AsciiSkeletonOf(UChar32 x) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString skeleton;
    uspoof_getSkeletonUnicodeString(spoof_, 0, icu::UnicodeString(x), skeleton, &status);
    if (U_FAILURE(status) || skeleton.isEmpty()) return "";
    std::string ascii;
    for (int32_t i = 0; i < skeleton.length(); ++i) {
      UChar u = skeleton.charAt(i);
      if (u >= 0x80 ||
          !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))) {
        return "";
      }
      ascii.push_back(static_cast<char>(u >= 'A' && u <= 'Z' ? u + 32 : u));
    }
    return ascii;
  }

 private:
  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  USpoofChecker* spoof_ = nullptr;
};

const Folder& TheFolder() {
  static const Folder* folder = new Folder();
  return *folder;
}

// A lazily filled, process-wide cache of Fold() for non-ASCII code points, one page of 256 code
// points at a time. Pages are immutable once published, so lookups take no lock.
class FoldCache {
 public:
  struct Page {
    std::array<uint32_t, 257> offset;  // Folds of code point k are bytes[offset[k], offset[k+1]).
    std::string bytes;
  };

  std::string_view Lookup(char32_t c) {
    if (c > 0x10FFFF) c = 0xFFFD;
    const uint32_t p = c >> 8;
    const Page* page = pages_[p].load(std::memory_order_acquire);
    if (page == nullptr) page = Fill(p);
    const uint32_t k = c & 0xFF;
    return std::string_view(page->bytes)
        .substr(page->offset[k], page->offset[k + 1] - page->offset[k]);
  }

 private:
  const Page* Fill(uint32_t p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (const Page* page = pages_[p].load(std::memory_order_acquire)) return page;
    auto page = std::make_unique<Page>();
    const Folder& folder = TheFolder();
    for (uint32_t k = 0; k < 256; ++k) {
      page->offset[k] = static_cast<uint32_t>(page->bytes.size());
      page->bytes += folder.Fold((p << 8) | k);
    }
    page->offset[256] = static_cast<uint32_t>(page->bytes.size());
    const Page* raw = page.release();  // Lives for the whole process, like the ICU data.
    pages_[p].store(raw, std::memory_order_release);
    return raw;
  }

  std::mutex mu_;
  std::array<std::atomic<const Page*>, 0x1100> pages_{};
};

FoldCache& TheCache() {
  static FoldCache* cache = new FoldCache();
  return *cache;
}

}  // namespace

bool IsInvisible(char32_t c) {
  if (c < 0x80) return kAsciiClasses[c] == kDrop;
  if (c == 0x85) return false;  // NEL is a line break.
  int8_t type = u_charType(c);
  return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR ||
         u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

bool IsAsciiLookalike(char32_t c) {
  if (c < 0x80) return false;
  std::string_view f = TheCache().Lookup(c);
  if (f.empty() || !u_isalpha(c)) return false;
  // A letter whose fold is ASCII only through its confusable skeleton, not through NFKC or
  // accent stripping (é folds to e but looks like what it is).
  for (char ch : f) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) return false;
  icu::UnicodeString d = nfkd->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
  return U_SUCCESS(status) && d.length() > 0 && d.char32At(0) >= 0x80 &&
         u_getIntPropertyValue(c, UCHAR_SCRIPT) != USCRIPT_LATIN;
}

std::string FoldCodePoint(char32_t c) { return TheFolder().Fold(c); }

namespace {

// The output buffers of Normalize, written through raw pointers: the ASCII fast path emits one
// byte and two offsets per input byte, and push_back's bookkeeping would cost more than that.
class Writer {
 public:
  // Reuses the buffers' existing size: shrinking them at the end and growing them back on the
  // next call would zero-fill every byte again.
  explicit Writer(NormalizedText* out, size_t expected) : out_(out) {
    Grow(std::max(out->text.size(), expected + 16));
  }
  ~Writer() {
    // Shrinking keeps the allocation; the next call's Grow() finds it.
    out_->text.resize(size_);
    out_->begin.resize(size_);
    out_->end.resize(size_);
  }
  void Reserve(size_t more) {
    if (size_ + more > capacity_) Grow(2 * (size_ + more));
  }
  // Callers Reserve() first.
  void Emit(char byte, uint32_t b, uint32_t e) {
    text_[size_] = byte;
    begin_[size_] = b;
    end_[size_] = e;
    ++size_;
  }
  bool empty() const { return size_ == 0; }

  // Emits printable ASCII from p[*i] on until the first byte kRunByte maps to 0, advancing *i and
  // *cp. Callers Reserve(n - *i) first.
  void EmitAsciiRun(const uint8_t* p, int32_t* i, int32_t n, uint32_t* cp) {
    int32_t k = *i;
    uint32_t c = *cp;
    char* text = text_ + size_;
    uint32_t* begin = begin_ + size_;
    uint32_t* end = end_ + size_;
    for (uint8_t o; k < n && (o = kRunByte[p[k]]) != 0; ++k, ++c) {
      *text++ = static_cast<char>(o);
      *begin++ = c;
      *end++ = c + 1;
    }
    size_ += k - *i;
    *i = k;
    *cp = c;
  }

 private:
  void Grow(size_t capacity) {
    capacity_ = capacity;
    out_->text.resize(capacity_);
    out_->begin.resize(capacity_);
    out_->end.resize(capacity_);
    text_ = out_->text.data();
    begin_ = out_->begin.data();
    end_ = out_->end.data();
  }
  NormalizedText* out_;
  size_t size_ = 0, capacity_ = 0;
  char* text_ = nullptr;
  uint32_t* begin_ = nullptr;
  uint32_t* end_ = nullptr;
};

}  // namespace

void Normalize(std::string_view s, NormalizedText* out) {
  FoldCache& cache = TheCache();
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  uint32_t cp = 0;
  // A whitespace run not yet emitted: [ws_begin, ws_end) in code points; newline if it holds a
  // paragraph break.
  bool ws_pending = false, ws_newline = false;
  uint32_t ws_begin = 0, ws_end = 0;
  // Line breaks inside paragraphs (layout.h) read as spaces.
  thread_local std::vector<uint32_t> soft;
  FindSoftBreaks(s, &soft);
  size_t next_soft = 0;
  auto paragraph_break = [&](int32_t at) {
    if (p[at] == '\r' && at + 1 < n && p[at + 1] == '\n')
      return false;  // "\r\n": the '\n' decides.
    while (next_soft < soft.size() && soft[next_soft] < static_cast<uint32_t>(at)) ++next_soft;
    return next_soft == soft.size() || soft[next_soft] != static_cast<uint32_t>(at);
  };
  {
    Writer w(out, s.size());
    auto whitespace = [&](bool newline) {
      if (!ws_pending) ws_begin = cp;
      ws_pending = true;
      ws_newline |= newline;
      ws_end = cp + 1;
    };
    auto flush_whitespace = [&]() {
      if (ws_pending && !w.empty()) {
        w.Reserve(1);
        w.Emit(ws_newline ? '\n' : ' ', ws_begin, ws_end);
      }
      ws_pending = ws_newline = false;
    };

    while (i < n) {
      const uint8_t b = p[i];
      if (b < 0x80) {
        const uint8_t cls = kAsciiClasses[b];
        if (cls <= kLower) {
          // A run of printable ASCII: one output byte per input byte, read and written in one
          // pass (kRunByte is 0 for every byte that ends the run, non-ASCII included).
          flush_whitespace();
          w.Reserve(n - i);
          w.EmitAsciiRun(p, &i, n, &cp);
          continue;
        }
        if (cls == kSpace || cls == kNewline) whitespace(cls == kNewline && paragraph_break(i));
        ++i;
        ++cp;
        continue;
      }
      const int32_t at = i;
      UChar32 c;
      U8_NEXT_OR_FFFD(p, i, n, c);
      std::string_view fold = cache.Lookup(static_cast<char32_t>(c));
      if (fold.size() == 1 && (fold[0] == ' ' || fold[0] == '\n')) {
        whitespace(fold[0] == '\n' && paragraph_break(at));
      } else if (!fold.empty()) {
        flush_whitespace();
        w.Reserve(fold.size());
        for (char f : fold) w.Emit(f, cp, cp + 1);
      }
      ++cp;
    }
  }
  out->original_length = cp;
}

std::string NormalizeToString(std::string_view utf8) {
  NormalizedText n;
  Normalize(utf8, &n);
  return std::move(n.text);
}

}  // namespace unspun
