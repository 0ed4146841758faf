// Cutting text to a byte limit without splitting a UTF-8 sequence: statements cut to
// statement_max_bytes, records cut to max_record_bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace phi {

// The first `max` bytes of `text` at most, less a UTF-8 sequence the cut would split.
inline std::string_view CutUtf8(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

}  // namespace phi
