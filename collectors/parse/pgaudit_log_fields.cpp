#include "collectors/parse/pgaudit_log_fields.hpp"

namespace phi {
namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::optional<TimeMicros> ParsePgTimestamp(std::string_view text, int32_t fallback_offset_seconds) {
  if (auto t = ParseIsoTime(text, fallback_offset_seconds)) return t;
  size_t space = text.rfind(' ');
  if (space == std::string_view::npos || space < 10) return std::nullopt;
  std::string_view zone = text.substr(space + 1);
  if (zone.empty() || zone.size() > 6) return std::nullopt;
  for (char c : zone) {
    if (!IsAlpha(c)) return std::nullopt;
  }
  return ParseIsoTime(text.substr(0, space), fallback_offset_seconds);
}

std::optional<TimeMicros> ParsePgEpochTimestamp(std::string_view text) {
  int64_t seconds = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (i >= 12) return std::nullopt;
    seconds = seconds * 10 + (text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  int64_t micros = 0;
  if (i < text.size()) {
    if (text[i] != '.' || i + 1 == text.size()) return std::nullopt;
    int digits = 0;
    for (++i; i < text.size(); ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9' || digits == 6) return std::nullopt;
      micros = micros * 10 + (text[i] - '0');
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  return seconds * kMicrosPerSecond + micros;
}

std::string_view PgClientHost(std::string_view host) {
  return host == "[local]" ? std::string_view("local") : host;
}

std::string_view PgClientHostFromConnection(std::string_view connection_from) {
  if (connection_from == "[local]") return "local";
  // PostgreSQL appends ":port" whenever it knows a port, and it always does for TCP clients.
  size_t colon = connection_from.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return connection_from;
  for (size_t i = colon + 1; i < connection_from.size(); ++i) {
    if (connection_from[i] < '0' || connection_from[i] > '9') return connection_from;
  }
  return connection_from.substr(0, colon);
}

std::string_view PgClientHostFromRemote(std::string_view remote) {
  if (remote == "[local]") return "local";
  size_t paren = remote.rfind('(');
  if (paren == std::string_view::npos || paren == 0 || remote.back() != ')') return remote;
  return remote.substr(0, paren);
}

std::string_view PgKnownValue(std::string_view value) {
  return value == "[unknown]" ? std::string_view() : value;
}

}  // namespace phi
