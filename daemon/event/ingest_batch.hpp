// What one atomic commit to the timeline carries: the events read, the records that did not
// parse (dead letters) and the read positions reached. Writing all three in one RocksDB
// WriteBatch is what makes ingestion exactly-once across crashes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/event/event.hpp"

namespace phi {

struct DeadLetter {
  TimeMicros received = 0;
  std::string source;
  std::string path;
  uint64_t offset = 0;  // byte offset of the record in its file
  uint64_t line = 0;    // 1-based line number of the record's first line
  std::string reason;
  std::string raw;        // the record's bytes, cut to the configured cap
  uint64_t raw_size = 0;  // the record's full size
  std::string user;       // who the record names, when the parser could tell; never stored
};

// An opaque read position owned by a collector (the timeline does not interpret it).
struct CheckpointUpdate {
  std::string key;
  std::string value;
  bool erase = false;  // the file is gone and fully read: forget its position
};

struct IngestBatch {
  std::vector<Event> events;  // Commit() assigns each a sequence number
  size_t event_count = 0;     // events[0, event_count) are live; the rest is reusable storage
  std::vector<DeadLetter> dead_letters;
  std::vector<CheckpointUpdate> checkpoints;
  std::string source;  // the source these belong to, for per-source counters

  Event& AddEvent() {
    if (event_count == events.size()) events.emplace_back();
    Event& e = events[event_count++];
    e.Clear();
    return e;
  }
  void DropLastEvent() { --event_count; }
  bool empty() const { return event_count == 0 && dead_letters.empty() && checkpoints.empty(); }
  void Reset() {
    event_count = 0;
    dead_letters.clear();
    checkpoints.clear();
  }
};

}  // namespace phi
