#include "daemon/timeline/legal_hold.hpp"

#include <charconv>
#include <cstdio>

#include "daemon/common/binary_codec.hpp"

namespace phi {
namespace {

constexpr char kPlacedSuffix[] = "/placed";
constexpr char kReleasedSuffix[] = "/released";

std::string IdText(uint64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(id));
  return buf;
}

bool ParseId(std::string_view text, uint64_t& id) {
  if (text.size() != 20) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ValidKind(uint64_t k) {
  return k >= static_cast<uint64_t>(LegalHoldKind::kPatient) &&
         k <= static_cast<uint64_t>(LegalHoldKind::kCase);
}

}  // namespace

std::string_view LegalHoldKindName(LegalHoldKind kind) {
  switch (kind) {
    case LegalHoldKind::kPatient:
      return "patient";
    case LegalHoldKind::kUser:
      return "user";
    case LegalHoldKind::kCase:
      return "case";
  }
  return "unknown";
}

std::optional<LegalHoldKind> ParseLegalHoldKind(std::string_view name) {
  for (auto kind : {LegalHoldKind::kPatient, LegalHoldKind::kUser, LegalHoldKind::kCase}) {
    if (LegalHoldKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string LegalHoldPlacedKey(uint64_t id) {
  return kLegalHoldHistoryPrefix + IdText(id) + kPlacedSuffix;
}

std::string LegalHoldReleasedKey(uint64_t id) {
  return kLegalHoldHistoryPrefix + IdText(id) + kReleasedSuffix;
}

std::string ActiveLegalHoldKey(uint64_t id) {
  return kActiveLegalHoldPrefix + IdText(id);
}

bool LegalHoldIdOfKey(std::string_view key, uint64_t& id) {
  const std::string_view prefix = kLegalHoldHistoryPrefix;
  return key.starts_with(prefix) && key.size() >= prefix.size() + 20 &&
         ParseId(key.substr(prefix.size(), 20), id);
}

std::string EncodeLegalHoldPlaced(const LegalHold& hold) {
  std::string out;
  PutVarint(static_cast<uint64_t>(hold.kind), out);
  PutLengthPrefixed(hold.subject, out);
  PutLengthPrefixed(hold.reason, out);
  PutLengthPrefixed(hold.placed_by, out);
  PutOrderedTime(hold.placed_at, out);
  return out;
}

std::string EncodeLegalHoldReleased(const LegalHold& hold) {
  std::string out;
  PutLengthPrefixed(hold.released_by, out);
  PutOrderedTime(hold.released_at, out);
  PutLengthPrefixed(hold.release_reason, out);
  return out;
}

std::string EncodeActiveLegalHold(const LegalHold& hold) {
  std::string out;
  PutVarint(static_cast<uint64_t>(hold.kind), out);
  PutLengthPrefixed(hold.subject, out);
  return out;
}

bool DecodeActiveLegalHold(std::string_view key, std::string_view value, LegalHold& hold) {
  std::string_view prefix = kActiveLegalHoldPrefix;
  if (!key.starts_with(prefix) || !ParseId(key.substr(prefix.size()), hold.id)) return false;
  ByteReader in(value);
  uint64_t kind = 0;
  if (!in.GetVarint(kind) || !ValidKind(kind) || !in.GetLengthPrefixed(hold.subject) ||
      !in.empty() || hold.subject.empty()) {
    return false;
  }
  hold.kind = static_cast<LegalHoldKind>(kind);
  return true;
}

bool LegalHoldsFromHistory(const std::vector<std::pair<std::string, std::string>>& records,
                           std::vector<LegalHold>& holds) {
  holds.clear();
  const std::string_view prefix = kLegalHoldHistoryPrefix;
  for (const auto& [key, value] : records) {
    std::string_view k = key;
    uint64_t id = 0;
    if (!LegalHoldIdOfKey(k, id)) return false;
    std::string_view suffix = k.substr(prefix.size() + 20);
    ByteReader in(value);
    if (suffix == kPlacedSuffix) {
      LegalHold& hold = holds.emplace_back();
      hold.id = id;
      uint64_t kind = 0;
      if (!in.GetVarint(kind) || !ValidKind(kind) || !in.GetLengthPrefixed(hold.subject) ||
          !in.GetLengthPrefixed(hold.reason) || !in.GetLengthPrefixed(hold.placed_by) ||
          !in.GetOrderedTime(hold.placed_at)) {
        return false;
      }
      hold.kind = static_cast<LegalHoldKind>(kind);
    } else if (suffix == kReleasedSuffix) {
      // Keys sort by id, placement before release ("placed" < "released").
      if (holds.empty() || holds.back().id != id) return false;
      LegalHold& hold = holds.back();
      hold.released = true;
      if (!in.GetLengthPrefixed(hold.released_by) || !in.GetOrderedTime(hold.released_at) ||
          !in.GetLengthPrefixed(hold.release_reason)) {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace phi
