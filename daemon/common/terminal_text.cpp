#include "daemon/common/terminal_text.hpp"

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendByteEscape(unsigned char c, std::string& out) {
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

void AppendCodePointEscape(uint32_t cp, std::string& out) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
}

bool IsHiddenFormatting(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

void AppendTerminalSafe(std::string_view s, std::string& out) {
  size_t run = 0;  // start of the pending run of bytes printed as they are
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    size_t n = c < 0x80 ? 1 : WellFormedUtf8Length(s, i);
    if (n > 1) {
      uint32_t cp = DecodeUtf8(s, i, n);
      if (cp >= 0xA0 && !IsHiddenFormatting(cp)) {
        i += n;
        continue;
      }
      out.append(s.data() + run, i - run);
      AppendCodePointEscape(cp, out);
    } else {
      out.append(s.data() + run, i - run);
      n = 1;
      switch (c) {
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
          AppendByteEscape(c, out);  // other C0, DEL, or a byte that is not UTF-8
      }
    }
    i += n;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

std::string TerminalSafe(std::string_view value) {
  std::string out;
  AppendTerminalSafe(value, out);
  return out;
}

}  // namespace phi
