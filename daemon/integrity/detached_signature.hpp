// The detached signature written beside a report (FILE.sig): a small, versioned text file that
// names the report's bytes (SHA-256 and size), the point of the timeline's hash chain it was
// read from and the key that signed, then an Ed25519 signature over all of those lines exactly
// as written. Anyone with the public key can tell whether the report or the .sig was edited.
//
//   phi-auditd detached signature 1
//   file: access-MRN123.csv
//   sha256: <64 hex digits of the report's bytes>
//   size: <bytes>
//   chain-link: <number>
//   chain-hash: <64 hex digits>
//   signed-at: 2026-03-02T10:15:00.000Z
//   key: <64 hex digits: the signing key's fingerprint>
//   signature: <base64 of the 64-byte signature of every line above, newlines included>
//
// The parser takes exactly this layout (LF line ends, this order, no other lines) and nothing
// else, with a size and line-length limit, so hostile text ends in an error, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/integrity/public_key.hpp"
#include "daemon/integrity/signing_key.hpp"

namespace phi {

inline constexpr char kDetachedSignatureHeader[] = "phi-auditd detached signature 1";
inline constexpr char kDetachedSignatureSuffix[] = ".sig";
// Limits on the text read: a genuine file is about 450 bytes, its longest line a 255-byte name.
constexpr size_t kMaxDetachedSignatureBytes = 4096;
constexpr size_t kMaxDetachedSignatureLineBytes = 512;

// The fields of a signature file, as parsed.
struct DetachedSignatureFields {
  std::string file_name;  // the report's name when signed (no directory)
  std::string sha256_hex;
  uint64_t size = 0;
  uint64_t chain_link = 0;
  std::string chain_hash_hex;
  TimeMicros signed_at = 0;
  std::string key_fingerprint_hex;
  std::string signature;  // 64 raw bytes
};

enum class SignatureVerdict {
  kValid,
  kWrongKey,          // signed by another key than the one given (fingerprints differ)
  kSignatureInvalid,  // the signed lines do not match their signature: the .sig was edited
  kSizeDiffers,       // the report is not the size that was signed: it was edited
  kDigestDiffers,     // same size, other SHA-256: the report was edited
};

// The outcome of checking a well-formed signature file against a report.
struct DetachedSignatureCheck {
  DetachedSignatureFields fields;
  SignatureVerdict verdict = SignatureVerdict::kSignatureInvalid;
  std::string reason;  // empty when valid; otherwise what differs, in a sentence
  // VerifyFileWithSignature only: whether the report's name is still the one that was signed
  // (a renamed copy can be genuine, so this does not decide the verdict).
  bool file_name_matches = true;
  bool ok() const { return verdict == SignatureVerdict::kValid; }
};

// Ok when `file_name` can be named in a signature file (1 to 255 bytes, no '/', no control
// characters) and `chain_hash_hex` is 64 lower-case hex digits.
Status CheckDetachedSignatureInputs(std::string_view file_name, std::string_view chain_hash_hex);

// The text of the signature file for `file_bytes`, named `file_name`, read at `chain_link`
// whose hash is `chain_hash_hex`, signed at `signed_at` (written in UTC).
// REQUIRES: CheckDetachedSignatureInputs(file_name, chain_hash_hex).ok() (aborts otherwise: a
// signature file nobody could read back must never be written).
std::string MakeDetachedSignature(const SigningKey& key, std::string_view file_bytes,
                                  std::string_view file_name, uint64_t chain_link,
                                  std::string_view chain_hash_hex, TimeMicros signed_at);

// Parses `signature_text` and checks it against `key` and `file_bytes`, in this order: the key
// fingerprint, the signature over the signed lines, the size, the SHA-256. Text that is not a
// signature file this build reads is a Corruption status naming the line and what was expected
// there; otherwise the check says valid or which test failed, with the parsed fields.
Result<DetachedSignatureCheck> VerifyDetachedSignature(const PublicKey& key,
                                                       std::string_view file_bytes,
                                                       std::string_view signature_text);

}  // namespace phi
