// Walks the timeline's hash chain and checks it against the data: every link's hash and number,
// every sealed record (events, dead letters, alert log records) against its link, and every event
// key against the links. Reports the first problem found, precisely. Reads only; runs on any
// thread that may read the timeline (a secondary instance included).
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"

namespace phi {

struct ChainVerification {
  bool intact = true;
  uint64_t links = 0;  // links checked
  uint64_t first_link = 0, last_link = 0;
  uint64_t first_sequence = 0;  // the events the chain covers (0, 0: none)
  uint64_t last_sequence = 0;
  TimeMicros first_time = 0, last_time = 0;  // wall time of the first and the last link
  uint64_t sealed_records = 0;               // re-read and matched their link
  uint64_t sealed_past_retention = 0;        // removed by a recorded retention
  uint64_t links_partly_retained = 0;        // their sealed hash could not be recomputed
  uint64_t events_scanned = 0;               // keys of the events family checked
  uint64_t events_before_chain = 0;          // written before the chain began (older timeline)
  // The first problem: the link it was found in (0: none or not a link's) and what is wrong.
  uint64_t broken_link = 0;
  std::string problem;
};

class ChainVerifier {
 public:
  // `handles` indexed by timeline_families::ColumnFamily; chain, events, by_sequence, dead
  // letters and alerts must be open. `read` may carry a snapshot.
  ChainVerifier(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                const rocksdb::ReadOptions& read)
      : db_(db), handles_(handles), read_(read) {}

  // `writer_head`: the last link the writing instance holds in memory (0: unknown, as in a
  // reader), so a chain cut short at its end is caught too. A read error is the returned
  // status; tampering is `out.intact == false`.
  Status Run(uint64_t writer_head, ChainVerification& out);

 private:
  Status CheckLinks(uint64_t writer_head, ChainVerification& out);
  Status CheckSealedRecords(ChainVerification& out);
  Status CheckEventKeys(ChainVerification& out);
  void Fail(ChainVerification& out, uint64_t link, std::string problem);

  rocksdb::DB& db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles_;
  rocksdb::ReadOptions read_;
  TimeMicros removed_before_ = INT64_MIN;  // the latest retention cut-off the chain records
};

}  // namespace phi
