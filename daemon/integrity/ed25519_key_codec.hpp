// Ed25519 keys in and out of OpenSSL 3: generation, the private key as PEM PKCS#8 ("BEGIN
// PRIVATE KEY", what `openssl genpkey -algorithm ed25519` writes), the public key as PEM
// SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") or its raw 32 bytes. Shared by SigningKey and
// PublicKey. Errors are messages without a file name (the caller adds it) and leave OpenSSL's
// error queue empty, so they never surface later in unrelated TLS code.
#pragma once

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/integrity/openssl_handles.hpp"

namespace phi {

constexpr size_t kEd25519PublicKeyBytes = 32;
constexpr size_t kEd25519SignatureBytes = 64;
// Far more than any PEM key (an Ed25519 one is about 120 bytes): longer text is the wrong file.
constexpr size_t kMaxKeyPemBytes = 64 * 1024;

// A new key from OpenSSL's random generator.
EvpPkeyPtr GenerateEd25519Key();

Result<EvpPkeyPtr> ParseEd25519PrivateKeyPem(std::string_view pem);
Result<EvpPkeyPtr> ParseEd25519PublicKeyPem(std::string_view pem);
Result<EvpPkeyPtr> Ed25519PublicKeyFromRaw(std::string_view raw);

// REQUIRES: `key` holds an Ed25519 private key. The result is secret: cleanse it when done.
std::string Ed25519PrivateKeyPem(EVP_PKEY* key);
// REQUIRES: `key` holds an Ed25519 key (private or public).
std::string Ed25519PublicKeyPem(EVP_PKEY* key);
std::string Ed25519PublicKeyRaw(EVP_PKEY* key);

// Lower-case hex SHA-256 of the raw public key: how files and messages name a key.
std::string Ed25519Fingerprint(std::string_view raw_public_key);

}  // namespace phi
