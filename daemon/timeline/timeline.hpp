// The timeline: every event in one embedded RocksDB database, ordered by time and indexed by
// patient and by user, with the collectors' read positions and the dead letters committed in
// the same atomic batches. Thread-safety: one writer thread calls Commit(), ApplyRetention()
// and the flushes; WriteAux() may also come from detection's worker and the sinks' threads; queries
// and Stats() may run on any thread (the daemon's control socket runs them on its own). A secondary
// instance (OpenSecondary) reads while the daemon writes.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/event/ingest_batch.hpp"
#include "daemon/integrity/at_rest_keys.hpp"
#include "daemon/timeline/at_rest_codec.hpp"
#include "daemon/timeline/chain_verifier.hpp"
#include "daemon/timeline/event_query.hpp"
#include "daemon/timeline/hash_chain.hpp"
#include "daemon/timeline/legal_hold.hpp"
#include "daemon/timeline/retention_filter.hpp"
#include "daemon/timeline/retention_view.hpp"

namespace phi {

// The days that keep `years` whole years, leap days included (6: 2192, 10: 3653).
constexpr int64_t RetentionDaysOfYears(int64_t years) {
  return years * 365 + (years + 3) / 4;
}

struct TimelineOptions {
  std::string path;
  bool sync = false;                                 // fsync the WAL on every commit
  int64_t retention_days = RetentionDaysOfYears(6);  // HIPAA: six years; 0 keeps everything
  size_t write_buffer_mb = 16;                       // per column family memtable
  size_t total_write_buffer_mb = 96;                 // across column families
  size_t block_cache_mb = 32;
  // Write-ahead logs kept at most (about): past it, RocksDB flushes the column families that
  // pin the oldest log, however little they hold. Bounds the replay after a crash and for
  // every reader (phi-auditctl opens a secondary instance, which replays the logs it finds).
  size_t max_wal_mb = 64;
  // Encryption at rest (daemon/timeline/at_rest_codec.hpp): a new timeline opened with keys is
  // sealed under them for good; without keys it is clear, and a sealed one does not open.
  std::shared_ptr<const AtRestKeyRing> at_rest_keys;
};

// Column families that later stages (detection, alerts, sinks) use through opaque keys, so the
// timeline stays below them and knows nothing of their records.
enum class AuxFamily { kAlerts, kMeta };

struct AuxWrite {
  AuxFamily family;
  std::string key;
  std::string value;
  bool erase = false;
  // A record written once and never changed (an alert log record): its link seals its value,
  // and verification checks it is still there, unchanged.
  bool sealed = false;
};

struct SourceStats {
  std::string source;
  uint64_t events = 0;
  uint64_t dead_letters = 0;
  uint64_t implausible_times = 0;  // events flagged Event::implausible_time
  TimeMicros newest_event = 0;     // largest plausible event time seen
  TimeMicros last_commit = 0;      // wall-clock time of the last commit
  // Wall-clock time of the last commit that carried an event: a source whose records all fail
  // to parse is silent as far as the audit is concerned.
  TimeMicros last_event_commit = 0;
};

// NIST SP 800-38D's bound for AES-GCM with random 96-bit nonces: values sealed under one key.
constexpr uint64_t kAtRestSealsPerKey = uint64_t{1} << 32;

struct TimelineStats {
  uint32_t schema_version = 0;
  bool encrypted_at_rest = false;
  // Sealed: the key new values are sealed with and how many it has sealed (AES-GCM with random
  // nonces: rotate well before kAtRestSealsPerKey).
  uint32_t at_rest_key = 0;
  uint64_t at_rest_key_seals = 0;
  uint64_t events = 0;
  uint64_t dead_letters = 0;
  uint64_t implausible_times = 0;
  std::vector<SourceStats> sources;
};

class Timeline {
 public:
  // 2: the hash chain (a `chain` column family). A version 1 timeline is upgraded on open; its
  // earlier events stay outside the chain. 3: values may be sealed at rest (a timeline created
  // since with keys); an older one is upgraded on open and stays clear.
  static constexpr uint32_t kSchemaVersion = 3;

  static Result<std::unique_ptr<Timeline>> Open(const TimelineOptions& options);
  // A read-only view that follows a running daemon's database (RocksDB secondary instance).
  // Opening one opens every table of each column family it reads, so a reader that needs only
  // a patient's or a user's history says so: the events and meta families are always opened
  // (RocksDB requires the default family, which holds the events), the others on request, and
  // the methods that read a family not opened return an Invalid status. Without `keys` a
  // timeline encrypted at rest still answers stats and verify, but no event, dead letter or
  // alert.
  enum class Families { kAll, kPatientIndex, kUserIndex, kEventsOnly };
  static Result<std::unique_ptr<Timeline>> OpenSecondary(
      const std::string& path, Families families = Families::kAll,
      std::shared_ptr<const AtRestKeyRing> keys = nullptr);
  ~Timeline();

  // Writes events, their index entries, dead letters, checkpoints and counters atomically and
  // assigns each event its sequence number. An event flagged Event::implausible_time (see
  // MarkImplausibleTimes) is counted and keyed by `now`, the time it was received, instead of
  // its own: a patient's history shows it and retention removes it on time, rather than at
  // once (dated 1970) or never (dated 2099).
  // REQUIRES: a single writer thread.
  Status Commit(IngestBatch& batch, TimeMicros now);

  // Queries and replay return only what retention keeps (see retention()), whether the
  // compaction that removes the rest has run or not, here and in a secondary instance alike.
  Status Query(const EventQuery& query, EventPage& page) const;
  Result<std::vector<DeadLetter>> DeadLetters(size_t limit) const;

  // The collector positions whose keys start with `prefix`.
  Result<std::vector<CheckpointUpdate>> Checkpoints(const std::string& prefix) const;

  TimelineStats Stats() const;

  // Removes events and dead letters filed before now - retention (the cut-off never moves
  // back), except the events of a patient or user under legal hold: with no hold, whole key
  // ranges at once; with holds, one pass over the expired events and a range deletion per gap
  // between held ones. The indexes follow through the compaction filter. The pass, its cut-off
  // and how many held events it kept are a link in the chain; the cut-off is also stored for
  // readers. REQUIRES: the writer thread.
  Status ApplyRetention(TimeMicros now);
  // What retention keeps now: the applied cut-off and the active holds (any thread).
  RetentionView retention() const;

  // Legal holds. Each placement and release is a sealed record in the chain (it stays), with
  // `actor` and `now`, and a line in the timeline log naming the hold, never its subject.
  // REQUIRES: the writer thread.
  Result<LegalHold> PlaceLegalHold(LegalHoldKind kind, const std::string& subject,
                                   const std::string& reason, const std::string& actor,
                                   TimeMicros now);
  Result<LegalHold> ReleaseLegalHold(uint64_t id, const std::string& reason,
                                     const std::string& actor, TimeMicros now);
  // Every hold ever placed, released ones included, oldest first.
  Result<std::vector<LegalHold>> LegalHolds() const;

  // Events with a sequence above `sequence`, in sequence order (replay after a restart).
  Status ReadEventsAfter(uint64_t sequence, size_t limit, std::vector<Event>& out) const;
  uint64_t next_sequence() const { return next_sequence_; }
  // The sequence number of the newest committed event (0: none), for readers on any thread
  // (an event sink's runner): next_sequence() is for the writer thread.
  uint64_t last_sequence() const {
    std::lock_guard lock(stats_mutex_);
    return next_sequence_ - 1;
  }

  // Atomic writes, point reads and prefix scans for the auxiliary families. `after` resumes a
  // scan after that key; empty starts at the first (or, newest first, the last) key.
  Status WriteAux(const std::vector<AuxWrite>& writes);
  Result<std::optional<std::string>> GetAux(AuxFamily family, const std::string& key) const;
  Status ScanAux(AuxFamily family, const std::string& prefix, const std::string& after,
                 size_t limit, bool newest_first,
                 std::vector<std::pair<std::string, std::string>>& out) const;
  // About how many bytes the keys in [from, to) take, in memory and on disk (an estimate).
  Result<uint64_t> ApproximateAuxBytes(AuxFamily family, const std::string& from,
                                       const std::string& to) const;

  // Walks the hash chain and checks links, checkpoints, events, indexes and sealed records
  // against it (see ChainVerifier). A read error is the status; tampering is reported in `out`.
  Status VerifyChain(const ChainVerifyOptions& options, ChainVerification& out) const;
  // Writes a link recording a change outside the events (rules, context feeds, configuration
  // loaded), described by `note` (no PHI).
  Status RecordConfigChange(const std::string& note);
  // Signs the newest link with `sign` (an Ed25519 signature over SignedCheckpointMessage) and
  // stores the checkpoint in the chain. Nothing when the chain is empty.
  Status WriteSignedCheckpoint(const std::string& key_fingerprint_hex,
                               const std::function<std::string(std::string_view)>& sign,
                               ChainCheckpoint* written = nullptr);
  // The newest link, as this instance knows it (0: no link yet).
  struct ChainHead {
    uint64_t number = 0;
    std::string hash;
  };
  ChainHead chain_head() const {
    std::lock_guard lock(chain_mutex_);
    return {chain_number_, chain_hash_};
  }

  // For a secondary instance: catch up with what the daemon has written since.
  Status Refresh();

  // Compacts every column family now (the compaction filters drop what retention no longer
  // keeps): for maintenance and tests; RocksDB compacts on its own otherwise.
  Status CompactAll();

  // Writes every column family's memtable to disk and waits: the write-ahead logs before it are
  // then deleted, so nothing is left to replay.
  Status Flush();
  // The same without waiting (the flush runs on RocksDB's background threads): for the idle
  // daemon, so it never holds up ingest.
  Status StartFlush();
  // Writes since the last flush (Commit, WriteAux, ApplyRetention); 0 when there is nothing to
  // flush.
  uint64_t unflushed_writes() const { return unflushed_writes_; }

  // A clean close: flushes (primary) and closes the database. The destructor calls it.
  Status Close();

  // For a directory removed or replaced under the daemon: stops RocksDB's background work and
  // lets go of the database without closing it. Closing would flush into, and purge "obsolete"
  // files from, whatever lies at the path now (a timeline restored from a backup, one a new
  // daemon writes). Every later write fails; reads still see the old data. End the process soon.
  void Abandon();

 private:
  Timeline() = default;
  Status LoadMeta();
  Status LoadChainHead();
  // Whether the timeline is sealed at rest, and that the key ring holds every key it was sealed
  // with (the check value and each key's seal count).
  Status LoadAtRest();
  Status LoadKeyUsage(const AtRestKeyRing* keys);
  // Adds the values sealed since the last commit to the current key's count, in `wb`.
  void CountSeals(rocksdb::WriteBatch& wb, uint64_t sealed_now);
  // A codec for the calling thread (the writer keeps its own).
  AtRestCodec codec() const { return AtRestCodec(options_.at_rest_keys.get(), sealed_); }
  // The applied cut-off and the active holds: from the sealed history where this instance has
  // the alerts family open, else from the meta family's copy.
  Status LoadRetention();
  Status WriteAuxLinked(const std::vector<AuxWrite>& writes, std::string note);
  // Adds the batch's chain link to `wb` and writes it: every write goes through here. `sealed_aux`
  // names the keys of auxiliary records to seal (events and dead letters always are).
  Status WriteLinked(rocksdb::WriteBatch& wb, ChainLink link, const std::string& what);
  Status FlushAll(bool wait);
  rocksdb::ColumnFamilyHandle* cf(int index) const { return handles_[index]; }
  // Ok when the column family was opened (always, except in a secondary opened for less).
  Status Opened(int index) const;

  TimelineOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::shared_ptr<RetentionFilterState> filter_state_;  // the primary's compaction filters
  mutable std::mutex retention_mutex_;
  RetentionView retention_;       // GUARDED_BY(retention_mutex_)
  std::string secondary_dir_;     // removed on close
  bool sealed_ = false;           // encrypted at rest (set on open)
  std::string holds_unreadable_;  // why the legal holds could not be read (retention waits)
  // Values the current key sealed (meta at_rest_key/<id>, written with each commit), and those
  // sealed by WriteAux since the last commit (any thread).
  uint32_t seal_key_id_ = 0;  // GUARDED_BY(stats_mutex_)
  uint64_t key_seals_ = 0;    // GUARDED_BY(stats_mutex_)
  std::atomic<uint64_t> aux_seals_ = 0;
  bool needs_resume_ = false;                   // a write failed: Resume() before the next one
  std::atomic<uint64_t> unflushed_writes_ = 0;  // any thread writing aux (alerts, sinks)
  bool flush_failed_ = false;                   // the last flush failed: Close does not try again
  std::atomic<bool> abandoned_ = false;  // Abandon(): writes fail, Close lets go without closing
  // Counters: written by the writer thread, read by Stats() on any thread.
  mutable std::mutex stats_mutex_;
  uint64_t next_sequence_ = 1;
  uint64_t next_dead_letter_ = 1;
  std::vector<SourceStats> sources_;
  // The chain's head: extended by whichever thread writes (Commit, WriteAux, ApplyRetention).
  mutable std::mutex chain_mutex_;
  uint64_t chain_number_ = 0;                  // GUARDED_BY(chain_mutex_)
  std::string chain_hash_;                     // GUARDED_BY(chain_mutex_)
  uint64_t chain_last_sequence_ = 0;           // GUARDED_BY(chain_mutex_): the newest event linked
  EventsHasher events_hasher_;                 // the ingest thread's, reused per commit
  std::unique_ptr<AtRestCodec> writer_codec_;  // the ingest thread's
  // Reused per commit so the hot path does not allocate.
  std::string key_buf_, event_key_, value_buf_, sealed_buf_;
  StoredEvent stored_;
};

}  // namespace phi
