// FNV-1a, 64 bits: the one hash for keys made of strings (detection state keys, file
// fingerprints). Fast on short strings, no allocation, stable across runs and machines, so
// keys saved in a snapshot mean the same after a restart. Not for security.
#pragma once

#include <cstdint>
#include <string_view>

namespace phi {

inline constexpr uint64_t kFnvOffset = 1469598103934665603ULL;

inline uint64_t Fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

inline uint64_t HashText(std::string_view text) {
  return Fnv1a(kFnvOffset, text);
}

// One key from two hashes (order matters).
inline uint64_t CombineHashes(uint64_t a, uint64_t b) {
  return (a ^ (b + 0x9E3779B97F4A7C15ULL + (a << 6) + (a >> 2))) * 0xFF51AFD7ED558CCDULL;
}

}  // namespace phi
