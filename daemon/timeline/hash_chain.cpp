#include "daemon/timeline/hash_chain.hpp"

#include <openssl/evp.h>

#include <cstdlib>

#include "daemon/common/binary_codec.hpp"

namespace phi {
namespace {

constexpr uint8_t kLinkFormat = 1;

void Sha256Into(EVP_MD_CTX* ctx, std::string& out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &size) != 1 || size != kChainHashSize) std::abort();
  out.assign(reinterpret_cast<const char*>(digest), size);
}

}  // namespace

struct BatchHasher::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
  void Reset() {
    // "Can't happen" short of memory exhaustion: a chain without hashes is worse than no daemon.
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) std::abort();
  }
};

BatchHasher::BatchHasher() : context_(std::make_unique<Context>()) {
  context_->Reset();
}

BatchHasher::~BatchHasher() = default;

void BatchHasher::Add(ChainOp op, uint32_t family, std::string_view key, std::string_view value) {
  buf_.clear();
  buf_ += static_cast<char>(op);
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

std::string BatchHasher::Finish() {
  std::string out;
  Sha256Into(context_->ctx, out);
  context_->Reset();
  count_ = 0;
  return out;
}

std::string ChainLinkKey(uint64_t number) {
  std::string key;
  PutFixed64BE(number, key);
  return key;
}

bool DecodeChainLinkKey(std::string_view key, uint64_t& number) {
  if (key.size() != 8) return false;
  number = GetFixed64BE(key.data());
  return true;
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
  PutSignedFixed64BE(link.removed_before, out);
  PutVarint(link.operations, out);
  PutLengthPrefixed(link.content_hash, out);
  PutVarint(link.sealed.size(), out);
  for (const SealedRecord& r : link.sealed) {
    PutVarint(r.family, out);
    PutLengthPrefixed(r.key, out);
  }
  PutLengthPrefixed(link.sealed_hash, out);
  return out;
}

bool DecodeChainLink(std::string_view value, ChainLink& link) {
  if (value.empty() || static_cast<uint8_t>(value[0]) != kLinkFormat) return false;
  ByteReader in(value.substr(1));
  uint64_t kind = 0, count = 0;
  if (!in.GetVarint(link.number) || !in.GetLengthPrefixed(link.previous_hash) ||
      !in.GetVarint(kind) || kind < static_cast<uint64_t>(LinkKind::kCommit) ||
      kind > static_cast<uint64_t>(LinkKind::kMaintenance) ||
      !in.GetSignedFixed64BE(link.wall_time) || !in.GetVarint(link.first_sequence) ||
      !in.GetVarint(link.last_sequence) || !in.GetSignedFixed64BE(link.removed_before) ||
      !in.GetVarint(link.operations) || !in.GetLengthPrefixed(link.content_hash) ||
      !in.GetVarint(count)) {
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
  return in.GetLengthPrefixed(link.sealed_hash) && in.empty() &&
         link.previous_hash.size() == kChainHashSize &&
         link.content_hash.size() == kChainHashSize && link.sealed_hash.size() == kChainHashSize;
}

std::string ChainLinkHash(std::string_view previous_hash, std::string_view encoded_link) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) std::abort();
  EVP_DigestUpdate(ctx, previous_hash.data(), previous_hash.size());
  EVP_DigestUpdate(ctx, encoded_link.data(), encoded_link.size());
  std::string out;
  Sha256Into(ctx, out);
  EVP_MD_CTX_free(ctx);
  return out;
}

std::string ChainGenesisHash() {
  return std::string(kChainHashSize, '\0');
}

std::string HexOf(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace phi
