#include "daemon/context/match_key.hpp"

namespace phi {

void NormalizeMatchKey(std::string_view text, std::string& out) {
  out.clear();
  bool pending_space = false;
  for (char raw : text) {
    unsigned char c = static_cast<unsigned char>(raw);
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
    } else if (c == '\'' || c == '.' || c == '`') {
      continue;  // "O'Brien" == "OBrien", "St." == "St"
    } else if (c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
      pending_space = true;  // white space, control characters and other punctuation
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
}

}  // namespace phi
