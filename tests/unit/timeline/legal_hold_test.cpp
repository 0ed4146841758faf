// The legal hold records and the set of held identities built from them.
#include "daemon/timeline/legal_hold.hpp"

#include <gtest/gtest.h>

#include "daemon/timeline/held_identities.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {
namespace {

const TimeMicros kT0 = *ParseIsoTime("2026-01-01T00:00:00Z");

LegalHold AHold(uint64_t id, LegalHoldKind kind, std::string subject) {
  LegalHold h;
  h.id = id;
  h.kind = kind;
  h.subject = std::move(subject);
  h.reason = "litigation 2026-17";
  h.placed_by = "privacy";
  h.placed_at = kT0;
  return h;
}

TEST(LegalHold, KindsHaveTheirCommandLineNames) {
  for (auto kind : {LegalHoldKind::kPatient, LegalHoldKind::kUser, LegalHoldKind::kCase}) {
    EXPECT_EQ(ParseLegalHoldKind(LegalHoldKindName(kind)), kind);
  }
  EXPECT_EQ(LegalHoldKindName(LegalHoldKind::kCase), "case");
  EXPECT_FALSE(ParseLegalHoldKind("department").has_value());
}

TEST(LegalHold, HistoryRecordsDecodeIntoPlacedAndReleasedHolds) {
  LegalHold first = AHold(1, LegalHoldKind::kPatient, "MRN0000001");
  LegalHold second = AHold(2, LegalHoldKind::kCase, "u2");
  second.released = true;
  second.released_by = "counsel";
  second.released_at = kT0 + 5;
  second.release_reason = "settled";
  std::vector<std::pair<std::string, std::string>> records = {
      {LegalHoldPlacedKey(1), EncodeLegalHoldPlaced(first)},
      {LegalHoldPlacedKey(2), EncodeLegalHoldPlaced(second)},
      {LegalHoldReleasedKey(2), EncodeLegalHoldReleased(second)},
  };
  // Keys sort by id, a placement before its release: the order a prefix scan returns them in.
  EXPECT_LT(LegalHoldPlacedKey(2), LegalHoldReleasedKey(2));
  EXPECT_LT(LegalHoldReleasedKey(9), LegalHoldPlacedKey(10));
  std::vector<LegalHold> holds;
  ASSERT_TRUE(LegalHoldsFromHistory(records, holds));
  ASSERT_EQ(holds.size(), 2u);
  EXPECT_EQ(holds[0].id, 1u);
  EXPECT_EQ(holds[0].kind, LegalHoldKind::kPatient);
  EXPECT_EQ(holds[0].subject, "MRN0000001");
  EXPECT_EQ(holds[0].reason, "litigation 2026-17");
  EXPECT_EQ(holds[0].placed_by, "privacy");
  EXPECT_EQ(holds[0].placed_at, kT0);
  EXPECT_FALSE(holds[0].released);
  EXPECT_EQ(holds[1].kind, LegalHoldKind::kCase);
  EXPECT_TRUE(holds[1].released);
  EXPECT_EQ(holds[1].released_by, "counsel");
  EXPECT_EQ(holds[1].released_at, kT0 + 5);
  EXPECT_EQ(holds[1].release_reason, "settled");

  // A release with no placement before it, a truncated record, a foreign key: refused.
  std::vector<std::pair<std::string, std::string>> orphan = {
      {LegalHoldReleasedKey(3), EncodeLegalHoldReleased(second)}};
  EXPECT_FALSE(LegalHoldsFromHistory(orphan, holds));
  std::string cut = EncodeLegalHoldPlaced(first);
  cut.pop_back();
  EXPECT_FALSE(LegalHoldsFromHistory({{LegalHoldPlacedKey(1), cut}}, holds));
  EXPECT_FALSE(LegalHoldsFromHistory({{"hold/1/placed", EncodeLegalHoldPlaced(first)}}, holds));
}

TEST(LegalHold, TheActiveCopyNamesKindAndSubject) {
  LegalHold hold = AHold(7, LegalHoldKind::kUser, "u7");
  LegalHold decoded;
  ASSERT_TRUE(DecodeActiveLegalHold(ActiveLegalHoldKey(7), EncodeActiveLegalHold(hold), decoded));
  EXPECT_EQ(decoded.id, 7u);
  EXPECT_EQ(decoded.kind, LegalHoldKind::kUser);
  EXPECT_EQ(decoded.subject, "u7");
  EXPECT_FALSE(DecodeActiveLegalHold("legal_hold/7", EncodeActiveLegalHold(hold), decoded));
  EXPECT_FALSE(DecodeActiveLegalHold(ActiveLegalHoldKey(7), "", decoded));
}

TEST(HeldIdentities, PatientHoldsHoldPatientsAndUserAndCaseHoldsHoldUsers) {
  LegalHold released = AHold(3, LegalHoldKind::kPatient, "MRN3");
  released.released = true;
  auto held = HeldIdentities::Of(
      {AHold(1, LegalHoldKind::kPatient, "MRN1"), AHold(2, LegalHoldKind::kCase, "u2"), released});
  EXPECT_TRUE(held->HoldsPatient("MRN1"));
  EXPECT_FALSE(held->HoldsPatient("MRN3")) << "released";
  EXPECT_FALSE(held->HoldsPatient("u2"));
  EXPECT_TRUE(held->HoldsUser("u2")) << "a case hold holds its user";
  EXPECT_FALSE(held->HoldsUser("MRN1"));
  EXPECT_TRUE(held->Holds("MRN9", "u2"));
  EXPECT_TRUE(held->Holds("MRN1", ""));
  EXPECT_FALSE(held->Holds("", ""));
  EXPECT_TRUE(held->has_patients());
  EXPECT_TRUE(held->has_users());

  auto only_users = HeldIdentities::Of({AHold(4, LegalHoldKind::kUser, "u4")});
  EXPECT_FALSE(only_users->has_patients());
  auto both = HeldIdentities::Union(only_users.get(), held.get());
  EXPECT_TRUE(both->HoldsUser("u4"));
  EXPECT_TRUE(both->HoldsUser("u2"));
  EXPECT_TRUE(both->HoldsPatient("MRN1"));
  EXPECT_TRUE(HeldIdentities::Of({released})->empty());
}

TEST(RetentionDays, WholeYearsIncludeTheirLeapDays) {
  EXPECT_EQ(RetentionDaysOfYears(6), 2192);
  EXPECT_EQ(RetentionDaysOfYears(10), 3653);
  EXPECT_EQ(RetentionDaysOfYears(4), 1461);
  EXPECT_EQ(TimelineOptions().retention_days, 2192);
}

}  // namespace
}  // namespace phi
