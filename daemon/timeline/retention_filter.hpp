// Drops timeline entries past retention while RocksDB compacts, so old time ranges leave the
// index column families without a scan: entries filed before the cut-off, unless their patient or
// user is under legal hold (see RetentionView). Each compaction takes the view current when it
// starts; the cut-off only moves forward.
#pragma once

#include <rocksdb/compaction_filter.h>

#include <memory>
#include <mutex>

#include "daemon/event/event.hpp"
#include "daemon/timeline/retention_view.hpp"

namespace phi {

// The view every family's filter starts from, one per timeline. Thread-safe.
class RetentionFilterState {
 public:
  // A retention pass: the cut-off it applied (never moved back) and the holds it kept.
  void Advance(TimeMicros cutoff, std::shared_ptr<const HeldIdentities> held);
  // A hold placed since: its entries are kept from now on. A released hold's entries stay
  // kept until the next pass has removed its events, so the indexes never lose an entry whose
  // event is still there.
  void Keep(const HeldIdentities& held);
  RetentionView view() const;

 private:
  mutable std::mutex mutex_;
  RetentionView view_;  // GUARDED_BY(mutex_)
};

class RetentionFilter : public rocksdb::CompactionFilter {
 public:
  // What a family's keys and values are: time first (events, dead letters) or last (indexes),
  // and what names the patient and the user.
  enum class Entries { kEvents, kDeadLetters, kPatientIndex, kUserIndex };
  RetentionFilter(Entries entries, RetentionView view)
      : entries_(entries), view_(std::move(view)) {}

  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& value,
              std::string* new_value, bool* value_changed) const override;
  const char* Name() const override { return "phi.RetentionFilter"; }

 private:
  // Whether the encoded event (full or summary) names a held patient or user; an entry that
  // does not decode is kept.
  bool HeldByValue(const rocksdb::Slice& value) const;

  Entries entries_;
  RetentionView view_;
  mutable Event event_;  // reused: a filter belongs to one compaction
};

class RetentionFilterFactory : public rocksdb::CompactionFilterFactory {
 public:
  RetentionFilterFactory(RetentionFilter::Entries entries,
                         std::shared_ptr<const RetentionFilterState> state)
      : entries_(entries), state_(std::move(state)) {}
  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& context) override;
  const char* Name() const override { return "phi.RetentionFilterFactory"; }

 private:
  RetentionFilter::Entries entries_;
  std::shared_ptr<const RetentionFilterState> state_;
};

}  // namespace phi
