// An Ed25519 public key: what checks the signatures on the timeline's checkpoints and on
// reports, without being able to make one. Loaded from PEM (a file or text) or the raw 32
// bytes. Immutable: copies share the OpenSSL key, and Verify may run on several threads at once.
#pragma once

#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/integrity/openssl_handles.hpp"

namespace phi {

class PublicKey {
 public:
  // "-----BEGIN PUBLIC KEY-----" text holding an Ed25519 key.
  static Result<PublicKey> FromPem(std::string_view pem);
  // A PEM file, which must be a file only its owner (this user or root) can change: whoever
  // could swap it could make forged reports verify (see trusted_file.hpp).
  static Result<PublicKey> FromFile(const std::string& path);
  // The 32 raw bytes.
  static Result<PublicKey> FromRaw(std::string_view raw);

  PublicKey(const PublicKey& other);
  PublicKey& operator=(const PublicKey& other);
  PublicKey(PublicKey&&) noexcept = default;
  PublicKey& operator=(PublicKey&&) noexcept = default;
  ~PublicKey() = default;

  // True only for a 64-byte Ed25519 signature of exactly `message` by this key's private key.
  bool Verify(std::string_view message, std::string_view signature) const;

  std::string Pem() const;
  const std::string& Raw() const { return raw_; }
  // Lower-case hex SHA-256 of the raw key (64 digits).
  const std::string& Fingerprint() const { return fingerprint_; }

 private:
  explicit PublicKey(EvpPkeyPtr key);
  EvpPkeyPtr key_;
  std::string raw_;
  std::string fingerprint_;
};

}  // namespace phi
