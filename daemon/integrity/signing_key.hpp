// The daemon's Ed25519 signing key: signs the timeline's checkpoints and the reports it writes,
// so anyone holding the public key can tell a genuine trail or report from an edited one. The
// private key lives in a PEM (PKCS#8) file only the daemon's user can read (the rules of
// secret_file.hpp); the first start creates it. Move-only, one owner of the OpenSSL key; Sign
// and the accessors are const and may run on several threads at once.
#pragma once

#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/integrity/openssl_handles.hpp"
#include "daemon/integrity/public_key.hpp"

namespace phi {

class SigningKey {
 public:
  // Loads the key at `path`; when nothing is there, generates one and creates the file
  // atomically with mode 0600 (a temporary file beside it, synced, then linked into place, so
  // a crash leaves no half-written key and two processes starting at once end with the same
  // key). An existing file must pass Load's checks: it is never replaced.
  static Result<SigningKey> LoadOrCreate(const std::string& path);
  // Loads the key at `path`, refusing a symbolic link, anything but a regular file, a file not
  // owned by this user, and a file group or others may read or write (the error names the path
  // and the mode). A missing file is NotFound.
  static Result<SigningKey> Load(const std::string& path);
  // A new key held in memory only (tests, benchmarks).
  static SigningKey Generate();

  SigningKey(SigningKey&&) noexcept = default;
  SigningKey& operator=(SigningKey&&) noexcept = default;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey() = default;

  // The 64-byte Ed25519 signature of `message`. REQUIRES: not moved from.
  std::string Sign(std::string_view message) const;

  // "-----BEGIN PUBLIC KEY-----" text, to hand to whoever verifies.
  std::string PublicKeyPem() const;
  // The 32 raw bytes of the public key.
  std::string PublicKeyRaw() const { return public_key_.Raw(); }
  // Lower-case hex SHA-256 of the raw public key (64 digits): names the key in signature files.
  std::string Fingerprint() const { return public_key_.Fingerprint(); }
  // The matching public key, to verify what this key signed.
  const PublicKey& public_key() const { return public_key_; }

 private:
  SigningKey(EvpPkeyPtr key, PublicKey public_key);
  static Result<SigningKey> FromPrivateKey(EvpPkeyPtr key);
  EvpPkeyPtr key_;
  PublicKey public_key_;
};

}  // namespace phi
