// The URL a webhook posts to, parsed strictly: scheme (https, or http), host (a DNS name, an
// IPv4 address or a bracketed IPv6 address), optional port and path with an optional query.
// Anything else (user names and passwords, fragments, spaces, control characters) is refused
// with a message saying what was expected, since the parts end up in the request line and the
// Host header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"

namespace phi {

struct WebhookUrl {
  bool tls = true;     // https
  std::string host;    // lower case; an IPv6 address without its brackets
  uint16_t port = 0;   // 443 or 80 when the URL names none
  std::string target;  // path and query, starting with '/'

  // "host", "host:port" when the port is not the scheme's default, brackets around IPv6.
  std::string HostHeader() const;
  // "https://host:port" without the path, which may hold a token: what error messages name.
  std::string Origin() const;
  // 127.0.0.0/8, ::1 or "localhost".
  bool IsLoopback() const;
};

Result<WebhookUrl> ParseWebhookUrl(std::string_view url);

}  // namespace phi
