#include "store/postings.h"

#include <algorithm>

namespace unspun::store {

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void SortByHigh32(std::vector<uint64_t>* v) {
  std::vector<uint64_t> tmp(v->size());
  // Three passes of 11, 11 and 10 bits over bits 32..63.
  for (int shift = 32; shift < 64; shift += 11) {
    const int bits = std::min(11, 64 - shift);
    std::vector<size_t> count((size_t{1} << bits) + 1, 0);
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    for (uint64_t x : *v) ++count[((x >> shift) & mask) + 1];
    for (size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
    for (uint64_t x : *v) tmp[count[(x >> shift) & mask]++] = x;
    v->swap(tmp);
  }
}

bool ReadVarint(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t x = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (*p >= end) return false;
    const uint8_t b = *(*p)++;
    x |= uint64_t{b & 0x7Fu} << shift;
    if (b < 0x80) {
      *v = x;
      return true;
    }
  }
  return false;
}

namespace {

// Writes v as a varint at p; returns the end.
inline uint8_t* PutVarint(uint64_t v, uint8_t* p) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

}  // namespace

void GroupReader::Reset(std::string_view bytes, uint32_t first_fp) {
  p_ = reinterpret_cast<const uint8_t*>(bytes.data());
  end_ = p_ + bytes.size();
  fp_ = first_fp;
  n_ = 0;
  first_ = true;
  error_ = false;
}

bool GroupReader::Next() {
  if (p_ >= end_ || error_) return false;
  uint64_t delta, n;
  if (!ReadVarint(&p_, end_, &delta) || !ReadVarint(&p_, end_, &n) ||
      (first_ ? delta != 0 : delta == 0) || fp_ + delta > UINT32_MAX || n > (1u << 20)) {
    error_ = true;
    return false;
  }
  first_ = false;
  fp_ += delta;
  n_ = static_cast<uint32_t>(n);
  // The list ends after n bytes without the high bit.
  const uint8_t* start = p_;
  for (uint32_t k = 0; k < n_; ++p_) {
    if (p_ >= end_) {
      error_ = true;
      return false;
    }
    if (*p_ < 0x80) ++k;
  }
  list_ = std::string_view(reinterpret_cast<const char*>(start), p_ - start);
  return true;
}

bool GroupReader::AppendSeqs(std::vector<uint32_t>* out) const {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(list_.data());
  const uint8_t* end = p + list_.size();
  uint64_t seq = 0;
  for (uint32_t k = 0; k < n_; ++k) {
    uint64_t d;
    if (!ReadVarint(&p, end, &d) || (k > 0 && d == 0)) return false;
    seq += d;
    if (seq > UINT32_MAX) return false;
    out->push_back(static_cast<uint32_t>(seq));
  }
  return true;
}

bool DecodeBlock(std::string_view bytes, uint32_t first_fp, DecodedBlock* out) {
  out->Clear();
  GroupReader r;
  r.Reset(bytes, first_fp);
  while (r.Next()) {
    out->fps.push_back(r.fp());
    out->common.push_back(r.common());
    out->begin.push_back(static_cast<uint32_t>(out->seqs.size()));
    if (!r.AppendSeqs(&out->seqs)) return false;
  }
  out->begin.push_back(static_cast<uint32_t>(out->seqs.size()));
  return !r.error() && !out->fps.empty();
}

int FindInBlock(std::string_view bytes, uint32_t first_fp, uint32_t fp,
                std::vector<uint32_t>* seqs) {
  GroupReader r;
  r.Reset(bytes, first_fp);
  while (r.Next()) {
    if (r.fp() > fp) return 0;
    if (r.fp() == fp) return r.common() ? 2 : r.AppendSeqs(seqs) ? 1 : -1;
  }
  return r.error() ? -1 : 0;
}

void BlockWriter::Open(uint32_t fp) {
  cur_.clear();
  cur_.reserve(kBlockTargetBytes + 512);
  first_fp_ = last_fp_ = fp;
  open_ = true;
}

void BlockWriter::AddList(uint32_t fp, uint32_t n, std::string_view list) {
  if (!open_) Open(fp);
  uint8_t head[20];
  uint8_t* p = PutVarint(fp - last_fp_, head);
  p = PutVarint(n, p);
  last_fp_ = fp;
  cur_.append(reinterpret_cast<const char*>(head), p - head);
  cur_.append(list);
  postings_ += n;
  if (cur_.size() >= kBlockTargetBytes) Finish();
}

void BlockWriter::Add(uint32_t fp, bool common, const uint32_t* seqs, size_t n) {
  if (!open_) Open(fp);
  // At most 10 bytes per varint: the group is written to scratch, then appended at once.
  const size_t need = 20 + 10 * (common ? 0 : n);
  if (scratch_.size() < need) scratch_.resize(need);
  uint8_t* const start = scratch_.data();
  uint8_t* p = PutVarint(fp - last_fp_, start);
  last_fp_ = fp;
  if (common) {
    p = PutVarint(0, p);
    ++commons_;
  } else {
    p = PutVarint(n, p);
    uint32_t prev = 0;
    for (size_t k = 0; k < n; ++k) {
      p = PutVarint(seqs[k] - prev, p);
      prev = seqs[k];
    }
    postings_ += n;
  }
  cur_.append(reinterpret_cast<const char*>(start), p - start);
  if (cur_.size() >= kBlockTargetBytes) Finish();
}

void BlockWriter::Finish() {
  if (!open_) return;
  blocks_.push_back({first_fp_, last_fp_, std::move(cur_)});
  cur_ = std::string();
  open_ = false;
}

}  // namespace unspun::store
