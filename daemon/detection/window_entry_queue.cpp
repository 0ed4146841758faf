#include "daemon/detection/window_entry_queue.hpp"

namespace phi {
namespace {

// Compacting the consumed front costs a copy of the rest: done once it is half of the bytes.
constexpr size_t kCompactAtLeast = 64;

void PutVarint(uint64_t v, std::vector<uint8_t>& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

uint64_t GetVarint(const std::vector<uint8_t>& in, size_t& at) {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    uint8_t byte = in[at++];
    v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return v;
  }
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace

void WindowEntryQueue::Push(const WindowEntry& entry) {
  if (size_ == 0) {
    front_ = entry;
  } else {
    // Differences wrap around in unsigned arithmetic, so any times and sequences round-trip.
    PutVarint(ZigZag(static_cast<int64_t>(static_cast<uint64_t>(entry.ts) -
                                          static_cast<uint64_t>(back_ts_))),
              bytes_);
    PutVarint(ZigZag(static_cast<int64_t>(entry.sequence - back_sequence_)), bytes_);
    PutVarint(entry.payload, bytes_);
  }
  back_ts_ = entry.ts;
  back_sequence_ = entry.sequence;
  ++size_;
}

WindowEntry WindowEntryQueue::Decode(const WindowEntry& previous, size_t& at) const {
  WindowEntry e;
  e.ts = static_cast<TimeMicros>(static_cast<uint64_t>(previous.ts) +
                                 static_cast<uint64_t>(UnZigZag(GetVarint(bytes_, at))));
  e.sequence = previous.sequence + static_cast<uint64_t>(UnZigZag(GetVarint(bytes_, at)));
  e.payload = GetVarint(bytes_, at);
  return e;
}

void WindowEntryQueue::PopFront() {
  if (--size_ == 0) {
    bytes_.clear();
    read_ = 0;
    return;
  }
  size_t at = read_;
  front_ = Decode(front_, at);
  read_ = static_cast<uint32_t>(at);
  if (read_ >= kCompactAtLeast && read_ * 2 >= bytes_.size()) {
    bytes_.erase(bytes_.begin(), bytes_.begin() + read_);
    read_ = 0;
  }
}

void WindowEntryQueue::ShrinkToFit() {
  if (read_ > 0) {
    bytes_.erase(bytes_.begin(), bytes_.begin() + read_);
    read_ = 0;
  }
  bytes_.shrink_to_fit();
}

}  // namespace phi
