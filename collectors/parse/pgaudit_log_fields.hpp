// Small conversions of fields that PostgreSQL writes the same way in all three log destinations
// (stderr, csvlog, jsonlog): its time stamps, its client host notations and its placeholders.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/common/time_util.hpp"

namespace phi {

// Parses "2023-02-03 20:29:44.139 GMT", "... UTC", "... +03", "... -0330" or no zone at all.
// PostgreSQL writes log_timezone's abbreviation; only UTC/GMT/Z and numeric offsets say which
// offset they mean, so any other abbreviation ("CST", "CET") is read as UTC plus
// `fallback_offset_seconds` (the source's `utc_offset_seconds`): set it to the server's offset.
std::optional<TimeMicros> ParsePgTimestamp(std::string_view text, int32_t fallback_offset_seconds);

// Parses %n's "1675456184.139" (seconds since the epoch with milliseconds).
std::optional<TimeMicros> ParsePgEpochTimestamp(std::string_view text);

// "[local]" (a unix-socket client) becomes "local"; anything else is returned as is.
std::string_view PgClientHost(std::string_view host);
// csvlog's connection_from "10.0.0.5:51234" / "::1:51234" / "[local]": the host without port.
std::string_view PgClientHostFromConnection(std::string_view connection_from);
// stderr's %r "10.0.0.5(51234)" / "[local]": the host without port.
std::string_view PgClientHostFromRemote(std::string_view remote);

// PostgreSQL prints "[unknown]" for a user, database or application it does not know yet.
std::string_view PgKnownValue(std::string_view value);

}  // namespace phi
