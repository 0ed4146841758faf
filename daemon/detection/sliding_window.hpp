// One key's sliding window for an aggregate rule: the matching events in arrival order (time,
// sequence and what the measure needs of each), and what the measures read: the number of
// entries (count), the distinct values with their occurrences (distinct, consecutive), the
// sum, and the last few distinct patients for the alert. Compact: entries are delta-encoded
// (window_entry_queue.hpp) and only the measure's own data is kept. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/binary_codec.hpp"
#include "daemon/detection/compact_string_list.hpp"
#include "daemon/detection/window_entry_queue.hpp"
#include "daemon/detection/window_value_counts.hpp"

namespace phi {

// What each entry carries besides its time and sequence.
enum class WindowPayload : uint8_t {
  kNone,    // count()
  kValue,   // distinct() and consecutive(): a 64-bit value (a hash, or a number)
  kAmount,  // sum(): a signed amount
};

class SlidingWindow {
 public:
  static constexpr size_t kMaxRecentPatients = 10;

  explicit SlidingWindow(WindowPayload payload = WindowPayload::kNone) : payload_(payload) {}

  // Appends an event; `value` is read for kValue windows, `amount` for kAmount ones.
  void Add(TimeMicros ts, uint64_t sequence, uint64_t value, int64_t amount);
  // Remembers a patient (the last few distinct ones are kept).
  void AddPatient(std::string_view patient) {
    recent_patients_.PushRecent(patient, kMaxRecentPatients);
  }
  // Drops the oldest entries while the oldest is at or before `cutoff` or there are more than
  // `max_entries`.
  void Expire(TimeMicros cutoff, size_t max_entries);

  size_t count() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  size_t distinct() const { return values_.distinct(); }
  int64_t sum() const { return sum_; }
  // How many numbers form the run around `number` in which neighbours are at most `max_step`
  // apart (kValue windows of numbers; 1 counts only strictly consecutive numbers).
  int64_t ConsecutiveRun(int64_t number, int64_t max_step = 1) const;
  // The time of the newest entry (by arrival). REQUIRES: !empty().
  TimeMicros newest_ts() const { return entries_.back_ts(); }
  // The sequences of the last `n` entries, oldest first.
  std::vector<uint64_t> LastSequences(size_t n) const;
  std::vector<std::string> RecentPatients() const { return recent_patients_.ToVector(); }

  void ShrinkToFit();
  size_t bytes() const;

  void Save(std::string& out) const;
  bool Load(ByteReader& in);

 private:
  WindowEntryQueue entries_;
  WindowValueCounts values_;  // kValue only
  int64_t sum_ = 0;           // kAmount only
  CompactStringList recent_patients_;
  WindowPayload payload_;
};

}  // namespace phi
