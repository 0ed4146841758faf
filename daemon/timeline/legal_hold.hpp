// Legal holds: a patient's, a user's or a case's events exempted from retention until the hold is
// released. This file is the record and its encoding only; the timeline stores each placement
// and release once, sealed in the hash chain (the record that stays), and a copy of the active
// holds in its meta family so that every reader knows them. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi {

// A case is a user's set of alerts (phi-auditctl cases): a hold on it holds that user's events.
enum class LegalHoldKind : uint8_t { kPatient = 1, kUser = 2, kCase = 3 };

std::string_view LegalHoldKindName(LegalHoldKind kind);  // patient, user, case
std::optional<LegalHoldKind> ParseLegalHoldKind(std::string_view name);

struct LegalHold {
  uint64_t id = 0;  // 1, 2, ... in the order placed
  LegalHoldKind kind = LegalHoldKind::kPatient;
  std::string subject;  // the MRN, or the user id (user and case)
  std::string reason;
  std::string placed_by;  // the OS user who asked
  TimeMicros placed_at = 0;
  bool released = false;
  std::string released_by;
  TimeMicros released_at = 0;
  std::string release_reason;
};

// Keys. History (alerts family, sealed, never changed): hold/<id>/placed and hold/<id>/released.
// Active holds (meta family; erased on release): legal_hold/<id>. Ids are 20 digits, so keys sort
// by id.
constexpr char kLegalHoldHistoryPrefix[] = "hold/";
constexpr char kActiveLegalHoldPrefix[] = "legal_hold/";
std::string LegalHoldPlacedKey(uint64_t id);
std::string LegalHoldReleasedKey(uint64_t id);
std::string ActiveLegalHoldKey(uint64_t id);
// The id a history key names (false: not a history key).
bool LegalHoldIdOfKey(std::string_view key, uint64_t& id);

// The placement: kind, subject, reason, who and when.
std::string EncodeLegalHoldPlaced(const LegalHold& hold);
// The release: who, when and why.
std::string EncodeLegalHoldReleased(const LegalHold& hold);
// An active hold's copy: kind and subject.
std::string EncodeActiveLegalHold(const LegalHold& hold);
bool DecodeActiveLegalHold(std::string_view key, std::string_view value, LegalHold& hold);

// Every hold from its history records, as (key, value) pairs of the hold/ prefix in key order.
// False when a record does not decode.
bool LegalHoldsFromHistory(const std::vector<std::pair<std::string, std::string>>& records,
                           std::vector<LegalHold>& holds);

}  // namespace phi
