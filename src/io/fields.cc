// Format detection, ids from file names and date normalization.

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "io/reader_internal.h"

namespace unspun::io {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Years outside this range are typos or ids, not publication dates of news.
constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2200;

std::string FormatDate(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1) return "";
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[m - 1] + (m == 2 && IsLeapYear(y) ? 1 : 0);
  if (d > days) return "";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Reads the run of digits at s[*i] (values past 10^9 are not exact; no date part is that long); -1
// when there is none.
int ReadNumber(std::string_view s, size_t* i, size_t* digits) {
  size_t j = *i;
  int v = 0;
  while (j < s.size() && IsDigit(s[j])) {
    if (v < 100000000) v = v * 10 + (s[j] - '0');
    ++j;
  }
  *digits = j - *i;
  *i = j;
  return *digits == 0 ? -1 : v;
}

// 1..12 for an English month name or its abbreviation ("Jun", "June", "Sept"); 0 otherwise.
int MonthFromWord(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    const std::string_view full = kMonths[m];
    if (w.size() > full.size()) continue;
    // A prefix of at least three letters: "Jun", "Sept", "Febr" all name the month.
    if (IEquals(w, full.substr(0, w.size()))) return static_cast<int>(m) + 1;
  }
  return 0;
}

}  // namespace

Format FormatForPath(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return Format::kText;
  const std::string_view ext = base.substr(dot + 1);
  if (IEquals(ext, "jsonl") || IEquals(ext, "ndjson")) return Format::kJsonLines;
  if (IEquals(ext, "html") || IEquals(ext, "htm") || IEquals(ext, "xhtml") ||
      IEquals(ext, "shtml")) {
    return Format::kHtml;
  }
  return Format::kText;
}

Format SniffFormat(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  size_t i = 0;
  while (i < bytes.size() && IsAsciiSpace(bytes[i])) ++i;
  if (i < bytes.size() && bytes[i] == '{') return Format::kJsonLines;
  // A doctype or <html> comes first in a page, after at most a comment or two.
  constexpr size_t kSniffBytes = 1024;
  std::string head(bytes.substr(i, kSniffBytes));
  std::transform(head.begin(), head.end(), head.begin(), Lower);
  if (head.find("<!doctype") != std::string::npos || head.find("<html") != std::string::npos) {
    return Format::kHtml;
  }
  return Format::kText;
}

std::string FileStem(std::string_view path) {
  if (path == "-") return "stdin";
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) base = base.substr(0, dot);
  return std::string(base);
}

std::string NormalizeDate(std::string_view value) {
  const std::string_view s = TrimAscii(value);
  if (s.empty()) return "";
  size_t i = 0, digits = 0;

  // Numeric forms: YYYY-MM-DD (ISO 8601, often with a time after it), YYYY/MM/DD, M/D/YYYY.
  if (IsDigit(s[0])) {
    const int a = ReadNumber(s, &i, &digits);
    const size_t a_digits = digits;
    if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
      const char sep = s[i++];
      const int b = ReadNumber(s, &i, &digits);
      const size_t b_digits = digits;
      if (b >= 0 && b_digits <= 2 && i < s.size() && s[i] == sep) {
        ++i;
        const int c = ReadNumber(s, &i, &digits);
        const size_t c_digits = digits;
        if (c >= 0) {
          if (a_digits == 4 && c_digits <= 2) return FormatDate(a, b, c);
          if (a_digits <= 2 && c_digits == 4) {
            // American order unless the first number cannot be a month (16/6/2021).
            if (a > 12 && b <= 12) return FormatDate(c, b, a);
            return FormatDate(c, a, b);
          }
        }
      }
      return "";
    }
    i = 0;  // "16 June 2021": fall through to the word form.
  }

  // Word forms: "June 16, 2021", "16 June 2021", "Wednesday, June 16, 2021 10:30 AM",
  // "Jun. 16th 2021". A month word, then the first small number is the day and the first
  // four-digit number the year; times after them are ignored.
  int month = 0, day = -1, year = -1;
  while (i < s.size()) {
    const char c = s[i];
    if (IsAlpha(c)) {
      size_t j = i;
      while (j < s.size() && IsAlpha(s[j])) ++j;
      const std::string_view word = s.substr(i, j - i);
      if (month == 0) month = MonthFromWord(word);
      i = j;
    } else if (IsDigit(c)) {
      const int v = ReadNumber(s, &i, &digits);
      if (i < s.size() && s[i] == ':') break;  // A time of day: the date is over.
      if (digits == 4 && year < 0) {
        year = v;
      } else if (digits <= 2 && day < 0) {
        day = v;
      }
      // Ordinal suffix: "16th".
      if (i + 1 < s.size() && IsAlpha(s[i]) && IsAlpha(s[i + 1])) {
        const std::string_view suffix = s.substr(i, 2);
        if (IEquals(suffix, "st") || IEquals(suffix, "nd") || IEquals(suffix, "rd") ||
            IEquals(suffix, "th")) {
          i += 2;
        }
      }
    } else {
      ++i;
    }
    if (month > 0 && day > 0 && year > 0) break;
  }
  if (month == 0 || day < 0 || year < 0) return "";
  return FormatDate(year, month, day);
}

}  // namespace unspun::io
