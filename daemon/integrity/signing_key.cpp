#include "daemon/integrity/signing_key.hpp"

#include <openssl/crypto.h>

#include <cstdlib>

#include "daemon/common/atomic_file.hpp"
#include "daemon/common/secret_file.hpp"
#include "daemon/integrity/ed25519_key_codec.hpp"

namespace phi {
namespace {

constexpr char kWhat[] = "signing key";

// Overwrites a copy of the private key when it goes out of scope.
class CleansedText {
 public:
  explicit CleansedText(std::string text) : text_(std::move(text)) {}
  ~CleansedText() { OPENSSL_cleanse(text_.data(), text_.size()); }
  CleansedText(const CleansedText&) = delete;
  CleansedText& operator=(const CleansedText&) = delete;
  const std::string& get() const { return text_; }

 private:
  std::string text_;
};

}  // namespace

SigningKey::SigningKey(EvpPkeyPtr key, PublicKey public_key)
    : key_(std::move(key)), public_key_(std::move(public_key)) {}

Result<SigningKey> SigningKey::FromPrivateKey(EvpPkeyPtr key) {
  // The public half, as a key of its own: PublicKey never holds the private one.
  Result<PublicKey> public_key = PublicKey::FromRaw(Ed25519PublicKeyRaw(key.get()));
  if (!public_key.ok()) return public_key.status();
  return SigningKey(std::move(key), std::move(public_key.value()));
}

Result<SigningKey> SigningKey::Load(const std::string& path) {
  Result<std::string> read = ReadSecretFile(path, kWhat);
  if (!read.ok()) return read.status();
  const CleansedText pem(std::move(read.value()));
  Result<EvpPkeyPtr> key = ParseEd25519PrivateKeyPem(pem.get());
  if (!key.ok()) {
    return Status::Invalid(path + ": refusing the " + kWhat + ": " + key.status().message());
  }
  return FromPrivateKey(std::move(key.value()));
}

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  Result<SigningKey> existing = Load(path);
  if (existing.ok() || existing.status().code() != Status::Code::kNotFound) return existing;

  EvpPkeyPtr key = GenerateEd25519Key();
  const CleansedText pem(Ed25519PrivateKeyPem(key.get()));
  Result<bool> created = CreateFileAtomically(path, pem.get(), 0600);
  if (!created.ok()) {
    return Status::IoError("cannot create the " + std::string(kWhat) + ": " +
                           created.status().message());
  }
  // Another process created it between our look and our link: use theirs.
  if (!created.value()) return Load(path);
  return FromPrivateKey(std::move(key));
}

SigningKey SigningKey::Generate() {
  Result<SigningKey> key = FromPrivateKey(GenerateEd25519Key());
  if (!key.ok()) std::abort();  // a key OpenSSL just made always has a public half
  return std::move(key.value());
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(kEd25519SignatureBytes, '\0');
  size_t size = signature.size();
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  // Fails only without memory or on a moved-from key: an unsigned checkpoint or report must
  // not pass as signed, so the failure is loud.
  if (!key_ || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      size != kEd25519SignatureBytes) {
    std::abort();
  }
  return signature;
}

std::string SigningKey::PublicKeyPem() const {
  return public_key_.Pem();
}

}  // namespace phi
