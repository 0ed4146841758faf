#include "daemon/timeline/retention_sweep.hpp"

#include <memory>
#include <vector>

#include "daemon/timeline/at_rest_codec.hpp"

namespace phi {
namespace {

// A run of expired events shorter than this is deleted key by key: every range tombstone is
// fragmented again by each iterator over the memtable that holds it, so holds covering every
// other event must not leave one tombstone per event.
constexpr size_t kShortestRange = 16;

}  // namespace

rocksdb::Status SweepExpiredEvents(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* events,
                                   const std::string& end_key, const HeldIdentities& held,
                                   rocksdb::WriteBatch& wb, RetentionSweep& out) {
  rocksdb::Slice upper(end_key);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  ro.fill_cache = false;  // one pass over old data: leave the cache to queries
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, events));
  Event event;
  // The run of events being removed: its first keys, kept until it is long enough for a range.
  std::vector<std::string> run;
  size_t run_length = 0;
  auto end_run = [&](const rocksdb::Slice& limit) {
    rocksdb::Status s;
    if (run_length >= kShortestRange) {
      s = wb.DeleteRange(events, run.front(), limit);
      ++out.ranges;
    } else {
      for (size_t i = 0; i < run.size() && s.ok(); ++i) s = wb.Delete(events, run[i]);
    }
    run.clear();
    run_length = 0;
    return s;
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view user, patient;
    const bool decoded = IdentitiesOfStoredEvent(
        std::string_view(it->value().data(), it->value().size()), event, user, patient);
    if (decoded && !held.Holds(patient, user)) {
      if (run.size() < kShortestRange) run.emplace_back(it->key().data(), it->key().size());
      ++run_length;
      ++out.removed;
      continue;
    }
    ++(decoded ? out.held_kept : out.unreadable_kept);
    if (run_length > 0) {
      rocksdb::Status s = end_run(it->key());
      if (!s.ok()) return s;
    }
  }
  if (!it->status().ok()) return it->status();
  return run_length > 0 ? end_run(end_key) : rocksdb::Status::OK();
}

}  // namespace phi
