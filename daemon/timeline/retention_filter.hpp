// Drops timeline entries older than the retention cut-off while RocksDB compacts, so old time
// ranges leave the index column families without a scan. The cut-off only moves forward.
#pragma once

#include <rocksdb/compaction_filter.h>

#include <atomic>

#include "daemon/common/time_util.hpp"

namespace phi {

class RetentionFilter : public rocksdb::CompactionFilter {
 public:
  enum class TimePosition { kKeyPrefix, kKeySuffix };
  explicit RetentionFilter(TimePosition position) : position_(position) {}

  void AdvanceCutoff(TimeMicros cutoff);
  TimeMicros cutoff() const { return cutoff_.load(std::memory_order_relaxed); }

  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& value,
              std::string* new_value, bool* value_changed) const override;
  const char* Name() const override { return "phi.RetentionFilter"; }

 private:
  TimePosition position_;
  std::atomic<TimeMicros> cutoff_{INT64_MIN};
};

}  // namespace phi
