#include "daemon/timeline/timeline_keys.hpp"

#include "daemon/common/binary_codec.hpp"

namespace phi::timeline_keys {

void AppendIdentityToken(std::string_view identifier, std::string& out) {
  PutLengthPrefixed(identifier, out);
}

void AppendTimeSuffix(TimeMicros ts, uint64_t seq, std::string& out) {
  PutFixed64BE(OrderedTime(ts), out);
  PutFixed64BE(seq, out);
}

std::string EventKey(TimeMicros ts, uint64_t seq) {
  std::string key;
  AppendTimeSuffix(ts, seq, key);
  return key;
}

TimeMicros TimeOfSuffixedKey(std::string_view key) {
  if (key.size() < kTimeSuffixSize) return 0;
  return UnorderedTime(GetFixed64BE(key.data() + key.size() - kTimeSuffixSize));
}

TimeMicros TimeOfEventKey(std::string_view key) {
  if (key.size() < 8) return 0;
  return UnorderedTime(GetFixed64BE(key.data()));
}

bool IdentityOfIndexKey(std::string_view key, std::string_view& identity) {
  if (key.size() < kTimeSuffixSize) return false;
  ByteReader in(key.substr(0, key.size() - kTimeSuffixSize));
  return in.GetLengthPrefixed(identity) && in.empty();
}

}  // namespace phi::timeline_keys
