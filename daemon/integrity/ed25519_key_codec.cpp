#include "daemon/integrity/ed25519_key_codec.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstdlib>

#include "daemon/integrity/sha256.hpp"

namespace phi {
namespace {

// OpenSSL's default would prompt on the terminal for an encrypted key; a daemon must fail.
int RefusePassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) {
  return -1;
}

BioPtr ReadOnlyBio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// The memory BIO's contents. "Can't happen" failures (no memory) abort: a key that could not be
// written out must not pass as an empty one.
std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  if (size < 0 || (size > 0 && data == nullptr)) std::abort();
  return std::string(data, static_cast<size_t>(size));
}

Status CheckEd25519(const EVP_PKEY* key) {
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519) return Status::Ok();
  const char* name = EVP_PKEY_get0_type_name(key);
  return Status::Invalid(std::string("holds ") + (name ? name : "an unknown kind of") +
                         " key, not an Ed25519 key");
}

}  // namespace

EvpPkeyPtr GenerateEd25519Key() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) std::abort();  // OpenSSL without Ed25519 or without randomness: no key is safe
  return key;
}

Result<EvpPkeyPtr> ParseEd25519PrivateKeyPem(std::string_view pem) {
  if (pem.size() > kMaxKeyPemBytes) return Status::Invalid("too long for a private key");
  BioPtr bio = ReadOnlyBio(pem);
  EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, RefusePassphrase, nullptr)
                     : nullptr);
  ERR_clear_error();
  if (!key) {
    if (pem.find("ENCRYPTED") != std::string_view::npos) {
      return Status::Invalid(
          "an encrypted private key, and the daemon cannot ask for a passphrase; keep the key "
          "unencrypted in a file only the daemon's user can read");
    }
    return Status::Invalid(
        "not a PEM private key (expected -----BEGIN PRIVATE KEY-----, as `openssl genpkey "
        "-algorithm ed25519` writes)");
  }
  if (Status ed25519 = CheckEd25519(key.get()); !ed25519.ok()) return ed25519;
  return key;
}

Result<EvpPkeyPtr> ParseEd25519PublicKeyPem(std::string_view pem) {
  if (pem.size() > kMaxKeyPemBytes) return Status::Invalid("too long for a public key");
  BioPtr bio = ReadOnlyBio(pem);
  EvpPkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, RefusePassphrase, nullptr)
                     : nullptr);
  ERR_clear_error();
  if (!key) {
    if (pem.find("PRIVATE KEY") != std::string_view::npos) {
      return Status::Invalid(
          "a private key where a public key was expected; give the public key (-----BEGIN "
          "PUBLIC KEY-----) and keep the private key where it is");
    }
    return Status::Invalid("not a PEM public key (expected -----BEGIN PUBLIC KEY-----)");
  }
  if (Status ed25519 = CheckEd25519(key.get()); !ed25519.ok()) return ed25519;
  return key;
}

Result<EvpPkeyPtr> Ed25519PublicKeyFromRaw(std::string_view raw) {
  if (raw.size() != kEd25519PublicKeyBytes) {
    return Status::Invalid("an Ed25519 public key is 32 bytes, not " + std::to_string(raw.size()));
  }
  EvpPkeyPtr key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size()));
  ERR_clear_error();
  if (!key) return Status::Invalid("not a valid Ed25519 public key");
  return key;
}

std::string Ed25519PrivateKeyPem(EVP_PKEY* key) {
  // The secure-memory BIO cleanses its buffer when freed.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    std::abort();
  return BioText(bio.get());
}

std::string Ed25519PublicKeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) std::abort();
  return BioText(bio.get());
}

std::string Ed25519PublicKeyRaw(EVP_PKEY* key) {
  std::string raw(kEd25519PublicKeyBytes, '\0');
  size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1 ||
      size != kEd25519PublicKeyBytes) {
    std::abort();
  }
  return raw;
}

std::string Ed25519Fingerprint(std::string_view raw_public_key) {
  return Sha256Hex(raw_public_key);
}

}  // namespace phi
