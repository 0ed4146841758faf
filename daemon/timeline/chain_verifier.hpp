// Walks the timeline's hash chain and checks it against the data: every link's number and hash,
// every signed checkpoint, every event (re-read and hashed in its link), every dead letter and
// alert log record, and the patient and user indexes (derived again from the events). Reports
// the first problem found, precisely, or the verified range and counts. Reads only; runs on any
// thread that may read the timeline (a secondary instance included).
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/siphash.hpp"
#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/event/event.hpp"
#include "daemon/timeline/hash_chain.hpp"

namespace phi {

struct ChainVerifyOptions {
  // Re-read the records of links written in [from, to); the whole chain's hashes are always
  // walked, since each link vouches for the one before it.
  TimeMicros from = INT64_MIN, to = INT64_MAX;
  // The daemon's start: trust the newest checkpoint whose signature holds and check only the
  // links after it and their records (no scans of whole column families).
  bool tail_only = false;
  // Checks a checkpoint's signature with the public key (absent: signatures are not checked).
  std::function<bool(std::string_view message, std::string_view signature)> check_signature;
  std::string key_fingerprint_hex;  // of the key check_signature holds
  // The last link the writing instance holds in memory (0: unknown, as in a reader), so that a
  // chain cut short at its end is caught too.
  uint64_t writer_head = 0;
};

struct ChainVerification {
  bool intact = true;
  uint64_t links = 0;  // links walked
  uint64_t first_link = 0, last_link = 0;
  TimeMicros first_time = 0, last_time = 0;  // wall time of the first and the last link
  uint64_t links_checked = 0;                // links whose records were re-read
  uint64_t first_sequence = 0;               // the events those links hold (0, 0: none)
  uint64_t last_sequence = 0;
  uint64_t events_checked = 0;            // re-read and hashed to their link's value
  uint64_t events_past_retention = 0;     // removed by a recorded retention
  uint64_t links_partly_retained = 0;     // their hashes could not be recomputed in full
  uint64_t sealed_records = 0;            // dead letters and alert records matched
  uint64_t index_entries = 0;             // patient and user index entries matched
  uint64_t events_before_chain = 0;       // written before the chain began (older timeline)
  TimeMicros removed_before = INT64_MIN;  // the latest retention cut-off the chain records
  uint64_t checkpoints = 0;               // signed checkpoints found
  uint64_t checkpoints_verified = 0;      // their signatures checked with the public key
  uint64_t last_signed_link = 0;          // the newest link a valid signature vouches for
  TimeMicros last_signed_at = 0;
  std::string signatures;        // how signatures were checked, in words
  uint64_t started_at_link = 0;  // tail_only: the checkpoint the walk trusted
  // The first problem: the link it was found in (0: none or not a link's) and what is wrong.
  uint64_t broken_link = 0;
  std::string problem;
};

class ChainVerifier {
 public:
  // `handles` indexed by timeline_families::ColumnFamily, all open. `read` may carry a snapshot.
  ChainVerifier(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                const rocksdb::ReadOptions& read)
      : db_(db), handles_(handles), read_(read) {}

  // A read error is the returned status; tampering is `out.intact == false`.
  Status Run(const ChainVerifyOptions& options, ChainVerification& out);

 private:
  // What the index and record scans found (on a second thread), for comparison with what the
  // events imply and the links seal.
  struct Scanned {
    uint64_t by_patient_sum = 0, by_patient_count = 0;
    uint64_t by_user_sum = 0, by_user_count = 0;
    std::string inserted_index;  // an index entry past the chain's last event (empty: none)
    uint64_t dead_letters = 0, alert_records = 0;
  };
  // A checked link that holds events, as the single pass over the events family fills it.
  struct CheckedLink {
    uint64_t number = 0, first_sequence = 0, last_sequence = 0;
    std::string events_hash;
    uint64_t seen = 0;
    bool done = false;  // every event seen and hashed
    std::unique_ptr<OrderedEventsHasher> hasher;
  };
  Status LoadCheckpoints(const ChainVerifyOptions& options, ChainVerification& out);
  Status WalkLinks(const ChainVerifyOptions& options, ChainVerification& out);
  // One pass over the events family in key order: each event hashed into its link, index
  // entries derived, events no link wrote caught.
  Status ScanEvents(ChainVerification& out);
  CheckedLink* LinkOfSequence(uint64_t sequence);
  // A link's events read through by_sequence, one by one: the tail check at start, and the
  // links the single pass could not complete (events missing or past retention).
  Status CheckLinkEventsBySequence(const CheckedLink& link, bool count, ChainVerification& out,
                                   bool& partly);
  Status CheckSealedRecords(const ChainVerifyOptions& options, ChainVerification& out);
  Status CheckLinkSealed(const ChainLink& link, ChainVerification& out, bool& partly);
  Status ScanFamilies(const ChainVerifyOptions& options, Scanned& scanned) const;
  Status ScanIndex(int family, uint64_t& sum, uint64_t& count, std::string& inserted) const;
  Status CompareScans(const ChainVerifyOptions& options, const Scanned& scanned,
                      ChainVerification& out);
  Status LocateIndexProblem(int family, ChainVerification& out);
  // The index entry a stored event implies: `family`'s key and value (false: none, or the
  // event does not decode).
  static bool DeriveIndexEntry(int family, std::string_view event_key, std::string_view stored,
                               std::string& key, std::string& value);
  bool Retained(std::string_view time_keyed) const;
  bool InCheckedRange(uint64_t sequence) const;
  void Fail(ChainVerification& out, uint64_t link, std::string problem);

  rocksdb::DB& db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles_;
  rocksdb::ReadOptions read_;
  std::vector<ChainCheckpoint> checkpoints_;
  std::vector<CheckedLink> checked_links_;  // in sequence order
  size_t link_cursor_ = 0;                  // the last one an event fell in
  uint64_t first_link_to_check_ = 1;        // links before this only have their hashes walked
  uint64_t chain_first_sequence_ = 0;       // the first and last event any link holds
  uint64_t chain_last_sequence_ = 0;
  uint64_t checked_first_sequence_ = 0;  // ... and the checked links hold
  uint64_t checked_last_sequence_ = 0;
  TimeMicros removed_before_ = INT64_MIN;  // the latest retention cut-off the chain records
  SipKey sum_key_;                         // drawn per run
  uint64_t derived_by_patient_ = 0, derived_by_patient_count_ = 0;
  uint64_t derived_by_user_ = 0, derived_by_user_count_ = 0;
  uint64_t dead_letters_sealed_ = 0, alert_records_sealed_ = 0;
  std::string summary_, key_scratch_, frame_;
};

}  // namespace phi
