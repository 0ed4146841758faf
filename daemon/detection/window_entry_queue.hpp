// The entries of one sliding window, oldest first: each a time, a timeline sequence and a
// payload (a value's slot, an amount). Stored delta-encoded (varints of the differences from
// the entry before), about 6 bytes an entry where a deque of structs takes 32 and more; the
// oldest entry is kept decoded, since expiry looks at it for every event. A queue in arrival
// order, exactly: times need not increase. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi {

struct WindowEntry {
  TimeMicros ts = 0;
  uint64_t sequence = 0;
  uint64_t payload = 0;
};

class WindowEntryQueue {
 public:
  void Push(const WindowEntry& entry);
  // REQUIRES: !empty().
  const WindowEntry& front() const { return front_; }
  void PopFront();

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  TimeMicros back_ts() const { return back_ts_; }

  // Calls fn(entry) for every entry, oldest first.
  template <typename Fn>
  void ForEach(Fn fn) const {
    if (empty()) return;
    WindowEntry e = front_;
    fn(e);
    size_t at = read_;
    for (uint32_t i = 1; i < size_; ++i) {
      e = Decode(e, at);
      fn(e);
    }
  }

  size_t bytes() const { return sizeof(*this) + bytes_.capacity(); }
  void ShrinkToFit();

 private:
  // The entry encoded at `at` after `previous`; moves `at` past it.
  WindowEntry Decode(const WindowEntry& previous, size_t& at) const;

  std::vector<uint8_t> bytes_;  // the entries after the front, each relative to the one before
  uint32_t read_ = 0;           // where the entry after the front starts
  uint32_t size_ = 0;
  WindowEntry front_;
  TimeMicros back_ts_ = 0;  // the newest entry's time and sequence, which a Push encodes against
  uint64_t back_sequence_ = 0;
};

}  // namespace phi
