// Appends JSON text to a string without building a DOM: string escaping per RFC 8259 and a few
// helpers for objects. Used wherever the daemon writes JSON (events, alerts, stats).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phi {

// Appends `value` as a quoted JSON string; invalid UTF-8 bytes are written as \u00XX escapes of
// their Latin-1 reading so the output is always valid JSON.
void AppendJsonString(std::string_view value, std::string& out);

// Appends `"key":"value"` with a leading comma unless `first` is set (then clears it).
void AppendJsonMember(std::string_view key, std::string_view value, bool& first, std::string& out);
void AppendJsonMember(std::string_view key, int64_t value, bool& first, std::string& out);

}  // namespace phi
