// Little building blocks for the timeline's binary keys and values: big-endian fixed integers
// (so byte order is numeric order in RocksDB keys), varints, length-prefixed strings and
// varint-counted lists of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace phi {

void PutFixed64BE(uint64_t v, std::string& out);
uint64_t GetFixed64BE(const char* p);
void PutVarint(uint64_t v, std::string& out);
void PutLengthPrefixed(std::string_view s, std::string& out);
// A signed value as its two's complement in 8 big-endian bytes (a value, not a sortable key:
// see OrderedTime for keys).
void PutSignedFixed64BE(int64_t v, std::string& out);
// A time as OrderedTime in 8 big-endian bytes: negative times sort first.
void PutOrderedTime(int64_t t, std::string& out);
// Lists: the element count as a varint, then each element.
void PutStringList(const std::vector<std::string>& v, std::string& out);  // length-prefixed
void PutVarintList(const std::vector<uint64_t>& v, std::string& out);

// Reads sequentially from a byte string; every getter returns false on truncated input.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  bool GetVarint(uint64_t& v);
  bool GetFixed64BE(uint64_t& v);
  bool GetLengthPrefixed(std::string_view& s);
  bool GetLengthPrefixed(std::string& s);
  bool GetSignedFixed64BE(int64_t& v);
  bool GetOrderedTime(int64_t& t);
  bool GetStringList(std::vector<std::string>& v);
  bool GetVarintList(std::vector<uint64_t>& v);
  bool empty() const { return data_.empty(); }
  std::string_view rest() const { return data_; }  // what is left to read

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
