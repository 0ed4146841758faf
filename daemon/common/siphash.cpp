#include "daemon/common/siphash.hpp"

#include <bit>
#include <cstring>

namespace phi {
namespace {

inline uint64_t Rotl(uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

struct SipState {
  uint64_t v0, v1, v2, v3;
  void Round() {
    v0 += v1;
    v1 = Rotl(v1, 13);
    v1 ^= v0;
    v0 = Rotl(v0, 32);
    v2 += v3;
    v3 = Rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = Rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = Rotl(v1, 17);
    v1 ^= v2;
    v2 = Rotl(v2, 32);
  }
  template <int kRounds>
  void Absorb(uint64_t m) {
    v3 ^= m;
    for (int i = 0; i < kRounds; ++i) Round();
    v0 ^= m;
  }
};

static_assert(std::endian::native == std::endian::little, "SipHash loads words little-endian");

inline uint64_t LoadWord(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t LoadTail(const unsigned char* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  return v;
}

}  // namespace

template <int kCompressionRounds, int kFinalRounds>
uint64_t SipHash(const SipKey& key, std::string_view data) {
  SipState s{key.k0 ^ 0x736f6d6570736575ULL, key.k1 ^ 0x646f72616e646f6dULL,
             key.k0 ^ 0x6c7967656e657261ULL, key.k1 ^ 0x7465646279746573ULL};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const size_t whole = data.size() & ~size_t{7};
  for (size_t i = 0; i < whole; i += 8) s.Absorb<kCompressionRounds>(LoadWord(p + i));
  s.Absorb<kCompressionRounds>(LoadTail(p + whole, data.size() - whole) |
                               (static_cast<uint64_t>(data.size() & 0xff) << 56));
  s.v2 ^= 0xff;
  for (int i = 0; i < kFinalRounds; ++i) s.Round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint64_t SipHash24(const SipKey& key, std::string_view data) {
  return SipHash<2, 4>(key, data);
}

uint64_t SipHash13(const SipKey& key, std::string_view data) {
  return SipHash<1, 3>(key, data);
}

}  // namespace phi
