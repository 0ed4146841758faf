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

}  // namespace phi
