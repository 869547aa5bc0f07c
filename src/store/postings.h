// Postings blocks: the on-disk encoding of the archive's candidate index (docs/archive.md).
//
// The index is a set of sorted runs ("segments"), each a sequence of groups, one per fingerprint:
// the fingerprint and the sorted article numbers (seq) that hold it. A group whose fingerprint is
// held by more than CandidateOptions::max_postings articles keeps no list, only a "common" mark:
// such fingerprints are ignored by the candidate rule anyway, and the mark bounds every group's
// size. Groups are packed into blocks of about kBlockTargetBytes, each stored as one row keyed by
// (segment, first fingerprint).
//
// Block bytes: for each group, varint(fingerprint - previous fingerprint in the block, the first
// relative to the block's first fingerprint, so 0), varint(n), then n varints of seq deltas (the
// first absolute). n = 0 is the common mark. Varints are LEB128 (7 bits a byte, low bits first).
#ifndef UNSPUN_STORE_POSTINGS_H_
#define UNSPUN_STORE_POSTINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace unspun::store {

// Blocks are cut at the first group end past this many bytes: small enough that a row stays on
// one 4 KiB SQLite page (no overflow pages to follow) and a lookup scans little, large enough that
// the table's B-tree stays small.
inline constexpr size_t kBlockTargetBytes = 700;

struct Group {
  uint32_t fp = 0;
  bool common = false;         // Held by too many articles: no list kept.
  std::vector<uint32_t> seqs;  // Sorted article numbers (empty when common).
};

// A decoded block: groups laid out flat (seqs of group i are seqs[begin[i], begin[i + 1])).
struct DecodedBlock {
  std::vector<uint32_t> fps;
  std::vector<uint8_t> common;
  std::vector<uint32_t> begin;  // fps.size() + 1 entries.
  std::vector<uint32_t> seqs;
  void Clear() {
    fps.clear();
    common.clear();
    begin.clear();
    seqs.clear();
  }
};

// Decodes `bytes` (a block whose first fingerprint is `first_fp`). Returns false when the bytes
// are malformed (truncated varint, unsorted fingerprints or seqs, a value out of range).
bool DecodeBlock(std::string_view bytes, uint32_t first_fp, DecodedBlock* out);

// Finds fingerprint `fp` in block `bytes` without decoding the rest: returns 0 when absent, 1 when
// present with its seqs appended to `seqs`, 2 when present with the common mark, -1 when the block
// is malformed.
int FindInBlock(std::string_view bytes, uint32_t first_fp, uint32_t fp,
                std::vector<uint32_t>* seqs);

// Reads the groups of a block in order without decoding their lists, for merges of runs, which
// copy most lists as they are (a list's encoding does not depend on the block it is in).
class GroupReader {
 public:
  // Reads `bytes` (a block whose first fingerprint is `first_fp`); they must outlive the reader.
  void Reset(std::string_view bytes, uint32_t first_fp);
  // Moves to the next group: false at the end of the block, or when it is malformed (error()).
  bool Next();
  bool error() const { return error_; }
  uint32_t fp() const { return static_cast<uint32_t>(fp_); }
  bool common() const { return n_ == 0; }
  uint32_t n() const { return n_; }
  std::string_view list() const { return list_; }  // The n encoded seq deltas.
  // Appends the group's seqs; false when the list is malformed.
  bool AppendSeqs(std::vector<uint32_t>* out) const;

 private:
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint64_t fp_ = 0;
  uint32_t n_ = 0;
  bool first_ = true, error_ = false;
  std::string_view list_;
};

// Packs groups, given in increasing fingerprint order, into blocks. The caller drains finished
// blocks after each Add and at the end.
class BlockWriter {
 public:
  struct Block {
    uint32_t first_fp, last_fp;
    std::string bytes;
  };
  // `seqs` sorted; empty with common = true for the common mark.
  void Add(uint32_t fp, bool common, const uint32_t* seqs, size_t n);
  // Adds a group of n > 0 seqs given encoded (GroupReader::list()).
  void AddList(uint32_t fp, uint32_t n, std::string_view list);
  // Ends the current block (if any) so that it shows in blocks().
  void Finish();
  std::vector<Block>& blocks() { return blocks_; }
  uint64_t postings() const { return postings_; }
  uint64_t commons() const { return commons_; }

 private:
  void Open(uint32_t fp);

  std::vector<Block> blocks_;
  std::string cur_;
  std::vector<uint8_t> scratch_;
  uint32_t first_fp_ = 0, last_fp_ = 0;
  bool open_ = false;
  uint64_t postings_ = 0, commons_ = 0;
};

// Sorts (key << 32 | value) entries by key, stably: entries with equal keys keep their order (an
// LSD radix sort, several times faster than std::sort on the millions of postings of a batch).
void SortByHigh32(std::vector<uint64_t>* v);

void AppendVarint(uint64_t v, std::string* out);
// Reads a varint at *p (< end); returns false when truncated or longer than 10 bytes.
bool ReadVarint(const uint8_t** p, const uint8_t* end, uint64_t* v);

}  // namespace unspun::store

#endif  // UNSPUN_STORE_POSTINGS_H_
