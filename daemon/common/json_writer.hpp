// Appends JSON text to a string without building a DOM: string escaping per RFC 8259 and a few
// helpers for objects. Used wherever the daemon writes JSON (events, alerts, stats).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phi {

// Appends `value` as a quoted JSON string that is always valid UTF-8: each maximal ill-formed
// subsequence (stray continuation bytes, truncated sequences, overlong forms, encoded surrogates,
// code points above U+10FFFF) becomes one U+FFFD, as the Unicode standard recommends. Control
// characters (C0, DEL and C1) are written as \u00XX escapes so no reader's terminal acts on them.
void AppendJsonString(std::string_view value, std::string& out);

// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes there
// are ill-formed. `*ill_formed` (when given) receives the length of the maximal ill-formed
// subsequence, the bytes that one U+FFFD replaces.
size_t WellFormedUtf8Length(std::string_view s, size_t i, size_t* ill_formed = nullptr);

// The code point of the well-formed sequence s[i, i + n), n as WellFormedUtf8Length returned it.
uint32_t DecodeUtf8(std::string_view s, size_t i, size_t n);

// Appends `"key":"value"` with a leading comma unless `first` is set (then clears it).
void AppendJsonMember(std::string_view key, std::string_view value, bool& first, std::string& out);
void AppendJsonMember(std::string_view key, int64_t value, bool& first, std::string& out);

}  // namespace phi
