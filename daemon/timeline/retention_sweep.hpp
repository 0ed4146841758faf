// Retention's removal of expired events while some are under legal hold: one pass over the
// expired range of the events family, keys in order, and one DeleteRange over each run of
// events that no hold covers (a short run is deleted key by key), so the cost is a read of what
// expired plus a tombstone per gap between held events. Without holds the timeline deletes the
// whole range at once instead.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>

#include "daemon/timeline/held_identities.hpp"

namespace phi {

struct RetentionSweep {
  uint64_t removed = 0;          // events this pass deletes
  uint64_t held_kept = 0;        // events kept because their patient or user is held
  uint64_t unreadable_kept = 0;  // events that do not decode: nothing says they may go
  uint64_t ranges = 0;           // DeleteRange calls added to the batch (short runs: Delete)
};

// Adds to `wb` the deletion of every event keyed before `end_key` that `held` does not hold.
// REQUIRES: the writer thread (no event is written meanwhile).
rocksdb::Status SweepExpiredEvents(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* events,
                                   const std::string& end_key, const HeldIdentities& held,
                                   rocksdb::WriteBatch& wb, RetentionSweep& out);

}  // namespace phi
