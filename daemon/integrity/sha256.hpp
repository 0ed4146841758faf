// SHA-256 of a byte string, as the integrity files name a report's contents and a key
// (OpenSSL's implementation).
#pragma once

#include <string>
#include <string_view>

namespace phi {

constexpr size_t kSha256Bytes = 32;

// The 32-byte digest.
std::string Sha256(std::string_view bytes);
// The digest as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace phi
