// The secret behind hmac pseudonyms, read from a key file only its owner can read, and the
// tokens it derives: HMAC-SHA256 of a domain-separated value, cut to 64 bits and written in hex
// behind a short prefix ("pt_3f9a1c0b7e2d4a58"). The same key and value give the same token on
// every run and host, so a SIEM can correlate; without the key no token can be computed or
// checked, not even by trying every MRN. Immutable once loaded: safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "daemon/common/status.hpp"

namespace phi {

class PseudonymKey {
 public:
  static constexpr size_t kMinBytes = 32;    // 256 bits, the size of the HMAC-SHA256 output
  static constexpr size_t kMaxBytes = 4096;  // more is not a key but the wrong file
  static constexpr size_t kTokenBytes = 8;   // 16 hex digits after the prefix

  // Reads the key from `path`, which must be a regular file (not a symbolic link) owned by the
  // effective user, with no permission bits for group or others (0600 or 0400), holding at
  // least kMinBytes once trailing line breaks are dropped (an editor's final newline must not
  // change every token). Errors name the file and say how to fix it.
  static Result<PseudonymKey> Load(const std::string& path);

  // A key held in memory already (tests). REQUIRES: secret.size() >= kMinBytes.
  static PseudonymKey FromSecret(std::string secret);

  // One copy of the secret in memory: moved, never copied, and overwritten when destroyed.
  PseudonymKey(PseudonymKey&&) noexcept = default;
  PseudonymKey(const PseudonymKey&) = delete;
  PseudonymKey& operator=(const PseudonymKey&) = delete;
  PseudonymKey& operator=(PseudonymKey&&) = delete;
  ~PseudonymKey();

  // `prefix` + the first kTokenBytes of HMAC-SHA256(key, domain + ":" + value) in lowercase
  // hex. The domain ("patient") keeps equal strings of different kinds apart.
  std::string Token(std::string_view prefix, std::string_view domain, std::string_view value) const;

 private:
  explicit PseudonymKey(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;
};

}  // namespace phi
