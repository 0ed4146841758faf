#include "daemon/detection/day_stamp_table.hpp"

#include <algorithm>
#include <bit>
#include <climits>

namespace phi {
namespace {

constexpr size_t kMinSlots = 64;
// Stored days are relative to a base day, 16 bits: a base is re-chosen when the range is
// exceeded (at a sweep), which the windows of days to weeks never come near.
constexpr int64_t kMaxRelativeDay = 65'000;
// A new table's base lies this many days before its first day (events may come a little late).
constexpr int64_t kRoomBefore = 1'000;

}  // namespace

void DayStampTable::Grow(size_t slots) {
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint16_t> old_days = std::move(days_);
  keys_.assign(slots, 0);
  days_.assign(slots, kEmpty);
  shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots));
  size_ = 0;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (old_days[i] == kEmpty) continue;
    size_t slot = Slot(old_keys[i]);
    while (days_[slot] != kEmpty) slot = (slot + 1) & (slots - 1);
    keys_[slot] = old_keys[i];
    days_[slot] = old_days[i];
    ++size_;
  }
}

void DayStampTable::Put(uint64_t key, int64_t day) {
  if (keys_.empty()) {
    base_day_ = day - kRoomBefore;
    Grow(kMinSlots);
  }
  int64_t relative = day - base_day_ + 1;
  if (relative < 1) return;  // older than anything the table can hold: not worth keeping
  if (relative > kMaxRelativeDay) {
    Sweep(day - kMaxRelativeDay / 2);
    relative = day - base_day_ + 1;
  }
  if ((size_ + 1) * 10 > keys_.size() * 7) Grow(keys_.size() * 2);
  const size_t mask = keys_.size() - 1;
  for (size_t slot = Slot(key);; slot = (slot + 1) & mask) {
    if (days_[slot] == kEmpty) {
      if (size_ >= max_entries_) return;
      keys_[slot] = key;
      days_[slot] = static_cast<uint16_t>(relative);
      ++size_;
      return;
    }
    if (keys_[slot] == key) {
      days_[slot] = std::max(days_[slot], static_cast<uint16_t>(relative));
      return;
    }
  }
}

int64_t DayStampTable::Get(uint64_t key) const {
  if (keys_.empty()) return INT64_MIN;
  const size_t mask = keys_.size() - 1;
  for (size_t slot = Slot(key);; slot = (slot + 1) & mask) {
    if (days_[slot] == kEmpty) return INT64_MIN;
    if (keys_[slot] == key) return base_day_ + days_[slot] - 1;
  }
}

void DayStampTable::Sweep(int64_t oldest_day) {
  if (keys_.empty()) return;
  // Rebuild with the survivors, relative to a new base (also the shrink).
  std::vector<std::pair<uint64_t, int64_t>> live;
  live.reserve(size_);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (days_[i] == kEmpty) continue;
    int64_t day = base_day_ + days_[i] - 1;
    if (day >= oldest_day) live.emplace_back(keys_[i], day);
  }
  keys_.clear();
  days_.clear();
  keys_.shrink_to_fit();
  days_.shrink_to_fit();
  size_ = 0;
  if (live.empty()) return;
  base_day_ = oldest_day - kRoomBefore;
  size_t slots = kMinSlots;
  while (live.size() * 10 > slots * 7) slots *= 2;
  Grow(slots);
  for (const auto& [key, day] : live) Put(key, day);
}

void DayStampTable::Save(std::string& out) const {
  PutVarint(size_, out);
  PutSignedFixed64BE(base_day_, out);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (days_[i] == kEmpty) continue;
    PutFixed64BE(keys_[i], out);
    PutVarint(days_[i], out);
  }
}

bool DayStampTable::Load(ByteReader& in) {
  uint64_t n;
  int64_t base;
  if (!in.GetVarint(n) || !in.GetSignedFixed64BE(base) || n > max_entries_) return false;
  keys_.clear();
  days_.clear();
  size_ = 0;
  if (n == 0) return true;
  base_day_ = base;
  size_t slots = kMinSlots;
  while (n * 10 > slots * 7) slots *= 2;
  Grow(slots);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t key, relative;
    if (!in.GetFixed64BE(key) || !in.GetVarint(relative) || relative == 0 ||
        relative > kMaxRelativeDay) {
      return false;
    }
    Put(key, base + static_cast<int64_t>(relative) - 1);
  }
  return true;
}

}  // namespace phi
