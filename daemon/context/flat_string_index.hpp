// A compact open-addressing hash index from a string key to a position in an array the caller
// owns (the key is read back from that array, not stored): 8 bytes a slot instead of the 50 or
// so of a std::unordered_map node, and lookups by std::string_view that never allocate.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace phi {

class FlatStringIndex {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  // Sizes the table for `count` keys without rehashing.
  void Reserve(size_t count);

  // The position stored for `key`, or kNotFound. `key_of(position)` returns a stored key.
  template <typename KeyOf>
  uint32_t Find(std::string_view key, uint64_t hash, const KeyOf& key_of) const {
    if (slots_.empty()) return kNotFound;
    const uint32_t tag = Tag(hash);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.position_plus_one == 0) return kNotFound;
      if (slot.tag == tag && key_of(slot.position_plus_one - 1) == key) {
        return slot.position_plus_one - 1;
      }
    }
  }

  // Adds `position` under a key that is not in the index yet (REQUIRES: Find returned kNotFound).
  template <typename KeyOf>
  void Insert(uint64_t hash, uint32_t position, const KeyOf& key_of) {
    if ((used_ + 1) * 4 > slots_.size() * 3) Grow(key_of);
    Place(hash, position);
    ++used_;
  }

  size_t size() const { return used_; }
  size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint32_t position_plus_one = 0;  // 0: empty
    uint32_t tag = 0;                // high bits of the hash, to skip most key compares
  };

  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

  void Place(uint64_t hash, uint32_t position) {
    size_t i = hash & mask_;
    while (slots_[i].position_plus_one != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{position + 1, Tag(hash)};
  }

  template <typename KeyOf>
  void Grow(const KeyOf& key_of) {
    std::vector<Slot> old;
    old.swap(slots_);
    Allocate(old.empty() ? 16 : old.size() * 2);
    for (const Slot& slot : old) {
      if (slot.position_plus_one != 0) {
        Place(Hash(key_of(slot.position_plus_one - 1)), slot.position_plus_one - 1);
      }
    }
  }

  void Allocate(size_t slot_count) {
    slots_.assign(slot_count, Slot{});
    mask_ = slot_count - 1;
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t used_ = 0;
};

inline void FlatStringIndex::Reserve(size_t count) {
  if (used_ != 0) return;  // only before the first insert: a rehash needs key_of
  size_t slot_count = 16;
  while (slot_count * 3 < count * 4 + 4) slot_count *= 2;
  if (slot_count > slots_.size()) Allocate(slot_count);
}

}  // namespace phi
