// Writing untrusted text (user names, rule ids, explanations, bytes from logs) into the one-line
// SIEM formats, CEF and LEEF: the result is always well-formed UTF-8 on one line, and each
// format's delimiters are written the way that format's table says.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace phi {

// How a format writes each ASCII character: an empty entry keeps the character as it is.
using AsciiEscapes = std::array<std::string_view, 128>;

// The table formats start from: every C0 control and DEL becomes a space (so nothing breaks the
// line or acts on a reader's terminal), everything else is kept.
constexpr AsciiEscapes ControlsAsSpaces() {
  AsciiEscapes table{};
  for (size_t c = 0; c < 0x20; ++c) table[c] = " ";
  table[0x7F] = " ";
  return table;
}

// Appends `text` with each ASCII character written as `escapes` says. Beyond ASCII, well-formed
// UTF-8 is kept, C1 controls (U+0080..U+009F, among them NEL) become a space, and each maximal
// ill-formed subsequence becomes one U+FFFD, as AppendJsonString does.
void AppendEscapedText(std::string_view text, const AsciiEscapes& escapes, std::string& out);

}  // namespace phi
