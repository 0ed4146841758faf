// The timeline's hash chain: every write batch carries a link holding a SHA-256 of its operations
// and the hash of the link before it, so altering, removing or inserting a batch breaks the chain.
// This file is the encoding and the hashing only (no RocksDB), so it is tested on its own.
// Thread-safety: plain values; a BatchHasher belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi {

constexpr size_t kChainHashSize = 32;  // SHA-256

enum class ChainOp : uint8_t { kPut = 1, kDelete = 2, kDeleteRange = 3 };
enum class LinkKind : uint8_t { kCommit = 1, kAux = 2, kRetention = 3, kMaintenance = 4 };

// SHA-256 over the canonical encoding of a sequence of operations: per operation its kind, the
// timeline's column family number (its place in the timeline's family table, not RocksDB's id),
// the key and the value (a DeleteRange's end key; nothing for a Delete), each length-prefixed.
class BatchHasher {
 public:
  BatchHasher();
  ~BatchHasher();
  BatchHasher(const BatchHasher&) = delete;
  BatchHasher& operator=(const BatchHasher&) = delete;

  void Add(ChainOp op, uint32_t family, std::string_view key, std::string_view value);
  uint64_t count() const { return count_; }
  // The 32-byte digest; the hasher starts over.
  std::string Finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  std::string buf_;
  uint64_t count_ = 0;
};

// A record written once and never changed (an event, a dead letter, an alert log record):
// verification reads it again and checks it against its link's sealed_hash.
struct SealedRecord {
  uint32_t family = 0;
  std::string key;
  bool operator==(const SealedRecord&) const = default;
};

struct ChainLink {
  uint64_t number = 0;        // 1, 2, ...: also the key (big-endian)
  std::string previous_hash;  // the previous link's hash; 32 zero bytes for link 1
  LinkKind kind = LinkKind::kCommit;
  TimeMicros wall_time = 0;     // when the batch was written
  uint64_t first_sequence = 0;  // the events committed, first to last (0, 0: none)
  uint64_t last_sequence = 0;
  TimeMicros removed_before = 0;  // retention: time-keyed records before this were removed
  uint64_t operations = 0;        // how many Put/Delete/DeleteRange the batch holds
  std::string content_hash;       // BatchHasher over every operation of the batch
  std::vector<SealedRecord> sealed;
  std::string sealed_hash;  // BatchHasher over (kPut, family, key, value) of each sealed record
  bool operator==(const ChainLink&) const = default;
};

std::string ChainLinkKey(uint64_t number);
bool DecodeChainLinkKey(std::string_view key, uint64_t& number);
std::string EncodeChainLink(const ChainLink& link);
bool DecodeChainLink(std::string_view value, ChainLink& link);
// SHA-256(previous hash || encoded link): what the next link names as its previous hash.
std::string ChainLinkHash(std::string_view previous_hash, std::string_view encoded_link);
std::string ChainGenesisHash();  // 32 zero bytes
std::string HexOf(std::string_view bytes);

}  // namespace phi
