#include "daemon/sinks/webhook_url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace phi {
namespace {

constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxHostLength = 253;

// Names the URL by its scheme and host only: a webhook's path often carries its token.
Status UrlError(std::string_view url, std::string_view why) {
  const size_t scheme = url.find("://");
  const size_t host_end =
      scheme == std::string_view::npos ? 0 : url.find_first_of("/?#", scheme + 3);
  std::string shown(url.substr(0, std::min(host_end, url.size())));
  if (shown.size() < url.size()) shown += "/...";
  return Status::Invalid("webhook url \"" + shown + "\": " + std::string(why));
}

// REQUIRES: `prefix` is lower case.
bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
           return std::tolower(static_cast<unsigned char>(c)) == lower;
         });
}

bool IsAsciiDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Letters, digits and hyphens in dot-separated labels of 1 to 63 characters (RFC 1123).
bool IsDnsName(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostLength) return false;
  size_t label_length = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (label_length == 0 || label_length > 63) return false;
      if (host[i - 1] == '-' || host[i - label_length] == '-') return false;
      label_length = 0;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(host[i]);
    if (!std::isalnum(c) && c != '-') return false;
    ++label_length;
  }
  return true;
}

// Printable ASCII other than space (RFC 3986 characters, percent-encoding left as written).
bool IsValidTarget(std::string_view target) {
  return std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace

std::string WebhookUrl::HostHeader() const {
  std::string header = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) header += ":" + std::to_string(port);
  return header;
}

std::string WebhookUrl::Origin() const {
  std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return (tls ? "https://" : "http://") + bracketed + ":" + std::to_string(port);
}

bool WebhookUrl::IsLoopback() const {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4{};
  return ::inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

Result<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  if (url.empty()) return UrlError(url, "is empty; expected https://host[:port]/path");
  if (url.size() > kMaxUrlLength) {
    return Status::Invalid("webhook url: longer than " + std::to_string(kMaxUrlLength) +
                           " characters");
  }
  WebhookUrl parsed;
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    parsed.tls = true;
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    parsed.tls = false;
    rest = url.substr(7);
  } else {
    return UrlError(url, "expected a URL starting with https:// (or http://)");
  }

  const size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return UrlError(url,
                    "user names and passwords in the URL are not supported; "
                    "put credentials in a header");
  }
  if (authority.empty()) return UrlError(url, "expected a host after the scheme");

  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return UrlError(url, "IPv6 address without a ']'");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return UrlError(url, "expected ':port' after the IPv6 address");
      has_port = true;
      port_text = after.substr(1);
    }
    in6_addr v6{};
    if (::inet_pton(AF_INET6, std::string(host).c_str(), &v6) != 1)
      return UrlError(url, "\"" + std::string(host) + "\" is not an IPv6 address");
  } else {
    const size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    const bool looks_numeric = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '.';
    });
    in_addr v4{};
    if (looks_numeric ? ::inet_pton(AF_INET, std::string(host).c_str(), &v4) != 1
                      : !IsDnsName(host)) {
      return UrlError(url, "\"" + std::string(host) +
                               "\" is not a host name (letters, digits, '-' and '.') "
                               "or an IP address");
    }
  }
  parsed.host = ToLower(host);

  if (has_port) {
    const int port =
        IsAsciiDigits(port_text) && port_text.size() <= 5 ? std::stoi(std::string(port_text)) : 0;
    if (port < 1 || port > 65535) return UrlError(url, "the port must be a number from 1 to 65535");
    parsed.port = static_cast<uint16_t>(port);
  } else {
    parsed.port = parsed.tls ? 443 : 80;
  }

  if (target.find('#') != std::string_view::npos)
    return UrlError(url, "a fragment ('#') has no meaning in a webhook URL");
  if (!IsValidTarget(target))
    return UrlError(url, "the path may hold only printable ASCII without spaces");
  if (target.empty()) {
    parsed.target = "/";
  } else if (target.front() == '?') {
    parsed.target = "/" + std::string(target);
  } else {
    parsed.target = std::string(target);
  }
  return parsed;
}

}  // namespace phi
