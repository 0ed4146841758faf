#include "daemon/timeline/retention_filter.hpp"

#include "daemon/timeline/timeline_keys.hpp"

namespace phi {

void RetentionFilter::AdvanceCutoff(TimeMicros cutoff) {
  TimeMicros current = cutoff_.load(std::memory_order_relaxed);
  while (cutoff > current && !cutoff_.compare_exchange_weak(current, cutoff)) {
  }
}

bool RetentionFilter::Filter(int, const rocksdb::Slice& key, const rocksdb::Slice&, std::string*,
                             bool*) const {
  std::string_view k(key.data(), key.size());
  TimeMicros ts = position_ == TimePosition::kKeyPrefix ? timeline_keys::TimeOfEventKey(k)
                                                        : timeline_keys::TimeOfSuffixedKey(k);
  return ts < cutoff();
}

}  // namespace phi
