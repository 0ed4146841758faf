// A compact map from 64-bit keys (hashes of a user and a patient, a department and a patient)
// to the day they were last seen: open addressing with linear probing, 10 bytes a slot, no
// allocation per insert. The engine's learned explanations live in these; a daily Sweep drops
// what is older than the window, so they stay as small as the recent activity they remember.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/binary_codec.hpp"

namespace phi {

class DayStampTable {
 public:
  // Remembers `key` as seen on `day` (days since the epoch; a later day replaces an earlier).
  // Beyond `max_entries` new keys are not added (a bound, never reached in practice).
  void Put(uint64_t key, int64_t day);
  // The day `key` was last seen, or INT64_MIN.
  int64_t Get(uint64_t key) const;
  // Forgets keys last seen before `oldest_day`, and shrinks when mostly empty.
  void Sweep(int64_t oldest_day);

  size_t size() const { return size_; }
  size_t bytes() const { return keys_.capacity() * sizeof(uint64_t) + days_.capacity() * 2; }
  void set_max_entries(size_t n) { max_entries_ = n; }

  void Save(std::string& out) const;
  bool Load(ByteReader& in);

 private:
  static constexpr uint16_t kEmpty = 0;  // days are stored + 1, so 0 marks a free slot
  void Grow(size_t slots);
  size_t Slot(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ULL) >> shift_; }

  std::vector<uint64_t> keys_;
  std::vector<uint16_t> days_;  // day - base_day_ + 1
  int64_t base_day_ = 0;
  size_t size_ = 0;
  unsigned shift_ = 64;
  size_t max_entries_ = 20'000'000;
};

}  // namespace phi
