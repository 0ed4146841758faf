#include "daemon/sinks/http_header_check.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace phi {
namespace {

constexpr size_t kMaxHeaderValueLength = 8192;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsFieldValueChar(char c) {
  return c == '\t' || (c >= 0x20 && c < 0x7f);
}

// A name fit to quote in a message: control and non-ASCII bytes shown as '?'.
std::string Printable(std::string_view text) {
  std::string shown(text.substr(0, 64));
  for (char& c : shown) {
    if (c < 0x20 || c >= 0x7f) c = '?';
  }
  return shown;
}

}  // namespace

Status CheckHttpHeader(std::string_view name, std::string_view value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) {
    return Status::Invalid("webhook header name \"" + Printable(name) +
                           "\": expected letters, digits and !#$%&'*+-.^_`|~ only");
  }
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return Status::Invalid("webhook header " + std::string(name) +
                           ": the value holds a CR or LF, which would end the header");
  }
  if (!std::all_of(value.begin(), value.end(), IsFieldValueChar)) {
    return Status::Invalid("webhook header " + std::string(name) +
                           ": the value may hold only visible ASCII, spaces and tabs");
  }
  if (value.size() > kMaxHeaderValueLength) {
    return Status::Invalid("webhook header " + std::string(name) + ": the value is longer than " +
                           std::to_string(kMaxHeaderValueLength) + " bytes");
  }
  return Status::Ok();
}

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace phi
