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

}  // namespace phi
