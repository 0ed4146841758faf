// The timeline's hash chain: every write batch carries a link naming the hash of the link before
// it and hashes of what the batch wrote once and for ever (its events, dead letters and alert log
// records), so altering, removing or inserting any of them, or a link, breaks the chain. Signed
// checkpoints vouch for a link's hash with the daemon's Ed25519 key. This file is the encoding and
// the hashing only (no RocksDB), so it is tested on its own.
// Thread-safety: plain values; a hasher belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi {

constexpr size_t kChainHashSize = 32;  // SHA-256

enum class LinkKind : uint8_t {
  kCommit = 1,       // collectors' events, dead letters and positions
  kAux = 2,          // alert log records and other auxiliary state
  kRetention = 3,    // expired ranges removed
  kMaintenance = 4,  // schema version, flush marks
  kConfig = 5,       // rules, context feeds or configuration loaded (the note says which)
};

// SHA-256 over a sequence of length-prefixed records, each (family, key, value).
class RecordHasher {
 public:
  RecordHasher();
  ~RecordHasher();
  RecordHasher(const RecordHasher&) = delete;
  RecordHasher& operator=(const RecordHasher&) = delete;

  void Add(uint32_t family, std::string_view key, std::string_view value);
  void AddBytes(std::string_view bytes);
  uint64_t count() const { return count_; }
  // The 32-byte digest; the hasher starts over.
  std::string Finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  std::string buf_;
  uint64_t count_ = 0;
};

// The events of one batch, hashed in key order whatever order they were written in, so that a
// verifier walking the events column family in key order recomputes it: SHA-256 over, for each
// event by key, the key followed by SHA-256(length-prefixed key, value).
class EventsHasher {
 public:
  // One event; `key` is the 16-byte events key.
  void Add(std::string_view key, std::string_view value);
  bool empty() const { return entries_.empty(); }
  // The 32-byte digest over every event added; the hasher starts over.
  std::string Finish();

 private:
  struct Entry {
    char key[16];
    unsigned char digest[kChainHashSize];
  };
  std::vector<Entry> entries_;
};

// The same digest for a verifier that sees the events already in key order.
class OrderedEventsHasher {
 public:
  OrderedEventsHasher();
  ~OrderedEventsHasher();
  OrderedEventsHasher(const OrderedEventsHasher&) = delete;
  OrderedEventsHasher& operator=(const OrderedEventsHasher&) = delete;
  void Add(std::string_view key, std::string_view value);
  std::string Finish();

 private:
  RecordHasher outer_;
};

// A record written once and never changed (a dead letter, an alert log record): verification
// reads it again and checks it against its link's sealed_hash.
struct SealedRecord {
  uint32_t family = 0;
  std::string key;
  bool operator==(const SealedRecord&) const = default;
};

struct ChainLink {
  uint64_t number = 0;        // 1, 2, ... per writer
  std::string previous_hash;  // the previous link's hash; 32 zero bytes for link 1
  LinkKind kind = LinkKind::kCommit;
  TimeMicros wall_time = 0;     // when the batch was written
  uint64_t first_sequence = 0;  // the events committed, first to last (0, 0: none)
  uint64_t last_sequence = 0;
  std::string events_hash;        // EventsHasher over them (empty when there are none)
  TimeMicros removed_before = 0;  // retention: time-keyed records before this were removed
  std::vector<SealedRecord> sealed;
  std::string sealed_hash;  // RecordHasher over (family, key, value) of each sealed record
  std::string note;         // what a kConfig or kRetention link records, in words
  bool operator==(const ChainLink&) const = default;
};

// A signed checkpoint: the writer's Ed25519 signature over SignedCheckpointMessage.
struct ChainCheckpoint {
  uint64_t link = 0;
  std::string link_hash;  // 32 bytes
  TimeMicros signed_at = 0;
  uint64_t last_sequence = 0;  // the newest event the chain held then
  std::string key_fingerprint_hex;
  std::string signature;  // 64 bytes
  bool operator==(const ChainCheckpoint&) const = default;
};

// Keys in the chain column family: links and checkpoints per writer, in number order. Only
// writer 0 (the daemon) exists today; a partitioned timeline gives each writer its own chain.
constexpr uint16_t kDaemonWriter = 0;
std::string ChainLinkKey(uint16_t writer, uint64_t number);
std::string ChainLinkPrefix(uint16_t writer);
bool DecodeChainLinkKey(std::string_view key, uint16_t writer, uint64_t& number);
std::string ChainCheckpointKey(uint16_t writer, uint64_t link);
std::string ChainCheckpointPrefix(uint16_t writer);

std::string EncodeChainLink(const ChainLink& link);
bool DecodeChainLink(std::string_view value, ChainLink& link);
// SHA-256(previous hash || encoded link): what the next link names as its previous hash.
std::string ChainLinkHash(std::string_view previous_hash, std::string_view encoded_link);
std::string ChainGenesisHash();  // 32 zero bytes

std::string EncodeChainCheckpoint(const ChainCheckpoint& checkpoint);
bool DecodeChainCheckpoint(std::string_view value, ChainCheckpoint& checkpoint);
// The bytes a checkpoint's signature covers.
std::string SignedCheckpointMessage(uint16_t writer, const ChainCheckpoint& checkpoint);

}  // namespace phi
