// AES-256-GCM for PHI stored at rest (the timeline's values, see daemon/timeline/at_rest_codec): a
// sealed value is format(1) | key id(4, big-endian) | nonce(12, random) | ciphertext | tag(16),
// authenticated together with caller-chosen associated data (e.g. the record's key), so a value
// moved to another record, cut or edited fails to open. Index keys use tokens instead
// (daemon/integrity/index_token.hpp).
// One FieldCipher per thread: it reuses its OpenSSL contexts.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/integrity/at_rest_keys.hpp"

namespace phi {

constexpr size_t kSealOverhead = 1 + 4 + 12 + 16;

class FieldCipher {
 public:
  explicit FieldCipher(const AtRestKeyRing& keys);
  ~FieldCipher();
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;

  // Encrypts under the current key, appending the sealed value to `out`.
  void Seal(std::string_view plaintext, std::string_view associated, std::string& out);
  // Decrypts a sealed value under whichever key of the ring sealed it. A value that was altered,
  // moved (other associated data), cut, or sealed by a key not in the ring is an error.
  Status Open(std::string_view sealed, std::string_view associated, std::string& plaintext);

 private:
  struct Contexts;
  const AtRestKeyRing& keys_;
  std::unique_ptr<Contexts> contexts_;
};

}  // namespace phi
