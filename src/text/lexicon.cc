// The Lexicon (text/spin.h): parsed from the Debian word files into a compact table, kept between
// runs in a cache file and mapped back into memory. The table format is in docs/lexicon.md.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "text/spin.h"

namespace unspun {
namespace {

// SCOWL list sizes, most common first.
constexpr int kLevels[] = {10, 20, 35, 40, 50, 55, 60, 70, 80, 95};
// The SCOWL lists read, per size: ordinary words, then the capitalized ones.
constexpr const char* kScowlKinds[] = {
    "english-words",        "american-words",        "british-words",
    "english-upper",        "american-upper",        "british-upper",
    "english-proper-names", "american-proper-names", "british-proper-names"};
constexpr const char* kWordnetParts[] = {"noun", "verb", "adj", "adv"};

// The table layout (docs/lexicon.md). All integers little-endian.
constexpr char kMagic[8] = {'U', 'N', 'S', 'P', 'U', 'N', 'L', 'X'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 64;
constexpr size_t kRecordSize = 16;
constexpr uint8_t kCapitalizedOnly = 1;               // Record flag.
constexpr uint32_t kHasLevels = 1, kHasSynonyms = 2;  // Header flags.
constexpr uint32_t kNoWord = 0xffffffffu;
// Header fields: byte offsets.
constexpr size_t kVersionAt = 8, kHeaderSizeAt = 12, kFileSizeAt = 16, kChecksumAt = 24,
                 kStampAt = 32, kFlagsAt = 40, kWordCountAt = 44, kSlotCountAt = 48,
                 kSynonymCountAt = 52, kPoolSizeAt = 56, kWarningSizeAt = 60;
// The checksum covers everything after its own field.
constexpr size_t kChecksummedFrom = kChecksumAt + 8;
// Record fields: byte offsets.
constexpr size_t kNameAt = 0, kSynonymsAt = 4, kCommonAt = 8, kLevelAt = 12, kRecordFlagsAt = 13;

uint32_t Get32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t Get64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
void Put32(std::string* out, size_t at, uint32_t v) { std::memcpy(out->data() + at, &v, 4); }
void Put64(std::string* out, size_t at, uint64_t v) { std::memcpy(out->data() + at, &v, 8); }

uint64_t HashWord(std::string_view w) { return XXH64(w.data(), w.size(), 0); }

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool IsAsciiWord(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// "equus_caballus" -> "equus caballus"; WordNet's adjective markers "(a)", "(p)", "(ip)" and
// OpenOffice's " (generic term)" style notes are dropped.
std::string CleanLemma(std::string_view s) {
  const size_t paren = s.find('(');
  if (paren != std::string_view::npos) s = s.substr(0, paren);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::string out = ToLowerAscii(s);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// The lexicon as the files are parsed: words interned in the order met (that order is each
// word's index in the table, and breaks ties between equally common synonyms).
class Builder {
 public:
  struct Entry {
    uint8_t level = Lexicon::kUnknownLevel;
    bool capitalized_only = false;
    uint32_t common_synonym = kNoWord;
    std::vector<uint32_t> synonyms;  // Sorted indices into words_.
  };

  uint32_t Intern(std::string_view word) {
    auto [it, inserted] =
        index_.try_emplace(std::string(word), static_cast<uint32_t>(words_.size()));
    if (inserted) {
      words_.push_back(it->first);
      entries_.emplace_back();
    }
    return it->second;
  }
  Entry* Find(const std::string& word) {
    auto it = index_.find(word);
    return it == index_.end() ? nullptr : &entries_[it->second];
  }
  Entry& at(uint32_t i) { return entries_[i]; }
  void Link(uint32_t a, uint32_t b) {
    if (a == b) return;
    entries_[a].synonyms.push_back(b);
    entries_[b].synonyms.push_back(a);
  }
  void Reserve(size_t n) { index_.reserve(n); }

  // Sorts the synonym lists and picks each rare word's most common one-word synonym.
  void Finish(bool levels_and_synonyms) {
    for (Entry& e : entries_) {
      std::sort(e.synonyms.begin(), e.synonyms.end());
      e.synonyms.erase(std::unique(e.synonyms.begin(), e.synonyms.end()), e.synonyms.end());
    }
    if (!levels_and_synonyms) return;
    for (Entry& e : entries_) {
      if (e.level < Lexicon::kRareLevel) continue;
      uint8_t best = Lexicon::kCommonLevel + 1;
      for (uint32_t s : e.synonyms) {
        if (words_[s].find(' ') != std::string_view::npos) continue;
        if (entries_[s].level < best) {
          best = entries_[s].level;
          e.common_synonym = s;
        }
      }
    }
  }

  // The table (docs/lexicon.md), checksum included.
  std::string Serialize(uint64_t stamp, uint32_t flags, std::string_view warning) const {
    const uint32_t n = static_cast<uint32_t>(words_.size());
    uint32_t slots = 1;
    while (slots < 2 * static_cast<uint64_t>(n) + 1) slots *= 2;  // Load factor <= 1/2.
    size_t synonym_count = 0, pool_size = 0;
    for (uint32_t i = 0; i < n; ++i) {
      synonym_count += entries_[i].synonyms.size();
      pool_size += words_[i].size();
    }
    const size_t records_at = kHeaderSize;
    const size_t synonyms_at = records_at + (n + size_t{1}) * kRecordSize;
    const size_t slots_at = synonyms_at + synonym_count * 4;
    const size_t pool_at = slots_at + size_t{slots} * 4;
    const size_t warning_at = pool_at + pool_size;
    std::string out(warning_at + warning.size(), '\0');
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    Put32(&out, kVersionAt, kFormatVersion);
    Put32(&out, kHeaderSizeAt, kHeaderSize);
    Put64(&out, kFileSizeAt, out.size());
    Put64(&out, kStampAt, stamp);
    Put32(&out, kFlagsAt, flags);
    Put32(&out, kWordCountAt, n);
    Put32(&out, kSlotCountAt, slots);
    Put32(&out, kSynonymCountAt, static_cast<uint32_t>(synonym_count));
    Put32(&out, kPoolSizeAt, static_cast<uint32_t>(pool_size));
    Put32(&out, kWarningSizeAt, static_cast<uint32_t>(warning.size()));
    size_t name = 0, synonym = 0;
    for (uint32_t i = 0; i <= n; ++i) {
      const size_t r = records_at + size_t{i} * kRecordSize;
      Put32(&out, r + kNameAt, static_cast<uint32_t>(name));
      Put32(&out, r + kSynonymsAt, static_cast<uint32_t>(synonym));
      if (i == n) {
        Put32(&out, r + kCommonAt, kNoWord);
        break;
      }
      const Entry& e = entries_[i];
      Put32(&out, r + kCommonAt, e.common_synonym);
      out[r + kLevelAt] = static_cast<char>(e.level);
      out[r + kRecordFlagsAt] = static_cast<char>(e.capitalized_only ? kCapitalizedOnly : 0);
      std::memcpy(out.data() + pool_at + name, words_[i].data(), words_[i].size());
      name += words_[i].size();
      for (uint32_t s : e.synonyms) Put32(&out, synonyms_at + 4 * synonym++, s);
      uint32_t slot = static_cast<uint32_t>(HashWord(words_[i])) & (slots - 1);
      while (Get32(reinterpret_cast<const uint8_t*>(out.data()) + slots_at + 4 * size_t{slot}) !=
             0) {
        slot = (slot + 1) & (slots - 1);
      }
      Put32(&out, slots_at + 4 * size_t{slot}, i + 1);
    }
    std::memcpy(out.data() + warning_at, warning.data(), warning.size());
    Put64(&out, kChecksumAt,
          XXH64(out.data() + kChecksummedFrom, out.size() - kChecksummedFrom, 0));
    return out;
  }

 private:
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<std::string_view> words_;  // Keys of index_, by index (node keys are stable).
  std::vector<Entry> entries_;
};

// Why `data` is not a sound table, or "" when it is. Checks every offset and index a query may
// follow, so that no table can make one read out of bounds.
std::string Validate(const uint8_t* data, size_t size) {
  if (size < kHeaderSize) return "truncated (" + std::to_string(size) + " bytes)";
  if (std::memcmp(data, kMagic, sizeof kMagic) != 0) return "not an unspun lexicon table";
  const uint32_t version = Get32(data + kVersionAt);
  if (version != kFormatVersion) {
    return "format version " + std::to_string(version) + ", this unspun reads version " +
           std::to_string(kFormatVersion);
  }
  if (Get32(data + kHeaderSizeAt) != kHeaderSize) return "corrupt (header size)";
  if (Get64(data + kFileSizeAt) != size) {
    return "truncated or overlong (" + std::to_string(size) + " bytes, header says " +
           std::to_string(Get64(data + kFileSizeAt)) + ")";
  }
  if (Get64(data + kChecksumAt) != XXH64(data + kChecksummedFrom, size - kChecksummedFrom, 0)) {
    return "corrupt (checksum mismatch)";
  }
  const uint64_t n = Get32(data + kWordCountAt), slots = Get32(data + kSlotCountAt),
                 synonyms = Get32(data + kSynonymCountAt), pool = Get32(data + kPoolSizeAt),
                 warning = Get32(data + kWarningSizeAt);
  if (slots == 0 || !std::has_single_bit(slots) || slots <= n) return "corrupt (slot count)";
  if (kHeaderSize + (n + 1) * kRecordSize + synonyms * 4 + slots * 4 + pool + warning != size) {
    return "corrupt (section sizes)";
  }
  const uint8_t* records = data + kHeaderSize;
  uint32_t name = 0, synonym = 0;
  for (uint64_t i = 0; i <= n; ++i) {
    const uint8_t* r = records + i * kRecordSize;
    const uint32_t next_name = Get32(r + kNameAt), next_synonym = Get32(r + kSynonymsAt);
    const uint32_t common = Get32(r + kCommonAt);
    if (next_name < name || next_synonym < synonym || next_name > pool || next_synonym > synonyms ||
        (common != kNoWord && common >= n)) {
      return "corrupt (word " + std::to_string(i) + ")";
    }
    name = next_name;
    synonym = next_synonym;
  }
  if (name != pool || synonym != synonyms) return "corrupt (last word)";
  const uint8_t* slot = records + (n + 1) * kRecordSize + synonyms * 4;
  for (uint64_t i = 0; i < slots; ++i) {
    if (Get32(slot + 4 * i) > n) return "corrupt (hash slot " + std::to_string(i) + ")";
  }
  return "";
}

// Adds the identity of one source file (path, and size and time when it exists) to `state`.
void StampFile(XXH64_state_t* state, const std::string& path) {
  XXH64_update(state, path.data(), path.size() + 1);  // With its terminating NUL.
  struct stat st;
  int64_t id[3] = {-1, -1, -1};
  if (::stat(path.c_str(), &st) == 0) {
    id[0] = st.st_size;
    id[1] = st.st_mtim.tv_sec;
    id[2] = st.st_mtim.tv_nsec;
  }
  XXH64_update(state, id, sizeof id);
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

uint64_t Lexicon::SourceStamp(const LexiconPaths& paths) {
  XXH64_state_t* state = XXH64_createState();
  XXH64_reset(state, kFormatVersion);
  // The parser is part of the identity: a rebuild of this file (where the parse rules live)
  // outdates every table the previous build wrote.
  const std::string_view build = __DATE__ " " __TIME__;
  XXH64_update(state, build.data(), build.size());
  for (int level : kLevels) {
    for (const char* kind : kScowlKinds) {
      StampFile(state, paths.scowl_dir + "/" + kind + "." + std::to_string(level));
    }
  }
  for (const char* part : kWordnetParts) StampFile(state, paths.wordnet_dir + "/data." + part);
  StampFile(state, paths.mythes_file);
  const uint64_t stamp = XXH64_digest(state);
  XXH64_freeState(state);
  return stamp;
}

std::unique_ptr<Lexicon> Lexicon::Parse(const LexiconPaths& paths, std::string* warning) {
  const uint64_t stamp = SourceStamp(paths);  // Before reading: a file changed meanwhile outdates.
  Builder lex;
  lex.Reserve(600000);
  std::string missing;
  std::string line;

  // SCOWL: levels from the word lists (American, British and shared spellings), and the words
  // only ever capitalized from the "upper" and "proper-names" lists.
  bool any_level = false;
  std::unordered_set<std::string> capitalized;
  for (int level : kLevels) {
    for (const char* kind : kScowlKinds) {
      std::ifstream in(paths.scowl_dir + "/" + kind + "." + std::to_string(level));
      if (!in) continue;
      const bool upper = std::string_view(kind).find("words") == std::string_view::npos;
      any_level = true;
      while (std::getline(in, line)) {
        if (!IsAsciiWord(line)) continue;  // The lists are Latin-1; accented words are skipped.
        if (upper) {
          if (IsUpper(line[0])) capitalized.insert(ToLowerAscii(line));
          continue;
        }
        if (IsUpper(line[0])) continue;
        Builder::Entry& e = lex.at(lex.Intern(line));
        e.level = std::min<uint8_t>(e.level, static_cast<uint8_t>(level));
      }
    }
  }
  if (any_level) {
    for (const std::string& w : capitalized) {
      // A name that is also an ordinary word ("may", "bill", "china") proves nothing lowercase.
      // Level 80+ lists hold obscure lowercase homographs of many names ("london", "tuesday").
      const Builder::Entry* e = lex.Find(w);
      if (w.size() >= 3 && (e == nullptr || e->level >= 80)) {
        lex.at(lex.Intern(w)).capitalized_only = true;
      }
    }
  } else {
    missing += " " + paths.scowl_dir + "/english-words.* (package scowl)";
  }

  // WordNet data files: "offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id...] ...".
  bool any_wordnet = false;
  std::vector<uint32_t> synset;
  for (const char* pos : kWordnetParts) {
    std::ifstream in(paths.wordnet_dir + "/data." + pos);
    if (!in) continue;
    any_wordnet = true;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;  // The license header.
      size_t p = 0;
      std::string_view rest(line);
      auto field = [&]() {
        while (p < rest.size() && rest[p] == ' ') ++p;
        const size_t b = p;
        while (p < rest.size() && rest[p] != ' ') ++p;
        return rest.substr(b, p - b);
      };
      field();
      field();
      field();
      const std::string_view count = field();
      const unsigned long n = std::strtoul(std::string(count).c_str(), nullptr, 16);
      synset.clear();
      for (unsigned long k = 0; k < n && p < rest.size(); ++k) {
        const std::string lemma = CleanLemma(field());
        field();  // lex_id
        if (!lemma.empty()) synset.push_back(lex.Intern(lemma));
      }
      for (size_t x = 0; x < synset.size(); ++x) {
        for (size_t y = x + 1; y < synset.size(); ++y) lex.Link(synset[x], synset[y]);
      }
    }
  }
  if (!any_wordnet) missing += " " + paths.wordnet_dir + "/data.* (package wordnet-base)";

  // OpenOffice thesaurus: "word|senses", then per sense "(pos)|syn|syn|...". Antonyms skipped.
  {
    std::ifstream in(paths.mythes_file);
    if (in) {
      std::getline(in, line);  // The encoding line.
      uint32_t head = 0;
      while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] != '(') {
          const size_t bar = line.rfind('|');
          head = lex.Intern(CleanLemma(std::string_view(line).substr(0, bar)));
          continue;
        }
        size_t b = line.find('|');
        while (b != std::string::npos) {
          const size_t e = line.find('|', b + 1);
          std::string_view item = std::string_view(line).substr(
              b + 1, (e == std::string::npos ? line.size() : e) - b - 1);
          if (item.find("antonym") == std::string_view::npos && IsAsciiWord(item)) {
            const std::string lemma = CleanLemma(item);
            if (!lemma.empty()) lex.Link(head, lex.Intern(lemma));
          }
          b = e;
        }
      }
    } else {
      missing += " " + paths.mythes_file + " (package mythes-en-us, optional)";
    }
  }
  lex.Finish(any_level && any_wordnet);
  const std::string warning_text = missing.empty() ? "" : "lexicon files not found:" + missing;
  if (warning != nullptr) *warning = warning_text;

  auto out = std::unique_ptr<Lexicon>(new Lexicon());
  out->owned_ = lex.Serialize(
      stamp, (any_level ? kHasLevels : 0) | (any_wordnet ? kHasSynonyms : 0), warning_text);
  out->Attach(reinterpret_cast<const uint8_t*>(out->owned_.data()));
  return out;
}

void Lexicon::Attach(const uint8_t* data) {
  const uint32_t flags = Get32(data + kFlagsAt);
  has_levels_ = (flags & kHasLevels) != 0;
  has_synonyms_ = (flags & kHasSynonyms) != 0;
  stamp_ = Get64(data + kStampAt);
  word_count_ = Get32(data + kWordCountAt);
  slot_count_ = Get32(data + kSlotCountAt);
  const size_t synonym_count = Get32(data + kSynonymCountAt);
  const size_t pool_size = Get32(data + kPoolSizeAt);
  records_ = data + kHeaderSize;
  synonyms_ = records_ + (word_count_ + size_t{1}) * kRecordSize;
  slots_ = synonyms_ + synonym_count * 4;
  pool_ = reinterpret_cast<const char*>(slots_ + size_t{slot_count_} * 4);
  warning_.assign(pool_ + pool_size, Get32(data + kWarningSizeAt));
}

std::unique_ptr<Lexicon> Lexicon::Open(const std::string& file, std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  if constexpr (std::endian::native != std::endian::little) {
    *error = file + ": tables are little-endian, this machine is not";
    return nullptr;
  }
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = Errno(file);
    return nullptr;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *error = file + ": not a regular file";
    ::close(fd);
    return nullptr;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = size == 0 ? MAP_FAILED : ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    *error = size == 0 ? file + ": truncated (0 bytes)" : Errno(file + ": mmap");
    ::close(fd);
    return nullptr;
  }
  ::close(fd);  // The mapping stays valid.
  const std::string why = Validate(static_cast<const uint8_t*>(map), size);
  if (!why.empty()) {
    ::munmap(map, size);
    *error = file + ": " + why;
    return nullptr;
  }
  auto out = std::unique_ptr<Lexicon>(new Lexicon());
  out->map_ = map;
  out->map_size_ = size;
  out->Attach(static_cast<const uint8_t*>(map));
  return out;
}

Lexicon::~Lexicon() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

bool Lexicon::Save(const std::string& file, std::string* error) const {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  if constexpr (std::endian::native != std::endian::little) {
    *error = file + ": tables are little-endian, this machine is not";
    return false;
  }
  const std::filesystem::path path(file);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    *error = path.parent_path().string() + ": " + ec.message();
    return false;
  }
  std::string temp = file + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    *error = Errno(file);
    return false;
  }
  const uint8_t* data = map_ != nullptr ? static_cast<const uint8_t*>(map_)
                                        : reinterpret_cast<const uint8_t*>(owned_.data());
  const size_t size = map_ != nullptr ? map_size_ : owned_.size();
  size_t done = 0;
  while (done < size) {
    const ssize_t w = ::write(fd, data + done, size - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += static_cast<size_t>(w);
  }
  bool ok = done == size;
  std::string why = ok ? "" : Errno(temp);
  ::fchmod(fd, 0644);  // mkstemp makes it 0600; the table holds nothing private.
  if (::close(fd) != 0 && ok) {
    ok = false;
    why = Errno(temp);
  }
  if (ok && ::rename(temp.c_str(), file.c_str()) != 0) {
    ok = false;
    why = Errno(file);
  }
  if (!ok) {
    ::unlink(temp.c_str());
    *error = why;
    return false;
  }
  return true;
}

std::unique_ptr<Lexicon> Lexicon::Load(const LexiconPaths& paths, std::string* warning,
                                       std::string* note) {
  std::string ignored;
  if (note == nullptr) note = &ignored;
  note->clear();
  if (!paths.cache_file.empty()) {
    struct stat st;
    if (::stat(paths.cache_file.c_str(), &st) == 0) {
      std::string error;
      std::unique_ptr<Lexicon> table = Open(paths.cache_file, &error);
      if (table != nullptr && table->stamp_ == SourceStamp(paths)) {
        if (warning != nullptr) *warning = table->warning_;
        return table;
      }
      // An outdated table (new word files, or a new build) is simply rebuilt; a broken one is
      // worth a word, as something damaged it.
      if (table == nullptr) *note = "lexicon cache " + error + "; rebuilt from the word files";
    }
  }
  std::unique_ptr<Lexicon> lex = Parse(paths, warning);
  // Without any word file there is nothing worth caching (and nothing slow to parse).
  if (!paths.cache_file.empty() && (lex->has_levels_ || lex->has_synonyms_)) {
    std::string error;
    if (!lex->Save(paths.cache_file, &error)) {
      if (!note->empty()) *note += "; ";
      *note += "cannot write the lexicon cache: " + error +
               " (the word files are parsed on every run; UNSPUN_LEXICON_CACHE sets the place)";
    }
  }
  return lex;
}

std::string Lexicon::DefaultCacheFile() {
  if (const char* env = std::getenv("UNSPUN_LEXICON_CACHE"); env != nullptr) return env;
  const std::string name = "/unspun/lexicon-v" + std::to_string(kFormatVersion) + ".bin";
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return xdg + name;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    return std::string(home) + "/.cache" + name;
  }
  return "";
}

const Lexicon& Lexicon::Default(std::string* warning, std::string* note) {
  static std::once_flag once;
  static std::unique_ptr<Lexicon> lexicon;
  static std::string default_warning, default_note;
  std::call_once(once, [] {
    LexiconPaths paths;
    paths.cache_file = DefaultCacheFile();
    lexicon = Load(paths, &default_warning, &default_note);
  });
  if (warning != nullptr) *warning = default_warning;
  if (note != nullptr) *note = default_note;
  return *lexicon;
}

std::string_view Lexicon::word(uint32_t i) const {
  if (i >= word_count_) return {};
  const uint8_t* r = records_ + size_t{i} * kRecordSize;
  const uint32_t b = Get32(r + kNameAt), e = Get32(r + kRecordSize + kNameAt);
  return std::string_view(pool_ + b, e - b);
}

uint32_t Lexicon::Find(std::string_view w) const {
  const uint32_t mask = slot_count_ - 1;
  uint32_t slot = static_cast<uint32_t>(HashWord(w)) & mask;
  // Open addressing, linear probing; the bound guards against a table with no empty slot.
  for (uint32_t probes = 0; probes < slot_count_; ++probes, slot = (slot + 1) & mask) {
    const uint32_t v = Get32(slots_ + 4 * size_t{slot});
    if (v == 0) return kNone;
    if (word(v - 1) == w) return v - 1;
  }
  return kNone;
}

uint8_t Lexicon::Level(std::string_view w) const {
  const uint32_t i = Find(w);
  return i == kNone ? kUnknownLevel : records_[size_t{i} * kRecordSize + kLevelAt];
}

bool Lexicon::IsCapitalizedOnly(std::string_view w) const {
  const uint32_t i = Find(w);
  return i != kNone && (records_[size_t{i} * kRecordSize + kRecordFlagsAt] & kCapitalizedOnly);
}

bool Lexicon::AreSynonyms(std::string_view a, std::string_view b) const {
  const uint32_t ia = Find(a);
  if (ia == kNone) return false;
  const uint32_t ib = Find(b);
  if (ib == kNone) return false;
  const uint8_t* r = records_ + size_t{ia} * kRecordSize;
  uint32_t lo = Get32(r + kSynonymsAt), hi = Get32(r + kRecordSize + kSynonymsAt);
  while (lo < hi) {  // Binary search in the sorted list.
    const uint32_t mid = lo + (hi - lo) / 2;
    const uint32_t s = Get32(synonyms_ + 4 * size_t{mid});
    if (s == ib) return true;
    if (s < ib) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

std::string_view Lexicon::CommonSynonymOfRare(std::string_view w) const {
  const uint32_t i = Find(w);
  if (i == kNone) return {};
  return word(Get32(records_ + size_t{i} * kRecordSize + kCommonAt));  // kNoWord gives "".
}

std::vector<std::string_view> Lexicon::Synonyms(std::string_view w) const {
  std::vector<std::string_view> out;
  const uint32_t i = Find(w);
  if (i == kNone) return out;
  const uint8_t* r = records_ + size_t{i} * kRecordSize;
  for (uint32_t k = Get32(r + kSynonymsAt), e = Get32(r + kRecordSize + kSynonymsAt); k < e; ++k) {
    out.push_back(word(Get32(synonyms_ + 4 * size_t{k})));
  }
  return out;
}

}  // namespace unspun
