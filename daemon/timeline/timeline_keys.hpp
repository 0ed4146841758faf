// The RocksDB key layout of the timeline, in one place (see docs/architecture.md):
//   events      ts(8, big-endian, sign-flipped) | seq(8)                 -> full event
//   by_patient  token(patient) | ts(8) | seq(8)                          -> event summary
//   by_user     token(user) | ts(8) | seq(8)                             -> event summary
//   checkpoints collector key                                            -> collector's position
//   dead_letters received ts(8) | seq(8)                                 -> DeadLetter
//   meta        name                                                     -> value
// A token is varint length + identifier bytes today; a keyed hash can replace it without changing
// the layout around it, since every index key ends with the same 16-byte time suffix.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/time_util.hpp"

namespace phi::timeline_keys {

constexpr size_t kTimeSuffixSize = 16;

void AppendIdentityToken(std::string_view identifier, std::string& out);
void AppendTimeSuffix(TimeMicros ts, uint64_t seq, std::string& out);

std::string EventKey(TimeMicros ts, uint64_t seq);
// The time of any key that ends in (events: starts with) a time suffix.
TimeMicros TimeOfSuffixedKey(std::string_view key);
TimeMicros TimeOfEventKey(std::string_view key);
// The patient or user an index key (token | time suffix) is filed under; false when the key is
// not of that shape.
bool IdentityOfIndexKey(std::string_view key, std::string_view& identity);

}  // namespace phi::timeline_keys
