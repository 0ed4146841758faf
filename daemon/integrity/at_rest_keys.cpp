#include "daemon/integrity/at_rest_keys.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "daemon/common/atomic_file.hpp"
#include "daemon/common/secret_file.hpp"
#include "daemon/integrity/text_encoding.hpp"

namespace phi {
namespace {

std::string RandomKeyHex() {
  unsigned char bytes[kAtRestKeyBytes];
  // "Can't happen" on Linux: a key of zeros would be worse than no daemon.
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();
  return LowerHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace

Result<AtRestKeyRing> AtRestKeyRing::Parse(std::string_view text, const std::string& origin) {
  AtRestKeyRing ring;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    const std::string where = origin + " line " + std::to_string(number);
    const size_t space = line.find(' ');
    if (space == std::string::npos || space == 0 || space > 10)
      return Status::Invalid(where + ": expected \"<key id> <64 hex digits>\"");
    const std::string id_text = line.substr(0, space);
    if (!std::all_of(id_text.begin(), id_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Status::Invalid(where + ": the key id must be a number");
    const uint64_t id = std::stoull(id_text);
    const std::string_view hex = std::string_view(line).substr(space + 1);
    if (id == 0 || id > (1u << 31)) return Status::Invalid(where + ": key ids go from 1 to 2^31");
    if (!IsLowerHex(hex, kAtRestKeyBytes * 2))
      return Status::Invalid(where + ": expected 64 lower-case hex digits (an AES-256 key)");
    if (ring.Find(static_cast<uint32_t>(id)) != nullptr)
      return Status::Invalid(where + ": key id " + id_text + " appears twice");
    ring.keys_.push_back({static_cast<uint32_t>(id), *LowerHexDecode(hex)});
  }
  if (ring.keys_.empty()) return Status::Invalid(origin + ": holds no key");
  return ring;
}

Result<AtRestKeyRing> AtRestKeyRing::LoadOrCreate(const std::string& path) {
  auto text = ReadSecretFile(path, "timeline encryption key");
  if (!text.ok() && text.status().code() == Status::Code::kNotFound) {
    auto created = CreateFileAtomically(path, NewKeyFileText(), 0600);
    if (!created.ok()) return created.status();
    text = ReadSecretFile(path, "timeline encryption key");  // ours, or a racing process's
  }
  if (!text.ok()) return text.status();
  return Parse(text.value(), path);
}

Result<AtRestKeyRing> AtRestKeyRing::Load(const std::string& path) {
  auto text = ReadSecretFile(path, "timeline encryption key");
  if (!text.ok()) return text.status();
  return Parse(text.value(), path);
}

const AtRestKey& AtRestKeyRing::lowest() const {
  return *std::min_element(keys_.begin(), keys_.end(),
                           [](const AtRestKey& a, const AtRestKey& b) { return a.id < b.id; });
}

uint32_t AtRestKeyRing::highest_id() const {
  uint32_t highest = 0;
  for (const AtRestKey& k : keys_) highest = std::max(highest, k.id);
  return highest;
}

const AtRestKey* AtRestKeyRing::Find(uint32_t id) const {
  for (const AtRestKey& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

std::string NewKeyFileText() {
  return "1 " + RandomKeyHex() + "\n";
}

Result<std::string> RotatedKeyFileText(std::string_view text, const std::string& origin) {
  auto ring = AtRestKeyRing::Parse(text, origin);
  if (!ring.ok()) return ring.status();
  const uint32_t highest = ring.value().highest_id();
  if (highest >= (1u << 31)) return Status::Invalid(origin + ": no key id left to rotate to");
  return std::to_string(highest + 1) + " " + RandomKeyHex() + "\n" + std::string(text);
}

}  // namespace phi
