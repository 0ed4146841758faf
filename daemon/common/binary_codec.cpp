#include "daemon/common/binary_codec.hpp"

namespace phi {

void PutFixed64BE(uint64_t v, std::string& out) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out.append(buf, 8);
}

uint64_t GetFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

void PutVarint(uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void PutLengthPrefixed(std::string_view s, std::string& out) {
  PutVarint(s.size(), out);
  out.append(s);
}

void PutSignedFixed64BE(int64_t v, std::string& out) {
  PutFixed64BE(static_cast<uint64_t>(v), out);
}

void PutOrderedTime(int64_t t, std::string& out) {
  PutFixed64BE(OrderedTime(t), out);
}

void PutStringList(const std::vector<std::string>& v, std::string& out) {
  PutVarint(v.size(), out);
  for (const auto& s : v) PutLengthPrefixed(s, out);
}

void PutVarintList(const std::vector<uint64_t>& v, std::string& out) {
  PutVarint(v.size(), out);
  for (uint64_t x : v) PutVarint(x, out);
}

bool ByteReader::GetVarint(uint64_t& v) {
  v = 0;
  for (int shift = 0; shift <= 63 && !data_.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(data_.front());
    data_.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool ByteReader::GetFixed64BE(uint64_t& v) {
  if (data_.size() < 8) return false;
  v = phi::GetFixed64BE(data_.data());
  data_.remove_prefix(8);
  return true;
}

bool ByteReader::GetLengthPrefixed(std::string_view& s) {
  uint64_t n;
  if (!GetVarint(n) || n > data_.size()) return false;
  s = data_.substr(0, n);
  data_.remove_prefix(n);
  return true;
}

bool ByteReader::GetLengthPrefixed(std::string& s) {
  std::string_view view;
  if (!GetLengthPrefixed(view)) return false;
  s.assign(view);
  return true;
}

bool ByteReader::GetSignedFixed64BE(int64_t& v) {
  uint64_t u;
  if (!GetFixed64BE(u)) return false;
  v = static_cast<int64_t>(u);
  return true;
}

bool ByteReader::GetOrderedTime(int64_t& t) {
  uint64_t u;
  if (!GetFixed64BE(u)) return false;
  t = UnorderedTime(u);
  return true;
}

bool ByteReader::GetStringList(std::vector<std::string>& v) {
  uint64_t n;
  if (!GetVarint(n)) return false;
  v.resize(n);
  for (auto& s : v) {
    if (!GetLengthPrefixed(s)) return false;
  }
  return true;
}

bool ByteReader::GetVarintList(std::vector<uint64_t>& v) {
  uint64_t n;
  if (!GetVarint(n)) return false;
  v.resize(n);
  for (auto& x : v) {
    if (!GetVarint(x)) return false;
  }
  return true;
}

}  // namespace phi
