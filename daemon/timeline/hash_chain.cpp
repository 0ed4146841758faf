#include "daemon/timeline/hash_chain.hpp"
#include "daemon/integrity/text_encoding.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "daemon/common/binary_codec.hpp"

namespace phi {
namespace {

constexpr uint8_t kLinkFormat = 2;
constexpr uint8_t kCheckpointFormat = 1;
constexpr char kLinkTag = 'L';
constexpr char kCheckpointTag = 'S';

// SHA-256 fetched once: an implicit fetch on every init costs more than hashing a short record.
const EVP_MD* Sha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  // "Can't happen" short of a broken OpenSSL: a chain without hashes is worse than no daemon.
  if (md == nullptr) std::abort();
  return md;
}

void Init(EVP_MD_CTX* ctx) {
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, Sha256(), nullptr) != 1) std::abort();
}

void FinishInto(EVP_MD_CTX* ctx, unsigned char* digest) {
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &size) != 1 || size != kChainHashSize) std::abort();
}

void PutTaggedKey(char tag, uint16_t writer, std::string& out) {
  out += tag;
  out += static_cast<char>(writer >> 8);
  out += static_cast<char>(writer & 0xff);
}

}  // namespace

struct RecordHasher::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Context() { Init(ctx); }
  ~Context() { EVP_MD_CTX_free(ctx); }
};

RecordHasher::RecordHasher() : context_(std::make_unique<Context>()) {}
RecordHasher::~RecordHasher() = default;

void RecordHasher::Add(uint32_t family, std::string_view key, std::string_view value) {
  buf_.clear();
  PutVarint(family, buf_);
  PutVarint(key.size(), buf_);
  EVP_DigestUpdate(context_->ctx, buf_.data(), buf_.size());
  EVP_DigestUpdate(context_->ctx, key.data(), key.size());
  buf_.clear();
  PutVarint(value.size(), buf_);
  EVP_DigestUpdate(context_->ctx, buf_.data(), buf_.size());
  EVP_DigestUpdate(context_->ctx, value.data(), value.size());
  ++count_;
}

void RecordHasher::AddBytes(std::string_view bytes) {
  EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size());
}

std::string RecordHasher::Finish() {
  std::string out(kChainHashSize, '\0');
  FinishInto(context_->ctx, reinterpret_cast<unsigned char*>(out.data()));
  Init(context_->ctx);
  count_ = 0;
  return out;
}

namespace {

// SHA-256(varint(key size) key varint(value size) value) of one event.
void EventDigest(EVP_MD_CTX* ctx, std::string_view key, std::string_view value,
                 unsigned char* digest) {
  std::string lengths;  // short: kept in the string itself, no allocation
  Init(ctx);
  PutVarint(key.size(), lengths);
  EVP_DigestUpdate(ctx, lengths.data(), lengths.size());
  EVP_DigestUpdate(ctx, key.data(), key.size());
  lengths.clear();
  PutVarint(value.size(), lengths);
  EVP_DigestUpdate(ctx, lengths.data(), lengths.size());
  EVP_DigestUpdate(ctx, value.data(), value.size());
  FinishInto(ctx, digest);
}

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* ThreadDigestContext() {
  thread_local DigestContext context;
  return context.ctx;
}

}  // namespace

void EventsHasher::Add(std::string_view key, std::string_view value) {
  Entry& e = entries_.emplace_back();
  std::memset(e.key, 0, sizeof e.key);
  std::memcpy(e.key, key.data(), std::min(key.size(), sizeof e.key));
  EventDigest(ThreadDigestContext(), key, value, e.digest);
}

std::string EventsHasher::Finish() {
  auto by_key = [](const Entry& a, const Entry& b) {
    return std::memcmp(a.key, b.key, sizeof a.key) < 0;
  };
  // A live log arrives in time order: the sort is usually a check.
  if (!std::is_sorted(entries_.begin(), entries_.end(), by_key)) {
    std::sort(entries_.begin(), entries_.end(), by_key);
  }
  RecordHasher outer;
  for (const Entry& e : entries_) {
    outer.AddBytes(std::string_view(e.key, sizeof e.key));
    outer.AddBytes(std::string_view(reinterpret_cast<const char*>(e.digest), sizeof e.digest));
  }
  entries_.clear();
  return outer.Finish();
}

OrderedEventsHasher::OrderedEventsHasher() = default;
OrderedEventsHasher::~OrderedEventsHasher() = default;

void OrderedEventsHasher::Add(std::string_view key, std::string_view value) {
  char padded[16] = {};
  std::memcpy(padded, key.data(), std::min(key.size(), sizeof padded));
  unsigned char digest[kChainHashSize];
  EventDigest(ThreadDigestContext(), key, value, digest);
  outer_.AddBytes(std::string_view(padded, sizeof padded));
  outer_.AddBytes(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string OrderedEventsHasher::Finish() {
  return outer_.Finish();
}

std::string ChainLinkKey(uint16_t writer, uint64_t number) {
  std::string key;
  PutTaggedKey(kLinkTag, writer, key);
  PutFixed64BE(number, key);
  return key;
}

std::string ChainLinkPrefix(uint16_t writer) {
  std::string key;
  PutTaggedKey(kLinkTag, writer, key);
  return key;
}

bool DecodeChainLinkKey(std::string_view key, uint16_t writer, uint64_t& number) {
  std::string prefix = ChainLinkPrefix(writer);
  if (key.size() != prefix.size() + 8 || !key.starts_with(prefix)) return false;
  number = GetFixed64BE(key.data() + prefix.size());
  return true;
}

std::string ChainCheckpointKey(uint16_t writer, uint64_t link) {
  std::string key;
  PutTaggedKey(kCheckpointTag, writer, key);
  PutFixed64BE(link, key);
  return key;
}

std::string ChainCheckpointPrefix(uint16_t writer) {
  std::string key;
  PutTaggedKey(kCheckpointTag, writer, key);
  return key;
}

std::string EncodeChainLink(const ChainLink& link) {
  std::string out;
  out += static_cast<char>(kLinkFormat);
  PutVarint(link.number, out);
  PutLengthPrefixed(link.previous_hash, out);
  PutVarint(static_cast<uint64_t>(link.kind), out);
  PutSignedFixed64BE(link.wall_time, out);
  PutVarint(link.first_sequence, out);
  PutVarint(link.last_sequence, out);
  PutLengthPrefixed(link.events_hash, out);
  PutSignedFixed64BE(link.removed_before, out);
  PutVarint(link.sealed.size(), out);
  for (const SealedRecord& r : link.sealed) {
    PutVarint(r.family, out);
    PutLengthPrefixed(r.key, out);
  }
  PutLengthPrefixed(link.sealed_hash, out);
  PutLengthPrefixed(link.note, out);
  return out;
}

bool DecodeChainLink(std::string_view value, ChainLink& link) {
  if (value.empty() || static_cast<uint8_t>(value[0]) != kLinkFormat) return false;
  ByteReader in(value.substr(1));
  uint64_t kind = 0, count = 0;
  if (!in.GetVarint(link.number) || !in.GetLengthPrefixed(link.previous_hash) ||
      !in.GetVarint(kind) || kind < static_cast<uint64_t>(LinkKind::kCommit) ||
      kind > static_cast<uint64_t>(LinkKind::kConfig) || !in.GetSignedFixed64BE(link.wall_time) ||
      !in.GetVarint(link.first_sequence) || !in.GetVarint(link.last_sequence) ||
      !in.GetLengthPrefixed(link.events_hash) || !in.GetSignedFixed64BE(link.removed_before) ||
      !in.GetVarint(count) || count > value.size()) {
    return false;
  }
  link.kind = static_cast<LinkKind>(kind);
  link.sealed.clear();
  for (uint64_t i = 0; i < count; ++i) {
    SealedRecord& r = link.sealed.emplace_back();
    uint64_t family = 0;
    if (!in.GetVarint(family) || family > UINT32_MAX || !in.GetLengthPrefixed(r.key)) return false;
    r.family = static_cast<uint32_t>(family);
  }
  if (!in.GetLengthPrefixed(link.sealed_hash) || !in.GetLengthPrefixed(link.note) || !in.empty())
    return false;
  bool has_events = link.first_sequence != 0;
  return link.previous_hash.size() == kChainHashSize && link.sealed_hash.size() == kChainHashSize &&
         link.events_hash.size() == (has_events ? kChainHashSize : 0) &&
         link.first_sequence <= link.last_sequence;
}

std::string ChainLinkHash(std::string_view previous_hash, std::string_view encoded_link) {
  RecordHasher hasher;
  hasher.AddBytes(previous_hash);
  hasher.AddBytes(encoded_link);
  return hasher.Finish();
}

std::string ChainGenesisHash() {
  return std::string(kChainHashSize, '\0');
}

std::string EncodeChainCheckpoint(const ChainCheckpoint& c) {
  std::string out;
  out += static_cast<char>(kCheckpointFormat);
  PutVarint(c.link, out);
  PutLengthPrefixed(c.link_hash, out);
  PutSignedFixed64BE(c.signed_at, out);
  PutVarint(c.last_sequence, out);
  PutLengthPrefixed(c.key_fingerprint_hex, out);
  PutLengthPrefixed(c.signature, out);
  return out;
}

bool DecodeChainCheckpoint(std::string_view value, ChainCheckpoint& c) {
  if (value.empty() || static_cast<uint8_t>(value[0]) != kCheckpointFormat) return false;
  ByteReader in(value.substr(1));
  return in.GetVarint(c.link) && in.GetLengthPrefixed(c.link_hash) &&
         in.GetSignedFixed64BE(c.signed_at) && in.GetVarint(c.last_sequence) &&
         in.GetLengthPrefixed(c.key_fingerprint_hex) && in.GetLengthPrefixed(c.signature) &&
         in.empty() && c.link_hash.size() == kChainHashSize;
}

std::string SignedCheckpointMessage(uint16_t writer, const ChainCheckpoint& c) {
  return "phi-auditd chain checkpoint 1\nwriter " + std::to_string(writer) + "\nlink " +
         std::to_string(c.link) + "\nhash " + LowerHex(c.link_hash) + "\nsigned-at " +
         FormatIsoTime(c.signed_at) + "\nlast-sequence " + std::to_string(c.last_sequence) +
         "\nkey " + c.key_fingerprint_hex + "\n";
}

}  // namespace phi
