// Keyed tokens for identifiers in the timeline's indexes (issue 9, item 6): a patient's MRN or a
// user id is filed under HMAC-SHA256(token key, identifier) cut to 16 bytes, so the index finds
// a patient's history without holding the MRN. The token key is derived from the ring's lowest
// key id (the key the timeline was created with), so a rotation leaves every token as it was.
// One IndexTokenizer per thread: it reuses its OpenSSL context.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "daemon/integrity/at_rest_keys.hpp"

namespace phi {

constexpr size_t kIndexTokenBytes = 16;

class IndexTokenizer {
 public:
  explicit IndexTokenizer(const AtRestKeyRing& keys);
  ~IndexTokenizer();
  IndexTokenizer(const IndexTokenizer&) = delete;
  IndexTokenizer& operator=(const IndexTokenizer&) = delete;

  // Appends the identifier's token to `out`.
  void Append(std::string_view identifier, std::string& out);
  std::string Of(std::string_view identifier) {
    std::string token;
    Append(identifier, token);
    return token;
  }

 private:
  struct Mac;
  std::unique_ptr<Mac> mac_;
};

// One token, for callers outside a hot path.
std::string IndexToken(const AtRestKeyRing& keys, std::string_view identifier);

}  // namespace phi
