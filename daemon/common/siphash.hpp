// SipHash-2-4 (Aumasson and Bernstein, 2012): a fast keyed hash of short inputs. The chain
// verifier sums it over index entries under a key drawn for each run, so an attacker who edits
// the timeline beforehand cannot make a forged set of entries add up to the right total.
#pragma once

#include <cstdint>
#include <string_view>

namespace phi {

struct SipKey {
  uint64_t k0 = 0, k1 = 0;
};

uint64_t SipHash24(const SipKey& key, std::string_view data);
// SipHash-1-3: one compression round per word and three at the end, about twice as fast on
// index entries. Enough where the key is secret, fresh and its outputs are never shown (the
// chain verifier's sums), as for the hash tables that use it.
uint64_t SipHash13(const SipKey& key, std::string_view data);

}  // namespace phi
