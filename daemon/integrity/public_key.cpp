#include "daemon/integrity/public_key.hpp"

#include <openssl/err.h>

#include "daemon/common/trusted_file.hpp"
#include "daemon/integrity/ed25519_key_codec.hpp"

namespace phi {
namespace {

EVP_PKEY* SharedReference(EVP_PKEY* key) {
  if (key != nullptr) EVP_PKEY_up_ref(key);
  return key;
}

}  // namespace

PublicKey::PublicKey(EvpPkeyPtr key)
    : key_(std::move(key)),
      raw_(Ed25519PublicKeyRaw(key_.get())),
      fingerprint_(Ed25519Fingerprint(raw_)) {}

PublicKey::PublicKey(const PublicKey& other)
    : key_(SharedReference(other.key_.get())), raw_(other.raw_), fingerprint_(other.fingerprint_) {}

PublicKey& PublicKey::operator=(const PublicKey& other) {
  if (this != &other) {
    key_.reset(SharedReference(other.key_.get()));
    raw_ = other.raw_;
    fingerprint_ = other.fingerprint_;
  }
  return *this;
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  Result<EvpPkeyPtr> key = ParseEd25519PublicKeyPem(pem);
  if (!key.ok()) return Status::Invalid("public key: " + key.status().message());
  return PublicKey(std::move(key.value()));
}

Result<PublicKey> PublicKey::FromFile(const std::string& path) {
  Result<std::string> pem = ReadTrustedFile(path, "public key file");
  if (!pem.ok()) return pem.status();
  Result<EvpPkeyPtr> key = ParseEd25519PublicKeyPem(pem.value());
  if (!key.ok()) return Status::Invalid(path + ": " + key.status().message());
  return PublicKey(std::move(key.value()));
}

Result<PublicKey> PublicKey::FromRaw(std::string_view raw) {
  Result<EvpPkeyPtr> key = Ed25519PublicKeyFromRaw(raw);
  if (!key.ok()) return Status::Invalid("public key: " + key.status().message());
  return PublicKey(std::move(key.value()));
}

bool PublicKey::Verify(std::string_view message, std::string_view signature) const {
  if (!key_ || signature.size() != kEd25519SignatureBytes) return false;
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  const bool valid =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  ERR_clear_error();  // a bad signature leaves an error behind
  return valid;
}

std::string PublicKey::Pem() const {
  return Ed25519PublicKeyPem(key_.get());
}

}  // namespace phi
