// Bytes as text for the integrity files: lower-case hex (digests, fingerprints) and standard
// base64 with padding (RFC 4648 section 4; signatures). The decoders are strict: they accept
// exactly what the encoders write, so one value has one spelling and hostile text is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace phi {

std::string LowerHex(std::string_view bytes);
// True when `text` is `digits` characters of 0-9a-f.
bool IsLowerHex(std::string_view text, size_t digits);
// The bytes `text` spells; nullopt unless it is an even number of 0-9a-f characters.
std::optional<std::string> LowerHexDecode(std::string_view text);

std::string Base64Encode(std::string_view bytes);
// nullopt unless `text` is canonical padded base64: length a multiple of 4, only the alphabet,
// '=' only as the final padding, unused bits of the last character zero. No whitespace.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace phi
