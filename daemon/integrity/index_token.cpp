#include "daemon/integrity/index_token.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace phi {

// HMAC's inner and outer states are computed once from the token key; each token then re-uses
// them (EVP_MAC_init without a key), two SHA-256 blocks per short identifier.
struct IndexTokenizer::Mac {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
  ~Mac() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
};

IndexTokenizer::IndexTokenizer(const AtRestKeyRing& keys) : mac_(std::make_unique<Mac>()) {
  const AtRestKey& first = keys.lowest();
  static constexpr char kLabel[] = "phi-auditd index token key 1";
  unsigned char token_key[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  // Failing here means OpenSSL itself is broken; a constant token would merge every patient.
  if (HMAC(EVP_sha256(), first.bytes.data(), static_cast<int>(first.bytes.size()),
           reinterpret_cast<const unsigned char*>(kLabel), sizeof kLabel - 1, token_key,
           &size) == nullptr ||
      (mac_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr)) == nullptr ||
      (mac_->ctx = EVP_MAC_CTX_new(mac_->mac)) == nullptr ||
      EVP_MAC_init(mac_->ctx, token_key, size, params) != 1) {
    std::abort();
  }
}

IndexTokenizer::~IndexTokenizer() = default;

void IndexTokenizer::Append(std::string_view identifier, std::string& out) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t size = 0;
  if (EVP_MAC_init(mac_->ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(mac_->ctx, reinterpret_cast<const unsigned char*>(identifier.data()),
                     identifier.size()) != 1 ||
      EVP_MAC_final(mac_->ctx, mac, &size, sizeof mac) != 1) {
    std::abort();
  }
  out.append(reinterpret_cast<const char*>(mac), kIndexTokenBytes);
}

std::string IndexToken(const AtRestKeyRing& keys, std::string_view identifier) {
  return IndexTokenizer(keys).Of(identifier);
}

}  // namespace phi
