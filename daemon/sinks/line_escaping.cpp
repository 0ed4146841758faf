#include "daemon/sinks/line_escaping.hpp"

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void AppendEscapedText(std::string_view text, const AsciiEscapes& escapes, std::string& out) {
  size_t run = 0;  // start of the pending run of bytes written as they are
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (escapes[c].empty()) {
        ++i;
        continue;
      }
      out.append(text.data() + run, i - run);
      out += escapes[c];
      run = ++i;
      continue;
    }
    size_t ill_formed = 1;
    size_t n = WellFormedUtf8Length(text, i, &ill_formed);
    bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (n > 0 && !c1) {
      i += n;
      continue;
    }
    out.append(text.data() + run, i - run);
    out += c1 ? std::string_view(" ") : kReplacementCharacter;
    i += c1 ? 2 : ill_formed;
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace phi
