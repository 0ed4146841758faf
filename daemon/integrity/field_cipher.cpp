#include "daemon/integrity/field_cipher.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>

namespace phi {
namespace {

constexpr char kFormat = 1;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

const EVP_CIPHER* Aes256Gcm() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  if (cipher == nullptr) std::abort();  // OpenSSL without AES-GCM: nothing can be protected
  return cipher;
}

uint32_t ReadId(const char* p) {
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[3]));
}

}  // namespace

// The key schedule is set once per key (most of AES-GCM's cost on short values); each value
// then sets only its nonce. Nonces are 96 random bits, drawn from the system's generator in
// blocks rather than one call per value.
struct FieldCipher::Contexts {
  EVP_CIPHER_CTX* seal = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX* open = EVP_CIPHER_CTX_new();
  uint32_t seal_key = 0, open_key = 0;  // the key each context is set up for (0: none)
  unsigned char random[kNonceBytes * 256];
  size_t random_used = sizeof random;
  ~Contexts() {
    EVP_CIPHER_CTX_free(seal);
    EVP_CIPHER_CTX_free(open);
  }
  const unsigned char* NextNonce() {
    if (random_used + kNonceBytes > sizeof random) {
      if (RAND_bytes(random, sizeof random) != 1) std::abort();
      random_used = 0;
    }
    const unsigned char* nonce = random + random_used;
    random_used += kNonceBytes;
    return nonce;
  }
};

FieldCipher::FieldCipher(const AtRestKeyRing& keys)
    : keys_(keys), contexts_(std::make_unique<Contexts>()) {
  if (contexts_->seal == nullptr || contexts_->open == nullptr) std::abort();
}

FieldCipher::~FieldCipher() = default;

void FieldCipher::Seal(std::string_view plaintext, std::string_view associated, std::string& out) {
  const AtRestKey& key = keys_.current();
  const unsigned char* nonce = contexts_->NextNonce();
  EVP_CIPHER_CTX* ctx = contexts_->seal;
  if (contexts_->seal_key != key.id) {
    if (EVP_EncryptInit_ex2(ctx, Aes256Gcm(),
                            reinterpret_cast<const unsigned char*>(key.bytes.data()), nullptr,
                            nullptr) != 1)
      std::abort();
    contexts_->seal_key = key.id;
  }
  out += kFormat;
  out += static_cast<char>(key.id >> 24);
  out += static_cast<char>(key.id >> 16);
  out += static_cast<char>(key.id >> 8);
  out += static_cast<char>(key.id);
  out.append(reinterpret_cast<const char*>(nonce), kNonceBytes);
  const size_t body = out.size();
  out.resize(body + plaintext.size() + kTagBytes);
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int n = 0, tail = 0;
  // Each step fails only on memory exhaustion or a broken OpenSSL: never store plaintext then.
  if (EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(associated.data()),
                        static_cast<int>(associated.size())) != 1 ||
      EVP_EncryptUpdate(ctx, o + body, &n, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx, o + body + n, &tail) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, o + body + plaintext.size()) != 1) {
    std::abort();
  }
}

Status FieldCipher::Open(std::string_view sealed, std::string_view associated,
                         std::string& plaintext) {
  if (sealed.size() < kSealOverhead || sealed[0] != kFormat)
    return Status::Corruption("an encrypted value is cut short or of an unknown format");
  const uint32_t id = ReadId(sealed.data() + 1);
  const AtRestKey* key = keys_.Find(id);
  if (key == nullptr)
    return Status::NotFound("an encrypted value names key " + std::to_string(id) +
                            ", which the key file does not hold");
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data() + 5);
  const std::string_view body = sealed.substr(5 + kNonceBytes, sealed.size() - kSealOverhead);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  plaintext.resize(body.size());
  EVP_CIPHER_CTX* ctx = contexts_->open;
  if (contexts_->open_key != id) {
    if (EVP_DecryptInit_ex2(ctx, Aes256Gcm(),
                            reinterpret_cast<const unsigned char*>(key->bytes.data()), nullptr,
                            nullptr) != 1)
      return Status::Corruption("cannot set up decryption");
    contexts_->open_key = id;
  }
  int n = 0, tail = 0;
  const bool ok =
      EVP_DecryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) == 1 &&
      EVP_DecryptUpdate(ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(associated.data()),
                        static_cast<int>(associated.size())) == 1 &&
      EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(plaintext.data()), &n,
                        reinterpret_cast<const unsigned char*>(body.data()),
                        static_cast<int>(body.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(plaintext.data()) + n, &tail) == 1;
  if (!ok) {
    plaintext.clear();
    return Status::Corruption(
        "an encrypted value does not open: altered, or moved from another "
        "record");
  }
  return Status::Ok();
}

}  // namespace phi
