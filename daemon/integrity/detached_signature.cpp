#include "daemon/integrity/detached_signature.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "daemon/integrity/ed25519_key_codec.hpp"
#include "daemon/integrity/sha256.hpp"
#include "daemon/integrity/text_encoding.hpp"

namespace phi {
namespace {

constexpr size_t kMaxFileNameBytes = 255;  // NAME_MAX
constexpr size_t kHexDigestDigits = 64;

Status Malformed(int line, const std::string& what) {
  return Status::Corruption("signature file line " + std::to_string(line) + ": " + what);
}

bool ValidFileName(std::string_view name) {
  if (name.empty() || name.size() > kMaxFileNameBytes || name == "." || name == "..") return false;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '/' || byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

// Decimal without sign or leading zeros ("0" itself is fine), within uint64_t.
std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

// Walks the text one LF-terminated line at a time, within the line-length limit.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // The next line without its LF; `expected` describes it for the error when there is none.
  Result<std::string_view> Next(const std::string& expected) {
    ++number_;
    if (pos_ == text_.size()) return Malformed(number_, "missing; expected " + expected);
    const std::string_view rest = text_.substr(pos_);
    const size_t end = rest.substr(0, kMaxDetachedSignatureLineBytes + 1).find('\n');
    if (end == std::string_view::npos) {
      if (rest.size() > kMaxDetachedSignatureLineBytes) {
        return Malformed(number_, "longer than " + std::to_string(kMaxDetachedSignatureLineBytes) +
                                      " bytes; expected " + expected);
      }
      return Malformed(number_, "no line break at its end");
    }
    const std::string_view line = rest.substr(0, end);
    line_start_ = pos_;
    pos_ += end + 1;
    if (!line.empty() && line.back() == '\r') {
      return Malformed(number_,
                       "ends in a carriage return: the file was converted to CRLF line ends");
    }
    return line;
  }

  // The value of a "<key>: <value>" line.
  Result<std::string_view> Field(std::string_view key, const char* value_description) {
    const std::string expected = "\"" + std::string(key) + ": " + value_description + "\"";
    Result<std::string_view> line = Next(expected);
    if (!line.ok()) return line;
    const std::string_view text = line.value();
    if (text.size() < key.size() + 2 || text.substr(0, key.size()) != key ||
        text.substr(key.size(), 2) != ": ") {
      return Malformed(number_, "expected " + expected);
    }
    return text.substr(key.size() + 2);
  }

  Status Invalid(const std::string& what) const { return Malformed(number_, what); }
  int number() const { return number_; }
  size_t line_start() const { return line_start_; }
  bool at_end() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int number_ = 0;
};

Status ParseHeader(LineReader& reader) {
  Result<std::string_view> line = reader.Next(std::string("\"") + kDetachedSignatureHeader + "\"");
  if (!line.ok()) return line.status();
  if (line.value() == kDetachedSignatureHeader) return Status::Ok();
  constexpr std::string_view kPrefix = "phi-auditd detached signature ";
  if (line->substr(0, kPrefix.size()) == kPrefix) {
    const std::string_view version = line->substr(kPrefix.size());
    if (ParseDecimal(version)) {
      return reader.Invalid("format version " + std::string(version) +
                            "; this build reads version 1 (a newer phi-auditd wrote it?)");
    }
  }
  return reader.Invalid(std::string("not a phi-auditd detached signature (expected \"") +
                        kDetachedSignatureHeader + "\")");
}

Status ParseHexDigest(LineReader& reader, std::string_view key, std::string& out) {
  Result<std::string_view> value = reader.Field(key, "<64 lower-case hex digits>");
  if (!value.ok()) return value.status();
  if (!IsLowerHex(value.value(), kHexDigestDigits))
    return reader.Invalid(std::string(key) + " is not 64 lower-case hex digits");
  out = value.value();
  return Status::Ok();
}

Status ParseNumber(LineReader& reader, std::string_view key, uint64_t& out) {
  Result<std::string_view> value = reader.Field(key, "<decimal number>");
  if (!value.ok()) return value.status();
  std::optional<uint64_t> number = ParseDecimal(value.value());
  if (!number) {
    return reader.Invalid(std::string(key) +
                          " is not a decimal number without sign or leading zeros");
  }
  out = *number;
  return Status::Ok();
}

// Everything but the signature line; `signed_end` is where the signed lines end.
Status ParseFields(std::string_view text, DetachedSignatureFields& fields, size_t& signed_end) {
  if (text.size() > kMaxDetachedSignatureBytes) {
    return Status::Corruption("signature file: larger than " +
                              std::to_string(kMaxDetachedSignatureBytes) +
                              " bytes, not a phi-auditd detached signature");
  }
  LineReader reader(text);
  if (Status s = ParseHeader(reader); !s.ok()) return s;

  Result<std::string_view> name = reader.Field("file", "<the report's file name>");
  if (!name.ok()) return name.status();
  if (!ValidFileName(name.value()))
    return reader.Invalid("the file name is empty, too long, or holds '/' or control characters");
  fields.file_name = name.value();

  if (Status s = ParseHexDigest(reader, "sha256", fields.sha256_hex); !s.ok()) return s;
  if (Status s = ParseNumber(reader, "size", fields.size); !s.ok()) return s;
  if (Status s = ParseNumber(reader, "chain-link", fields.chain_link); !s.ok()) return s;
  if (Status s = ParseHexDigest(reader, "chain-hash", fields.chain_hash_hex); !s.ok()) return s;

  Result<std::string_view> signed_at = reader.Field("signed-at", "<RFC 3339 time in UTC>");
  if (!signed_at.ok()) return signed_at.status();
  // Only the spelling this program writes ("2026-03-02T10:15:00.000Z"): one time, one text.
  std::optional<TimeMicros> time = ParseIsoTime(signed_at.value());
  if (!time || FormatIsoTime(*time) != signed_at.value()) {
    return reader.Invalid(
        "signed-at is not a UTC time as phi-auditd writes it (2026-03-02T10:15:00.000Z)");
  }
  fields.signed_at = *time;

  if (Status s = ParseHexDigest(reader, "key", fields.key_fingerprint_hex); !s.ok()) return s;

  Result<std::string_view> signature = reader.Field("signature", "<base64>");
  if (!signature.ok()) return signature.status();
  std::optional<std::string> raw = Base64Decode(signature.value());
  if (!raw || raw->size() != kEd25519SignatureBytes)
    return reader.Invalid("the signature is not 64 bytes in canonical padded base64");
  fields.signature = std::move(*raw);
  signed_end = reader.line_start();

  if (!reader.at_end()) {
    return Malformed(reader.number() + 1, "text after the signature line");
  }
  return Status::Ok();
}

}  // namespace

Status CheckDetachedSignatureInputs(std::string_view file_name, std::string_view chain_hash_hex) {
  if (!ValidFileName(file_name)) {
    return Status::Invalid(
        "a signed file's name must be 1 to 255 bytes without '/' or control characters");
  }
  if (!IsLowerHex(chain_hash_hex, kHexDigestDigits))
    return Status::Invalid("the chain hash must be 64 lower-case hex digits");
  return Status::Ok();
}

std::string MakeDetachedSignature(const SigningKey& key, std::string_view file_bytes,
                                  std::string_view file_name, uint64_t chain_link,
                                  std::string_view chain_hash_hex, TimeMicros signed_at) {
  if (Status inputs = CheckDetachedSignatureInputs(file_name, chain_hash_hex); !inputs.ok()) {
    std::fprintf(stderr, "MakeDetachedSignature: %s\n", inputs.message().c_str());
    std::abort();
  }
  std::string text;
  text.reserve(512);
  text.append(kDetachedSignatureHeader).append("\n");
  text.append("file: ").append(file_name).append("\n");
  text.append("sha256: ").append(Sha256Hex(file_bytes)).append("\n");
  text.append("size: ").append(std::to_string(file_bytes.size())).append("\n");
  text.append("chain-link: ").append(std::to_string(chain_link)).append("\n");
  text.append("chain-hash: ").append(chain_hash_hex).append("\n");
  text.append("signed-at: ").append(FormatIsoTime(signed_at)).append("\n");
  text.append("key: ").append(key.Fingerprint()).append("\n");
  const std::string signature = key.Sign(text);
  text.append("signature: ").append(Base64Encode(signature)).append("\n");
  return text;
}

Result<DetachedSignatureCheck> VerifyDetachedSignature(const PublicKey& key,
                                                       std::string_view file_bytes,
                                                       std::string_view signature_text) {
  DetachedSignatureCheck check;
  size_t signed_end = 0;
  if (Status parsed = ParseFields(signature_text, check.fields, signed_end); !parsed.ok())
    return parsed;
  const DetachedSignatureFields& f = check.fields;

  if (f.key_fingerprint_hex != key.Fingerprint()) {
    check.verdict = SignatureVerdict::kWrongKey;
    check.reason = "signed by the key with fingerprint " + f.key_fingerprint_hex +
                   ", not by the key given (fingerprint " + key.Fingerprint() + ")";
  } else if (!key.Verify(signature_text.substr(0, signed_end), f.signature)) {
    check.verdict = SignatureVerdict::kSignatureInvalid;
    check.reason =
        "the signature does not match the lines it signs: the signature file was edited after "
        "signing";
  } else if (f.size != file_bytes.size()) {
    check.verdict = SignatureVerdict::kSizeDiffers;
    check.reason = "the file is " + std::to_string(file_bytes.size()) +
                   " bytes, the signed file was " + std::to_string(f.size) +
                   ": the file was changed after signing";
  } else if (const std::string digest = Sha256Hex(file_bytes); digest != f.sha256_hex) {
    check.verdict = SignatureVerdict::kDigestDiffers;
    check.reason = "the file's SHA-256 is " + digest + ", the signed file's was " + f.sha256_hex +
                   ": the file was changed after signing";
  } else {
    check.verdict = SignatureVerdict::kValid;
  }
  return check;
}

}  // namespace phi
