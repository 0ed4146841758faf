// Retention with legal holds on a real RocksDB timeline: held events survive in every view
// (events, the patient and user indexes, replay), released ones go at the next pass, the
// compaction filters keep exactly what is held, a secondary instance (phi-auditctl without the
// daemon) shows what the daemon shows before any compaction, and the hold records and the
// retention links stand in the hash chain. Every test runs on a clear timeline and on one
// encrypted at rest, where the filters and the sweep know held patients by their tokens.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <map>
#include <sstream>

#include "daemon/common/binary_codec.hpp"
#include "daemon/timeline/hash_chain.hpp"
#include "daemon/timeline/timeline.hpp"
#include "daemon/timeline/timeline_keys.hpp"
#include "tests/raw_timeline.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;
using Seqs = std::vector<uint64_t>;

constexpr TimeMicros kDay = 86400LL * kMicrosPerSecond;
const TimeMicros kT0 = *ParseIsoTime("2026-01-01T00:00:00Z");
// Retention of 30 days applied 50 days on: the cut-off is kT0 + 20 days.
const TimeMicros kPass = kT0 + 50 * kDay;

// Events 1-4 and 6 are past retention at kPass, event 5 is not:
//   1 u1 on MRN1, 2 u2 on MRN2, 3 u2 on MRN1, 4 u3 on MRN3, 5 u1 on MRN2 (day 40), 6 u3 alone.
void CommitSample(Timeline& t) {
  IngestBatch b;
  b.source = "ehr";
  auto add = [&](TimeMicros ts, const char* user, const char* patient) {
    Event& e = b.AddEvent();
    e.ts = ts;
    e.user = user;
    e.patient = patient;
    e.action = "view";
    e.statement = "full detail";
    e.source = "ehr";
  };
  add(kT0 + 1, "u1", "MRN1");
  add(kT0 + 2, "u2", "MRN2");
  add(kT0 + 3, "u2", "MRN1");
  add(kT0 + 4, "u3", "MRN3");
  add(kT0 + 40 * kDay + 5, "u1", "MRN2");
  add(kT0 + 6, "u3", "");
  ASSERT_TRUE(t.Commit(b, kT0 + 40 * kDay).ok());
}

class LegalHoldRetention : public ::testing::TestWithParam<bool> {
 protected:
  std::string path() const { return (dir_ / "timeline").string(); }

  // The keys of the sealed runs (null: clear).
  static std::shared_ptr<const AtRestKeyRing> Keys() {
    if (!GetParam()) return nullptr;
    static const auto keys = std::make_shared<const AtRestKeyRing>(
        AtRestKeyRing::Parse("1 " + std::string(64, 'e') + "\n", "keys").value());
    return keys;
  }

  std::unique_ptr<Timeline> Open(int64_t retention_days = 30) {
    TimelineOptions o;
    o.path = path();
    o.retention_days = retention_days;
    o.at_rest_keys = Keys();
    auto t = Timeline::Open(o);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.status().message());
    return t.ok() ? std::move(t.value()) : nullptr;
  }

  std::unique_ptr<Timeline> Secondary(Timeline::Families families) {
    auto t = Timeline::OpenSecondary(path(), families, Keys());
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.status().message());
    return t.ok() ? std::move(t.value()) : nullptr;
  }

  // The sequences a query returns, oldest first, every page.
  static Seqs Query(const Timeline& t, EventQuery::By by, const std::string& key,
                    std::optional<TimeMicros> from = std::nullopt) {
    EventQuery q;
    q.by = by;
    q.key = key;
    q.from = from;
    q.newest_first = false;
    q.limit = 2;  // pages, so that skipped entries and cursors meet
    Seqs out;
    EventPage page;
    do {
      Status s = t.Query(q, page);
      EXPECT_TRUE(s.ok()) << s.message();
      if (!s.ok()) break;
      for (const Event& e : page.events) out.push_back(e.sequence);
      q.cursor = page.next_cursor;
    } while (!q.cursor.empty());
    std::sort(out.begin(), out.end());
    return out;
  }
  static Seqs Patient(const Timeline& t, const std::string& mrn) {
    return Query(t, EventQuery::By::kPatient, mrn);
  }
  static Seqs User(const Timeline& t, const std::string& user) {
    return Query(t, EventQuery::By::kUser, user);
  }
  static Seqs All(const Timeline& t) { return Query(t, EventQuery::By::kTime, ""); }
  static Seqs Replayed(const Timeline& t) {
    std::vector<Event> events;
    EXPECT_TRUE(t.ReadEventsAfter(0, 100, events).ok());
    Seqs out;
    for (const Event& e : events) out.push_back(e.sequence);
    return out;
  }

  static void ExpectIntact(const Timeline& t) {
    ChainVerification v;
    Status s = t.VerifyChain(ChainVerifyOptions(), v);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_TRUE(v.intact) << v.problem;
  }

  LegalHold Place(Timeline& t, LegalHoldKind kind, const std::string& subject) {
    auto hold = t.PlaceLegalHold(kind, subject, "litigation 2026-17", "privacy", kT0 + 45 * kDay);
    EXPECT_TRUE(hold.ok()) << (hold.ok() ? "" : hold.status().message());
    return hold.ok() ? hold.value() : LegalHold();
  }

  // The timeline's RocksDB opened directly (every family, by name), as anyone with the data
  // directory could: for looking at what is physically there, and for tampering.
  void Raw(const std::function<void(rocksdb::DB&, testing::RawFamilies&)>& use) {
    testing::WithRawTimeline(path(), use);
  }

  // The sequences of the entries physically in `family` (the timeline closed).
  Seqs Stored(const std::string& family) {
    Seqs out;
    Raw([&](rocksdb::DB& db, auto& cf) {
      std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), cf[family]));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::string_view key(it->key().data(), it->key().size());
        out.push_back(GetFixed64BE(key.data() + key.size() - 8));
      }
    });
    std::sort(out.begin(), out.end());
    return out;
  }

  // The notes of the chain's links of `kind`, oldest first (the timeline closed).
  std::vector<std::string> LinkNotes(LinkKind kind) {
    std::vector<std::string> notes;
    Raw([&](rocksdb::DB& db, auto& cf) {
      std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), cf["chain"]));
      const std::string prefix = ChainLinkPrefix(kDaemonWriter);
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        ChainLink link;
        if (DecodeChainLink(std::string_view(it->value().data(), it->value().size()), link) &&
            link.kind == kind) {
          notes.push_back(link.note);
        }
      }
    });
    return notes;
  }

  ScratchDir dir_;
};

TEST_P(LegalHoldRetention, APatientHoldKeepsTheirEventsInEveryView) {
  auto t = Open();
  CommitSample(*t);
  LegalHold hold = Place(*t, LegalHoldKind::kPatient, "MRN1");
  EXPECT_EQ(hold.id, 1u);
  ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  for (bool compacted : {false, true}) {
    SCOPED_TRACE(compacted ? "after compaction" : "before compaction");
    if (compacted) {
      ASSERT_TRUE(t->CompactAll().ok());
    }
    EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{1, 3}));
    EXPECT_EQ(Patient(*t, "MRN2"), (Seqs{5}));
    EXPECT_EQ(Patient(*t, "MRN3"), (Seqs{}));
    EXPECT_EQ(User(*t, "u2"), (Seqs{3})) << "u2's access to the held patient, not to MRN2";
    EXPECT_EQ(User(*t, "u1"), (Seqs{1, 5}));
    EXPECT_EQ(User(*t, "u3"), (Seqs{}));
    EXPECT_EQ(All(*t), (Seqs{1, 3, 5}));
    EXPECT_EQ(Query(*t, EventQuery::By::kTime, "", kT0), (Seqs{1, 3, 5}));
    EXPECT_EQ(Replayed(*t), (Seqs{1, 3, 5}));
    ExpectIntact(*t);
  }
  t.reset();
  // What is physically left once compaction has run: the held events and their index entries.
  EXPECT_EQ(Stored("default"), (Seqs{1, 3, 5}));
  EXPECT_EQ(Stored("by_patient"), (Seqs{1, 3, 5}));
  EXPECT_EQ(Stored("by_user"), (Seqs{1, 3, 5}));
  auto notes = LinkNotes(LinkKind::kRetention);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("2026-01-21T00:00:00"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("2 events kept under legal hold"), std::string::npos) << notes[0];
}

TEST_P(LegalHoldRetention, AUserOrCaseHoldKeepsThatUsersEventsOnly) {
  for (auto kind : {LegalHoldKind::kUser, LegalHoldKind::kCase}) {
    SCOPED_TRACE(std::string(LegalHoldKindName(kind)));
    ScratchDir dir;
    TimelineOptions o;
    o.path = (dir / "timeline").string();
    o.retention_days = 30;
    o.at_rest_keys = Keys();
    auto t = Timeline::Open(o);
    ASSERT_TRUE(t.ok()) << t.status().message();
    Timeline& timeline = *t.value();
    CommitSample(timeline);
    ASSERT_TRUE(timeline.PlaceLegalHold(kind, "u2", "internal investigation", "privacy", kT0).ok());
    ASSERT_TRUE(timeline.ApplyRetention(kPass).ok());
    ASSERT_TRUE(timeline.CompactAll().ok());
    EXPECT_EQ(User(timeline, "u2"), (Seqs{2, 3}));
    EXPECT_EQ(User(timeline, "u1"), (Seqs{5}));
    EXPECT_EQ(User(timeline, "u3"), (Seqs{}));
    EXPECT_EQ(Patient(timeline, "MRN1"), (Seqs{3})) << "u2's access only, not u1's";
    EXPECT_EQ(Patient(timeline, "MRN2"), (Seqs{2, 5}));
    EXPECT_EQ(All(timeline), (Seqs{2, 3, 5}));
    EXPECT_EQ(Replayed(timeline), (Seqs{2, 3, 5}));
    ExpectIntact(timeline);
  }
}

TEST_P(LegalHoldRetention, AReleasedHoldsEventsGoAtTheNextPass) {
  auto t = Open();
  CommitSample(*t);
  LegalHold hold = Place(*t, LegalHoldKind::kPatient, "MRN1");
  ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  auto released = t->ReleaseLegalHold(hold.id, "case settled", "counsel", kPass + kDay);
  ASSERT_TRUE(released.ok()) << released.status().message();
  EXPECT_TRUE(released.value().released);
  // Readers stop showing them at once: past the cut-off and no longer held.
  EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{}));
  EXPECT_EQ(User(*t, "u2"), (Seqs{}));
  EXPECT_EQ(All(*t), (Seqs{5}));
  EXPECT_EQ(Replayed(*t), (Seqs{5}));
  // Until the next pass they are still stored, and compaction keeps their index entries with
  // them (a hold placed again before the pass finds every view whole).
  ASSERT_TRUE(t->CompactAll().ok());
  ExpectIntact(*t);
  t.reset();
  EXPECT_EQ(Stored("default"), (Seqs{1, 3, 5}));
  EXPECT_EQ(Stored("by_patient"), (Seqs{1, 3, 5}));
  t = Open();
  ASSERT_TRUE(t->ApplyRetention(kPass + 2 * kDay).ok());
  ASSERT_TRUE(t->CompactAll().ok());
  EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{}));
  EXPECT_EQ(All(*t), (Seqs{5}));
  ExpectIntact(*t);
  t.reset();
  EXPECT_EQ(Stored("default"), (Seqs{5}));
  EXPECT_EQ(Stored("by_patient"), (Seqs{5}));
  EXPECT_EQ(Stored("by_user"), (Seqs{5}));
  auto notes = LinkNotes(LinkKind::kRetention);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[0].find("2 events kept under legal hold"), std::string::npos) << notes[0];
  EXPECT_EQ(notes[1].find("legal hold"), std::string::npos) << "no hold active: " << notes[1];
}

TEST_P(LegalHoldRetention, AHoldPlacedAgainBeforeThePassFindsEveryViewWhole) {
  auto t = Open();
  CommitSample(*t);
  LegalHold first = Place(*t, LegalHoldKind::kPatient, "MRN1");
  ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  ASSERT_TRUE(t->ReleaseLegalHold(first.id, "released by mistake", "privacy", kPass).ok());
  ASSERT_TRUE(t->CompactAll().ok());
  LegalHold second = Place(*t, LegalHoldKind::kPatient, "MRN1");
  EXPECT_EQ(second.id, 2u);
  ASSERT_TRUE(t->CompactAll().ok());
  EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{1, 3}));
  EXPECT_EQ(User(*t, "u2"), (Seqs{3}));
  EXPECT_EQ(All(*t), (Seqs{1, 3, 5}));
  ASSERT_TRUE(t->ApplyRetention(kPass + kDay).ok());
  EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{1, 3}));
  ExpectIntact(*t);
}

TEST_P(LegalHoldRetention, HeldEventsStayThroughLaterPassesAndEachPassCountsThem) {
  auto t = Open();
  CommitSample(*t);
  Place(*t, LegalHoldKind::kUser, "u3");
  for (int day = 0; day < 3; ++day) {
    ASSERT_TRUE(t->ApplyRetention(kPass + day * kDay).ok());
    ASSERT_TRUE(t->CompactAll().ok());
  }
  EXPECT_EQ(User(*t, "u3"), (Seqs{4, 6}));
  EXPECT_EQ(Patient(*t, "MRN3"), (Seqs{4}));
  ExpectIntact(*t);
  t.reset();
  for (const std::string& note : LinkNotes(LinkKind::kRetention)) {
    EXPECT_NE(note.find("2 events kept under legal hold"), std::string::npos) << note;
  }
}

// Long runs of expired events between held ones go as range deletions, short ones key by key:
// either way exactly the held events stay, the ones at the runs' edges included.
TEST_P(LegalHoldRetention, LongAndShortRunsBetweenHeldEventsAllGo) {
  auto t = Open();
  IngestBatch b;
  b.source = "ehr";
  Seqs held;
  for (uint64_t i = 1; i <= 200; ++i) {
    Event& e = b.AddEvent();
    e.ts = kT0 + static_cast<TimeMicros>(i);
    // Held: a gap of 40 (a range), then of 2 and 3 (key by key), then the run to the cut-off.
    const bool by_u2 = i == 1 || i == 41 || i == 44 || i == 48 || i == 160;
    e.user = by_u2 ? "u2" : "u1";
    e.patient = "MRN" + std::to_string(i % 7);
    e.action = "view";
    e.source = "ehr";
    if (by_u2) held.push_back(i);
  }
  ASSERT_TRUE(t->Commit(b, kT0).ok());
  Place(*t, LegalHoldKind::kUser, "u2");
  ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  EXPECT_EQ(All(*t), held);
  ASSERT_TRUE(t->CompactAll().ok());
  EXPECT_EQ(All(*t), held);
  EXPECT_EQ(User(*t, "u2"), held);
  EXPECT_EQ(User(*t, "u1"), (Seqs{}));
  ExpectIntact(*t);
  t.reset();
  EXPECT_EQ(Stored("default"), held);
  EXPECT_EQ(Stored("by_user"), held);
}

// phi-auditctl with the daemon stopped opens a secondary instance: the stored cut-off hides
// what the daemon removed from the indexes before compaction has dropped it.
TEST_P(LegalHoldRetention, ASecondaryHonoursRetentionBeforeAnyCompaction) {
  {
    auto t = Open();
    CommitSample(*t);
    ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  }
  // The expired index entries are still stored: only the readers' filter hides them.
  EXPECT_EQ(Stored("by_patient"), (Seqs{1, 2, 3, 4, 5}));
  EXPECT_EQ(Stored("by_user"), (Seqs{1, 2, 3, 4, 5, 6}));
  auto patients = Secondary(Timeline::Families::kPatientIndex);
  ASSERT_TRUE(patients);
  EXPECT_EQ(Patient(*patients, "MRN1"), (Seqs{}));
  EXPECT_EQ(Patient(*patients, "MRN2"), (Seqs{5}));
  EXPECT_EQ(patients->retention().cutoff, kT0 + 20 * kDay);
  auto users = Secondary(Timeline::Families::kUserIndex);
  ASSERT_TRUE(users);
  EXPECT_EQ(User(*users, "u2"), (Seqs{}));
  EXPECT_EQ(User(*users, "u1"), (Seqs{5}));
  auto events = Secondary(Timeline::Families::kEventsOnly);
  ASSERT_TRUE(events);
  EXPECT_EQ(All(*events), (Seqs{5}));
  auto all = Secondary(Timeline::Families::kAll);
  ASSERT_TRUE(all);
  EXPECT_EQ(Replayed(*all), (Seqs{5}));
  // The daemon restarted shows the same before its first pass.
  auto reopened = Open();
  EXPECT_EQ(Patient(*reopened, "MRN1"), (Seqs{}));
  EXPECT_EQ(User(*reopened, "u2"), (Seqs{}));
}

TEST_P(LegalHoldRetention, ASecondaryKnowsTheHoldsAndFollowsTheirRelease) {
  uint64_t id = 0;
  {
    auto t = Open();
    CommitSample(*t);
    id = Place(*t, LegalHoldKind::kPatient, "MRN1").id;
    ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  }
  // Opened for a patient's history only: the holds come from the meta family's copy.
  auto patients = Secondary(Timeline::Families::kPatientIndex);
  ASSERT_TRUE(patients);
  EXPECT_EQ(Patient(*patients, "MRN1"), (Seqs{1, 3}));
  EXPECT_EQ(Patient(*patients, "MRN2"), (Seqs{5}));
  auto users = Secondary(Timeline::Families::kUserIndex);
  ASSERT_TRUE(users);
  EXPECT_EQ(User(*users, "u2"), (Seqs{3}));
  auto all = Secondary(Timeline::Families::kAll);
  ASSERT_TRUE(all);
  auto holds = all->LegalHolds();
  ASSERT_TRUE(holds.ok()) << holds.status().message();
  ASSERT_EQ(holds.value().size(), 1u);
  EXPECT_EQ(holds.value()[0].subject, "MRN1");

  auto primary = Open();
  ASSERT_TRUE(primary->ReleaseLegalHold(id, "settled", "counsel", kPass).ok());
  ASSERT_TRUE(patients->Refresh().ok());
  EXPECT_EQ(Patient(*patients, "MRN1"), (Seqs{}));
  EXPECT_EQ(Patient(*patients, "MRN2"), (Seqs{5}));
}

TEST_P(LegalHoldRetention, HoldsAreNumberedListedAndReleasedOnce) {
  auto t = Open();
  EXPECT_EQ(Place(*t, LegalHoldKind::kPatient, "MRN1").id, 1u);
  EXPECT_EQ(Place(*t, LegalHoldKind::kUser, "u2").id, 2u);
  EXPECT_EQ(Place(*t, LegalHoldKind::kPatient, "MRN1").id, 3u) << "two holds may cover one patient";
  auto missing = t->ReleaseLegalHold(9, "x", "privacy", kT0);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(missing.status().message(), "no legal hold 9");
  EXPECT_FALSE(t->ReleaseLegalHold(1, "", "privacy", kT0).ok()) << "a release needs a reason";
  EXPECT_FALSE(t->PlaceLegalHold(LegalHoldKind::kUser, "u1", "", "privacy", kT0).ok());
  EXPECT_FALSE(t->PlaceLegalHold(LegalHoldKind::kUser, "", "why", "privacy", kT0).ok());
  ASSERT_TRUE(t->ReleaseLegalHold(1, "one of two", "counsel", kT0 + 1).ok());
  auto twice = t->ReleaseLegalHold(1, "again", "counsel", kT0 + 2);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("released already, by counsel"), std::string::npos)
      << twice.status().message();
  // MRN1 stays held by hold 3.
  EXPECT_TRUE(t->retention().held->HoldsPatient("MRN1"));
  EXPECT_TRUE(t->retention().held->HoldsUser("u2"));
  t.reset();
  t = Open();
  auto holds = t->LegalHolds();
  ASSERT_TRUE(holds.ok()) << holds.status().message();
  ASSERT_EQ(holds.value().size(), 3u);
  EXPECT_TRUE(holds.value()[0].released);
  EXPECT_EQ(holds.value()[0].released_by, "counsel");
  EXPECT_EQ(holds.value()[0].release_reason, "one of two");
  EXPECT_EQ(holds.value()[1].kind, LegalHoldKind::kUser);
  EXPECT_FALSE(holds.value()[2].released);
  EXPECT_EQ(holds.value()[2].placed_by, "privacy");
  EXPECT_EQ(holds.value()[2].placed_at, kT0 + 45 * kDay);
  EXPECT_TRUE(t->retention().held->HoldsPatient("MRN1"));
  EXPECT_EQ(Place(*t, LegalHoldKind::kCase, "u7").id, 4u);
}

TEST_P(LegalHoldRetention, HoldRecordsAreSealedInTheChainAndTamperingShows) {
  {
    auto t = Open();
    CommitSample(*t);
    LegalHold hold = Place(*t, LegalHoldKind::kPatient, "MRN1");
    ASSERT_TRUE(t->ReleaseLegalHold(hold.id, "settled", "counsel", kT0 + 46 * kDay).ok());
    ChainVerification v;
    ASSERT_TRUE(t->VerifyChain(ChainVerifyOptions(), v).ok());
    EXPECT_TRUE(v.intact) << v.problem;
    EXPECT_EQ(v.sealed_records, 2u) << "the placement and the release";
  }
  auto notes = LinkNotes(LinkKind::kAux);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "legal hold 1 on a patient placed by privacy");
  EXPECT_EQ(notes[1], "legal hold 1 on a patient released by counsel");
  // Someone rewrites the reason of the placement directly in RocksDB.
  Raw([](rocksdb::DB& db, auto& cf) {
    LegalHold forged;
    forged.id = 1;
    forged.subject = "MRN1";
    forged.reason = "no reason";
    forged.placed_by = "privacy";
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["alerts"], LegalHoldPlacedKey(1),
                       EncodeLegalHoldPlaced(forged))
                    .ok());
  });
  auto t = Open();
  ASSERT_NE(t, nullptr) << "a tampered timeline still opens, so that verify can say where";
  ChainVerification v;
  ASSERT_TRUE(t->VerifyChain(ChainVerifyOptions(), v).ok());
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("altered"), std::string::npos) << v.problem;
  if (GetParam()) {
    // A clear forgery does not even open under the key: retention then waits, removing nothing.
    EXPECT_EQ(t->ApplyRetention(kPass).code(), Status::Code::kCorruption);
    EXPECT_EQ(Patient(*t, "MRN3"), (Seqs{4}));
  }
}

TEST_P(LegalHoldRetention, UnreadableHoldRecordsKeepEverythingUntilTheyReadAgain) {
  std::string placed;
  {
    auto t = Open();
    CommitSample(*t);
    Place(*t, LegalHoldKind::kPatient, "MRN1");
    ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  }
  Raw([&](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Get({}, cf["alerts"], LegalHoldPlacedKey(1), &placed).ok());
    ASSERT_TRUE(db.Put({}, cf["alerts"], LegalHoldPlacedKey(1), "garbled").ok());
  });
  {
    auto t = Open();
    ASSERT_NE(t, nullptr) << "it opens, so that verify can say what is wrong";
    EXPECT_EQ(t->ApplyRetention(kPass + kDay).code(), Status::Code::kCorruption);
    ASSERT_TRUE(t->CompactAll().ok());
    EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{1, 3})) << "held events are not dropped";
  }
  EXPECT_EQ(Stored("default"), (Seqs{1, 3, 5})) << "what the first pass kept";
  EXPECT_EQ(Stored("by_patient"), (Seqs{1, 2, 3, 4, 5})) << "the compaction dropped nothing";
  Raw([&](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Put({}, cf["alerts"], LegalHoldPlacedKey(1), placed).ok());
  });
  auto t = Open();
  ASSERT_TRUE(t->ApplyRetention(kPass + kDay).ok()) << "the record reads again: retention goes on";
  EXPECT_EQ(Patient(*t, "MRN1"), (Seqs{1, 3}));
  ExpectIntact(*t);
}

TEST_P(LegalHoldRetention, PlacementsAndReleasesAreLoggedWithoutTheirSubject) {
  auto logger = spdlog::get("timeline");
  if (!logger) {
    logger = std::make_shared<spdlog::logger>("timeline");
    spdlog::register_logger(logger);
  }
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  logger->sinks().push_back(sink);
  const auto level = logger->level();
  logger->set_level(spdlog::level::info);
  {
    auto t = Open();
    CommitSample(*t);
    LegalHold hold = Place(*t, LegalHoldKind::kPatient, "MRN1");
    ASSERT_TRUE(t->ApplyRetention(kPass).ok());
    ASSERT_TRUE(t->ReleaseLegalHold(hold.id, "settled MRN1", "counsel", kPass).ok());
  }
  logger->sinks().pop_back();
  logger->set_level(level);
  const std::string text = log.str();
  EXPECT_NE(text.find("legal hold 1 on a patient placed by privacy"), std::string::npos) << text;
  EXPECT_NE(text.find("2 events kept under legal hold"), std::string::npos) << text;
  EXPECT_NE(text.find("legal hold 1 on a patient released by counsel"), std::string::npos) << text;
  EXPECT_EQ(text.find("MRN1"), std::string::npos) << "a patient id in the log: " << text;
  EXPECT_EQ(text.find("litigation"), std::string::npos) << "the reason may name people: " << text;
}

TEST_P(LegalHoldRetention, WithRetentionOffNothingIsRemovedAndHoldsStillRecord) {
  auto t = Open(/*retention_days=*/0);
  CommitSample(*t);
  Place(*t, LegalHoldKind::kPatient, "MRN3");
  ASSERT_TRUE(t->ApplyRetention(kPass).ok());
  EXPECT_EQ(All(*t), (Seqs{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(t->retention().cutoff, INT64_MIN);
  ExpectIntact(*t);
}

INSTANTIATE_TEST_SUITE_P(ClearAndSealed, LegalHoldRetention, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Sealed" : "Clear"; });

}  // namespace
}  // namespace phi
