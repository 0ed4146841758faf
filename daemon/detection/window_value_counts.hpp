// The values in one sliding window with how often each occurs, for distinct() and
// consecutive(): a multiset of 64-bit values (hashes, or numbers) in which each distinct value
// keeps one slot for as long as it occurs, so that window entries can name their value by a
// small slot number instead of the value itself. A few values are scanned; more are found
// through an open-addressing index. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace phi {

class WindowValueCounts {
 public:
  // Counts one more occurrence of `value`; returns its slot.
  uint32_t Add(uint64_t value);
  // Counts one occurrence fewer of the value in `slot` (freed at zero).
  // REQUIRES: the slot was returned by Add and its occurrences are not all removed.
  void Remove(uint32_t slot);
  bool Contains(uint64_t value) const { return Find(value) != kNone; }
  uint64_t value_at(uint32_t slot) const { return values_[slot]; }
  // How many distinct values occur.
  size_t distinct() const { return distinct_; }

  size_t bytes() const {
    return sizeof(*this) + values_.capacity() * sizeof(uint64_t) +
           counts_.capacity() * sizeof(uint32_t) + index_.capacity() * sizeof(uint32_t);
  }
  void ShrinkToFit();

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kScanAtMost = 48;  // slots scanned without an index

  uint32_t Find(uint64_t value) const;
  size_t Home(uint64_t value) const { return (value * 0x9E3779B97F4A7C15ULL) >> shift_; }
  void Index(uint32_t slot);
  void Unindex(uint32_t slot);
  void Rebuild();

  std::vector<uint64_t> values_;
  std::vector<uint32_t> counts_;  // occurrences; 0: a free slot
  std::vector<uint32_t> index_;   // slot + 1, 0 = empty; only when there are many slots
  uint32_t distinct_ = 0;
  uint32_t free_hint_ = 0;  // no free slot below this one
  unsigned shift_ = 60;
};

}  // namespace phi
