// A compact hash map from 64-bit keys that are already hashes (rule keys, value hashes) to
// values, for the engine's per-key state: entries sit in one dense vector (no node per entry)
// and are found through an open-addressing index of 32-bit positions; a map of a few entries
// has no index and is scanned. About 8 bytes of overhead per entry, where unordered_map costs
// about 40. An insert or erase may move entries: references and iteration order do not
// survive them. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

namespace phi {

// `ScanAtMost`: up to this many entries there is no index (a scan of a few is as fast).
template <typename V, size_t ScanAtMost = 16>
class DenseHashMap {
 public:
  using Entry = std::pair<uint64_t, V>;

  V* find(uint64_t key) {
    size_t at = Position(key);
    return at == kNone ? nullptr : &entries_[at].second;
  }
  const V* find(uint64_t key) const {
    size_t at = Position(key);
    return at == kNone ? nullptr : &entries_[at].second;
  }
  bool contains(uint64_t key) const { return Position(key) != kNone; }

  // The value of `key`, inserted as V{} when missing.
  V& operator[](uint64_t key) { return try_emplace(key).first; }

  // The value of `key` and true when it was inserted (from `args`), false when it was there.
  template <typename... Args>
  std::pair<V&, bool> try_emplace(uint64_t key, Args&&... args) {
    size_t at = Position(key);
    if (at != kNone) return {entries_[at].second, false};
    // Grows by half, not double: large maps of large values would waste much otherwise.
    if (entries_.size() == entries_.capacity()) entries_.reserve(entries_.size() * 3 / 2 + 2);
    entries_.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                          std::forward_as_tuple(std::forward<Args>(args)...));
    if (!index_.empty() && entries_.size() * 2 <= index_.size()) {
      Insert(entries_.size() - 1);
    } else if (entries_.size() > kScanAtMost) {
      Rebuild();
    }
    return {entries_.back().second, true};
  }

  bool erase(uint64_t key) {
    size_t at = Position(key);
    if (at == kNone) return false;
    if (!index_.empty()) Unindex(key);
    size_t last = entries_.size() - 1;
    if (at != last) {
      entries_[at] = std::move(entries_[last]);
      if (!index_.empty()) index_[SlotHolding(entries_[at].first, last)] = Stored(at);
    }
    entries_.pop_back();
    return true;
  }

  // Erases every entry for which pred(key, value) holds; returns how many.
  template <typename Pred>
  size_t erase_if(Pred pred) {
    size_t kept = 0;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (pred(entries_[i].first, entries_[i].second)) continue;
      if (kept != i) entries_[kept] = std::move(entries_[i]);
      ++kept;
    }
    size_t erased = entries_.size() - kept;
    if (erased == 0) return 0;
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(kept), entries_.end());
    Rebuild();
    return erased;
  }

  void clear() {
    entries_.clear();
    index_.clear();
  }
  // Gives back the memory of entries erased since the map was largest.
  void shrink_to_fit() {
    if (entries_.capacity() > entries_.size() + entries_.size() / 4 + 1) {
      entries_.shrink_to_fit();
      Rebuild();
    }
  }

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  static constexpr size_t kNone = SIZE_MAX;
  static constexpr size_t kScanAtMost = ScanAtMost;

  static uint32_t Stored(size_t position) { return static_cast<uint32_t>(position + 1); }
  size_t Home(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ULL) >> shift_; }
  size_t Mask() const { return index_.size() - 1; }

  size_t Position(uint64_t key) const {
    if (index_.empty()) {
      for (size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].first == key) return i;
      }
      return kNone;
    }
    for (size_t slot = Home(key);; slot = (slot + 1) & Mask()) {
      if (index_[slot] == 0) return kNone;
      if (entries_[index_[slot] - 1].first == key) return index_[slot] - 1;
    }
  }

  // The index slot that points at `position` (the entry with `key`).
  size_t SlotHolding(uint64_t key, size_t position) const {
    size_t slot = Home(key);
    while (index_[slot] != Stored(position)) slot = (slot + 1) & Mask();
    return slot;
  }

  void Insert(size_t position) {
    size_t slot = Home(entries_[position].first);
    while (index_[slot] != 0) slot = (slot + 1) & Mask();
    index_[slot] = Stored(position);
  }

  // Removes `key` from the index, shifting later entries of its probe run back (no tombstones).
  void Unindex(uint64_t key) {
    size_t hole = SlotHolding(key, Position(key));
    for (size_t next = (hole + 1) & Mask(); index_[next] != 0; next = (next + 1) & Mask()) {
      size_t home = Home(entries_[index_[next] - 1].first);
      // The entry at `next` may move into the hole unless its home lies in (hole, next].
      bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
      if (stays) continue;
      index_[hole] = index_[next];
      hole = next;
    }
    index_[hole] = 0;
  }

  void Rebuild() {
    index_.clear();
    if (entries_.size() <= kScanAtMost) {
      index_.shrink_to_fit();
      return;
    }
    size_t slots = 32;
    unsigned bits = 5;
    while (slots < entries_.size() * 2 + 2) {
      slots *= 2;
      ++bits;
    }
    index_.assign(slots, 0);
    shift_ = 64 - bits;
    for (size_t i = 0; i < entries_.size(); ++i) Insert(i);
  }

  std::vector<Entry> entries_;
  std::vector<uint32_t> index_;  // position + 1 in entries_, 0 = free; load at most one half
  unsigned shift_ = 60;
};

}  // namespace phi
