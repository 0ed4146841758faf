#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

void AppendEscape(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

}  // namespace

size_t WellFormedUtf8Length(std::string_view s, size_t i, size_t* ill_formed) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (ill_formed) *ill_formed = 1;
  if (c < 0x80) return 1;
  // Table 3-7 of the Unicode standard: the lead byte fixes the length and the range of the
  // second byte (which rules out overlong forms, surrogates and code points above U+10FFFF).
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;  // a continuation byte without a lead, C0, C1 or F5..FF
  }
  size_t k = 1;
  for (; k < n && i + k < s.size(); ++k) {
    unsigned char b = byte(i + k);
    bool ok = k == 1 ? b >= lo && b <= hi : (b & 0xC0) == 0x80;
    if (!ok) break;
  }
  if (k == n) return n;
  if (ill_formed) *ill_formed = k;
  return 0;
}

uint32_t DecodeUtf8(std::string_view s, size_t i, size_t n) {
  auto c = static_cast<unsigned char>(s[i]);
  uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    size_t consumed = 1;
    if (c >= 0x80) {
      size_t n = WellFormedUtf8Length(s, i, &consumed);
      // U+0080..U+009F (C2 80..C2 9F) are C1 controls: escaped like C0 below.
      bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
      if (n > 0 && !c1) {
        i += n;
        continue;
      }
      out.append(s.data() + run, i - run);
      if (c1) {
        AppendEscape(static_cast<unsigned char>(s[i + 1]), out);
        consumed = 2;
      } else {
        out += kReplacementCharacter;
      }
      i += consumed;
      run = i;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        AppendEscape(c, out);  // other C0 controls and DEL
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void AppendJsonMember(std::string_view key, std::string_view value, bool& first, std::string& out) {
  if (!first) out += ',';
  first = false;
  AppendJsonString(key, out);
  out += ':';
  AppendJsonString(value, out);
}

void AppendJsonMember(std::string_view key, int64_t value, bool& first, std::string& out) {
  if (!first) out += ',';
  first = false;
  AppendJsonString(key, out);
  out += ':';
  out += std::to_string(value);
}

}  // namespace phi
