// Little building blocks for the timeline's binary keys and values: big-endian fixed integers
// (so byte order is numeric order in RocksDB keys), varints and length-prefixed strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phi {

void PutFixed64BE(uint64_t v, std::string& out);
uint64_t GetFixed64BE(const char* p);
void PutVarint(uint64_t v, std::string& out);
void PutLengthPrefixed(std::string_view s, std::string& out);

// Reads sequentially from a byte string; every getter returns false on truncated input.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  bool GetVarint(uint64_t& v);
  bool GetFixed64BE(uint64_t& v);
  bool GetLengthPrefixed(std::string_view& s);
  bool GetLengthPrefixed(std::string& s);
  bool empty() const { return data_.empty(); }

 private:
  std::string_view data_;
};

// Signed time stamps map to unsigned big-endian keys so that negative times sort first.
inline uint64_t OrderedTime(int64_t t) {
  return static_cast<uint64_t>(t) ^ (1ULL << 63);
}
inline int64_t UnorderedTime(uint64_t v) {
  return static_cast<int64_t>(v ^ (1ULL << 63));
}

}  // namespace phi
