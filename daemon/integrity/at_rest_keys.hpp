// The keys that encrypt PHI in the timeline at rest (daemon/timeline/at_rest_codec.hpp): a key file
// of lines "<id> <64 hex digits>", one AES-256 key each, the first line the current key (new data),
// the others kept to read older data. Rotation adds a new first line
// (`RotatedKeyFileText`); nothing is re-encrypted. The lowest id derives the index tokens: it
// stays in the file as long as the timeline does. The file follows the
// rules of any secret file (0600, the daemon's user's) and is created on first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi {

constexpr size_t kAtRestKeyBytes = 32;  // AES-256

struct AtRestKey {
  uint32_t id = 0;    // names the key inside every sealed value
  std::string bytes;  // 32 bytes
};

class AtRestKeyRing {
 public:
  // Loads the key file at `path`; when nothing is there, creates it with one new key.
  static Result<AtRestKeyRing> LoadOrCreate(const std::string& path);
  // Loads the key file at `path`; NotFound when there is none.
  static Result<AtRestKeyRing> Load(const std::string& path);
  // Parses the file's text: at least one line, ids unique and between 1 and 2^31.
  static Result<AtRestKeyRing> Parse(std::string_view text, const std::string& origin);

  const AtRestKey& current() const { return keys_.front(); }
  // The key with the lowest id: the first the timeline was sealed with.
  const AtRestKey& lowest() const;
  // The key with this id, or null.
  const AtRestKey* Find(uint32_t id) const;
  size_t size() const { return keys_.size(); }
  uint32_t highest_id() const;

 private:
  std::vector<AtRestKey> keys_;
};

// The text of a key file with a new random key (id one above the highest) in front of `text`'s.
Result<std::string> RotatedKeyFileText(std::string_view text, const std::string& origin);
std::string NewKeyFileText();

}  // namespace phi
