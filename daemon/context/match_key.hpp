// The normalised form in which names and addresses from different systems are compared
// ("12 Oak St." and "12  oak st" are the same address): ASCII lower case, apostrophes and
// periods dropped, other punctuation read as a space, runs of white space collapsed, trimmed.
#pragma once

#include <string>
#include <string_view>

namespace phi {

// Writes the match key of `text` into `out` (cleared first). Bytes >= 0x80 (UTF-8) are kept.
void NormalizeMatchKey(std::string_view text, std::string& out);

inline std::string MatchKey(std::string_view text) {
  std::string out;
  NormalizeMatchKey(text, out);
  return out;
}

}  // namespace phi
