#include "daemon/sinks/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace phi {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  // HMAC() fails only when the digest is unavailable, which for SHA-256 is a broken OpenSSL.
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
           &digest_length) == nullptr) {
    return std::string();
  }
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest_length);
  for (unsigned int i = 0; i < digest_length; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

std::string WebhookSignature(std::string_view key, int64_t unix_seconds, std::string_view body) {
  const std::string seconds = std::to_string(unix_seconds);
  std::string signed_text;
  signed_text.reserve(seconds.size() + 1 + body.size());
  signed_text.append(seconds).append(1, '.').append(body);
  const std::string hex = HmacSha256Hex(key, signed_text);
  if (hex.empty()) return std::string();
  return "t=" + seconds + ",v1=" + hex;
}

}  // namespace phi
