#include "daemon/detection/sliding_window.hpp"

namespace phi {

void SlidingWindow::Add(TimeMicros ts, uint64_t sequence, uint64_t value, int64_t amount) {
  WindowEntry e{ts, sequence, 0};
  switch (payload_) {
    case WindowPayload::kNone:
      break;
    case WindowPayload::kValue:
      e.payload = values_.Add(value);
      break;
    case WindowPayload::kAmount:
      e.payload = static_cast<uint64_t>(amount);
      sum_ += amount;
      break;
  }
  entries_.Push(e);
}

void SlidingWindow::Expire(TimeMicros cutoff, size_t max_entries) {
  while (!entries_.empty() && (entries_.front().ts <= cutoff || entries_.size() > max_entries)) {
    const WindowEntry& old = entries_.front();
    if (payload_ == WindowPayload::kValue) values_.Remove(static_cast<uint32_t>(old.payload));
    if (payload_ == WindowPayload::kAmount) sum_ -= static_cast<int64_t>(old.payload);
    entries_.PopFront();
  }
}

int64_t SlidingWindow::ConsecutiveRun(int64_t number, int64_t max_step) const {
  int64_t count = 1;
  for (int64_t direction : {-1, 1}) {
    for (int64_t at = number;;) {
      int64_t next = at;
      for (int64_t step = 1; step <= max_step && next == at; ++step) {
        if (values_.Contains(static_cast<uint64_t>(at + direction * step)))
          next = at + direction * step;
      }
      if (next == at) break;
      at = next;
      ++count;
    }
  }
  return count;
}

std::vector<uint64_t> SlidingWindow::LastSequences(size_t n) const {
  std::vector<uint64_t> out;
  const size_t skip = entries_.size() > n ? entries_.size() - n : 0;
  out.reserve(entries_.size() - skip);
  size_t i = 0;
  entries_.ForEach([&](const WindowEntry& e) {
    if (i++ >= skip) out.push_back(e.sequence);
  });
  return out;
}

void SlidingWindow::ShrinkToFit() {
  entries_.ShrinkToFit();
  values_.ShrinkToFit();
}

size_t SlidingWindow::bytes() const {
  return sizeof(*this) - sizeof(entries_) - sizeof(values_) - sizeof(recent_patients_) +
         entries_.bytes() + values_.bytes() + recent_patients_.bytes();
}

void SlidingWindow::Save(std::string& out) const {
  PutVarint(static_cast<uint64_t>(payload_), out);
  PutVarint(entries_.size(), out);
  entries_.ForEach([&](const WindowEntry& e) {
    PutSignedFixed64BE(e.ts, out);
    PutVarint(e.sequence, out);
    // Values by value, never by slot: slots are numbered afresh on load.
    PutVarint(payload_ == WindowPayload::kValue ? values_.value_at(static_cast<uint32_t>(e.payload))
                                                : e.payload,
              out);
  });
  PutVarint(recent_patients_.size(), out);
  recent_patients_.ForEach([&](std::string_view p) { PutLengthPrefixed(p, out); });
}

bool SlidingWindow::Load(ByteReader& in) {
  uint64_t payload, n;
  if (!in.GetVarint(payload) || payload > static_cast<uint64_t>(WindowPayload::kAmount) ||
      !in.GetVarint(n)) {
    return false;
  }
  *this = SlidingWindow(static_cast<WindowPayload>(payload));
  for (uint64_t i = 0; i < n; ++i) {
    TimeMicros ts;
    uint64_t sequence, data;
    if (!in.GetSignedFixed64BE(ts) || !in.GetVarint(sequence) || !in.GetVarint(data)) return false;
    Add(ts, sequence, data, static_cast<int64_t>(data));
  }
  if (!in.GetVarint(n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view p;
    if (!in.GetLengthPrefixed(p)) return false;
    recent_patients_.PushBack(p);
  }
  return true;
}

}  // namespace phi
