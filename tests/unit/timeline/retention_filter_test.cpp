// The compaction filters' decisions, entry by entry: what is past the cut-off goes unless a
// legal hold covers its patient or user, whichever family it is in.
#include "daemon/timeline/retention_filter.hpp"

#include <gtest/gtest.h>

#include "daemon/event/event_codec.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace phi {
namespace {

const TimeMicros kCutoff = *ParseIsoTime("2026-01-01T00:00:00Z");
constexpr TimeMicros kOld = 1;  // microseconds before the cut-off

using Entries = RetentionFilter::Entries;

struct Entry {
  std::string key, value;
};

// `user` on `patient`, filed `before` the cut-off (or after, when negative), as `entries` stores
// it.
Entry EntryOf(Entries entries, const std::string& user, const std::string& patient,
              TimeMicros before) {
  Event e;
  e.ts = kCutoff - before;
  e.user = user;
  e.patient = patient;
  e.action = "view";
  Entry out;
  EncodeEvent(e, entries == Entries::kEvents ? EventDetail::kFull : EventDetail::kSummary,
              out.value);
  if (entries == Entries::kPatientIndex) timeline_keys::AppendIdentityToken(patient, out.key);
  if (entries == Entries::kUserIndex) timeline_keys::AppendIdentityToken(user, out.key);
  timeline_keys::AppendTimeSuffix(e.ts, 42, out.key);
  return out;
}

bool Drops(const RetentionFilter& filter, const Entry& entry) {
  std::string new_value;
  bool changed = false;
  return filter.Filter(0, entry.key, entry.value, &new_value, &changed);
}

RetentionView ViewWith(std::vector<LegalHold> holds) {
  RetentionView view;
  view.cutoff = kCutoff;
  view.held = HeldIdentities::Of(holds);
  return view;
}

LegalHold Hold(LegalHoldKind kind, std::string subject) {
  LegalHold h;
  h.kind = kind;
  h.subject = std::move(subject);
  return h;
}

TEST(RetentionFilter, WithoutHoldsEverythingBeforeTheCutoffGoes) {
  for (Entries entries :
       {Entries::kEvents, Entries::kDeadLetters, Entries::kPatientIndex, Entries::kUserIndex}) {
    RetentionFilter filter(entries, ViewWith({}));
    EXPECT_TRUE(Drops(filter, EntryOf(entries, "u1", "MRN1", kOld)));
    EXPECT_FALSE(Drops(filter, EntryOf(entries, "u1", "MRN1", 0))) << "at the cut-off: kept";
    EXPECT_FALSE(Drops(filter, EntryOf(entries, "u1", "MRN1", -kOld)));
  }
  RetentionFilter nothing_applied(Entries::kUserIndex, RetentionView());
  EXPECT_FALSE(Drops(nothing_applied, EntryOf(Entries::kUserIndex, "u1", "MRN1", 1'000'000)));
}

TEST(RetentionFilter, APatientHoldKeepsThatPatientsEntriesInEveryFamily) {
  RetentionView view = ViewWith({Hold(LegalHoldKind::kPatient, "MRN1")});
  for (Entries entries : {Entries::kEvents, Entries::kPatientIndex, Entries::kUserIndex}) {
    RetentionFilter filter(entries, view);
    EXPECT_FALSE(Drops(filter, EntryOf(entries, "u1", "MRN1", kOld)));
    EXPECT_TRUE(Drops(filter, EntryOf(entries, "u1", "MRN2", kOld)));
    EXPECT_TRUE(Drops(filter, EntryOf(entries, "u1", "", kOld)));
  }
}

TEST(RetentionFilter, AUserOrCaseHoldKeepsThatUsersEntriesInEveryFamily) {
  for (auto kind : {LegalHoldKind::kUser, LegalHoldKind::kCase}) {
    RetentionView view = ViewWith({Hold(kind, "u2")});
    for (Entries entries : {Entries::kEvents, Entries::kPatientIndex, Entries::kUserIndex}) {
      RetentionFilter filter(entries, view);
      EXPECT_FALSE(Drops(filter, EntryOf(entries, "u2", "MRN1", kOld)));
      EXPECT_TRUE(Drops(filter, EntryOf(entries, "u1", "MRN1", kOld)));
    }
  }
}

TEST(RetentionFilter, DeadLettersFollowPlainRetentionAndUndecodableEntriesAreKept) {
  RetentionView view = ViewWith({Hold(LegalHoldKind::kUser, "u1")});
  RetentionFilter dead_letters(Entries::kDeadLetters, view);
  EXPECT_TRUE(Drops(dead_letters, EntryOf(Entries::kDeadLetters, "u1", "MRN1", kOld)));
  RetentionFilter events(Entries::kEvents, view);
  Entry garbled = EntryOf(Entries::kEvents, "u1", "MRN1", kOld);
  garbled.value = "\xff\xff";
  EXPECT_FALSE(Drops(events, garbled)) << "nothing says it may go";
}

TEST(RetentionFilterState, TheCutoffOnlyMovesForwardAndReleasedHoldsStayKeptUntilThePass) {
  auto state = std::make_shared<RetentionFilterState>();
  state->Advance(kCutoff, HeldIdentities::Of({Hold(LegalHoldKind::kPatient, "MRN1")}));
  state->Advance(kCutoff - 100, HeldIdentities::Of({}));
  EXPECT_EQ(state->view().cutoff, kCutoff);
  EXPECT_FALSE(state->view().any_held()) << "a pass replaces the holds";
  state->Keep(*HeldIdentities::Of({Hold(LegalHoldKind::kUser, "u2")}));
  state->Keep(*HeldIdentities::Of({Hold(LegalHoldKind::kPatient, "MRN3")}));
  RetentionView view = state->view();
  ASSERT_TRUE(view.any_held());
  EXPECT_TRUE(view.held->HoldsUser("u2")) << "placed holds add up until the next pass";
  EXPECT_TRUE(view.held->HoldsPatient("MRN3"));
  // A compaction takes the view of its start.
  RetentionFilterFactory factory(Entries::kUserIndex, state);
  auto filter = factory.CreateCompactionFilter(rocksdb::CompactionFilter::Context());
  state->Advance(kCutoff, HeldIdentities::Of({}));
  std::string new_value;
  bool changed = false;
  Entry kept = EntryOf(Entries::kUserIndex, "u2", "MRN9", kOld);
  EXPECT_FALSE(filter->Filter(0, kept.key, kept.value, &new_value, &changed));
  auto next = factory.CreateCompactionFilter(rocksdb::CompactionFilter::Context());
  EXPECT_TRUE(next->Filter(0, kept.key, kept.value, &new_value, &changed));
}

}  // namespace
}  // namespace phi
