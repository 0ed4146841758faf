#include "daemon/detection/window_value_counts.hpp"

namespace phi {

uint32_t WindowValueCounts::Find(uint64_t value) const {
  if (index_.empty()) {
    // Four values to a step with one branch; a free slot may hold a stale equal value, which
    // its zero count tells apart.
    const uint64_t* v = values_.data();
    const size_t n = values_.size();
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      if ((v[i] == value) | (v[i + 1] == value) | (v[i + 2] == value) | (v[i + 3] == value)) break;
    }
    for (; i < n; ++i) {
      if (v[i] == value && counts_[i] != 0) return static_cast<uint32_t>(i);
    }
    return kNone;
  }
  const size_t mask = index_.size() - 1;
  for (size_t at = Home(value);; at = (at + 1) & mask) {
    if (index_[at] == 0) return kNone;
    if (values_[index_[at] - 1] == value) return index_[at] - 1;
  }
}

uint32_t WindowValueCounts::Add(uint64_t value) {
  uint32_t slot = Find(value);
  if (slot != kNone) {
    ++counts_[slot];
    return slot;
  }
  while (free_hint_ < counts_.size() && counts_[free_hint_] != 0) ++free_hint_;
  slot = free_hint_;
  if (slot == counts_.size()) {
    values_.push_back(value);
    counts_.push_back(1);
  } else {
    values_[slot] = value;
    counts_[slot] = 1;
  }
  ++distinct_;
  if (!index_.empty() && values_.size() * 2 <= index_.size()) {
    Index(slot);
  } else if (values_.size() > kScanAtMost) {
    Rebuild();
  }
  return slot;
}

void WindowValueCounts::Remove(uint32_t slot) {
  if (--counts_[slot] != 0) return;
  --distinct_;
  if (!index_.empty()) Unindex(slot);
  if (slot < free_hint_) free_hint_ = slot;
  if (distinct_ == 0) {  // the window emptied: start small again
    values_.clear();
    counts_.clear();
    index_.clear();
    free_hint_ = 0;
  }
}

void WindowValueCounts::Index(uint32_t slot) {
  const size_t mask = index_.size() - 1;
  size_t at = Home(values_[slot]);
  while (index_[at] != 0) at = (at + 1) & mask;
  index_[at] = slot + 1;
}

void WindowValueCounts::Unindex(uint32_t slot) {
  const size_t mask = index_.size() - 1;
  size_t hole = Home(values_[slot]);
  while (index_[hole] != slot + 1) hole = (hole + 1) & mask;
  // Backward shift: later entries of the probe run move into the hole unless their home lies
  // in (hole, next].
  for (size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
    size_t home = Home(values_[index_[next] - 1]);
    bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (stays) continue;
    index_[hole] = index_[next];
    hole = next;
  }
  index_[hole] = 0;
}

void WindowValueCounts::Rebuild() {
  index_.clear();
  if (values_.size() <= kScanAtMost) {
    index_.shrink_to_fit();
    return;
  }
  size_t slots = 64;
  unsigned bits = 6;
  while (slots < values_.size() * 2 + 2) {
    slots *= 2;
    ++bits;
  }
  index_.assign(slots, 0);
  shift_ = 64 - bits;
  for (uint32_t i = 0; i < values_.size(); ++i) {
    if (counts_[i] != 0) Index(i);
  }
}

void WindowValueCounts::ShrinkToFit() {
  // Trailing free slots can go (no entry names them); the others keep their numbers.
  while (!counts_.empty() && counts_.back() == 0) {
    counts_.pop_back();
    values_.pop_back();
  }
  if (free_hint_ > counts_.size()) free_hint_ = static_cast<uint32_t>(counts_.size());
  values_.shrink_to_fit();
  counts_.shrink_to_fit();
  Rebuild();
}

}  // namespace phi
