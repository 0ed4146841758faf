#include "daemon/integrity/sha256.hpp"

#include <openssl/evp.h>

#include <cstdlib>

#include "daemon/integrity/text_encoding.hpp"

namespace phi {

std::string Sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // Fails only when OpenSSL cannot give SHA-256 at all: a wrong digest would make every
  // signature check meaningless, so the failure is loud.
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1 ||
      size != kSha256Bytes) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string Sha256Hex(std::string_view bytes) {
  return LowerHex(Sha256(bytes));
}

}  // namespace phi
