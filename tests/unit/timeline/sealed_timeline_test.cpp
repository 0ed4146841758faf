// A timeline encrypted at rest on a real RocksDB: nothing it stores (keys, values, the files on
// disk, write-ahead log included) names a patient, a user or what they did; everything reads
// back whole through the key ring, a reader without it still gets stats and verify, a wrong key
// file is refused on open, rotation keeps every event readable, and tampering with sealed
// values is found by the chain verifier.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>

#include "daemon/common/binary_codec.hpp"
#include "daemon/timeline/timeline.hpp"
#include "daemon/timeline/timeline_keys.hpp"
#include "tests/raw_timeline.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;

const TimeMicros kT0 = *ParseIsoTime("2026-03-01T08:00:00Z");
const std::string kKeyOne = "1 " + std::string(64, 'c') + "\n";
// What must never be readable from the stored bytes.
const std::vector<std::string> kPhi = {"MRN0070007", "MRN0080008", "dr.house",   "nurse.ratched",
                                       "Ångström",   "Elm Street", "psychiatry", "DELETE FROM"};

std::shared_ptr<const AtRestKeyRing> Ring(const std::string& text) {
  auto ring = AtRestKeyRing::Parse(text, "keys");
  EXPECT_TRUE(ring.ok()) << ring.status().message();
  return std::make_shared<const AtRestKeyRing>(std::move(ring.value()));
}

class SealedTimeline : public ::testing::Test {
 protected:
  std::string path() const { return (dir_ / "timeline").string(); }

  Result<std::unique_ptr<Timeline>> TryOpen(std::shared_ptr<const AtRestKeyRing> keys) {
    TimelineOptions o;
    o.path = path();
    o.at_rest_keys = std::move(keys);
    return Timeline::Open(o);
  }
  std::unique_ptr<Timeline> Open(std::shared_ptr<const AtRestKeyRing> keys) {
    auto t = TryOpen(std::move(keys));
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.status().message());
    return t.ok() ? std::move(t.value()) : nullptr;
  }

  // Events 1-3 (dr.house on MRN0070007 twice, nurse.ratched on MRN0080008), a dead letter with
  // a whole record in it, alert record rec/<round> and a legal hold on a patient.
  void WriteSample(Timeline& t, int round = 1) {
    const uint64_t first_offset = 10 * static_cast<uint64_t>(round - 1);
    IngestBatch batch;
    batch.source = "ehr";
    auto add = [&](TimeMicros ts, const char* user, const char* patient) {
      Event& e = batch.AddEvent();
      e.ts = ts;
      e.source = "ehr";
      e.offset = first_offset + batch.event_count;
      e.user = user;
      e.patient = patient;
      e.department = "psychiatry";
      e.action = "view";
      e.statement = "DELETE FROM notes WHERE author = 'Zoë Ångström'";
      e.extra = R"("address":"12 Elm Street")";
    };
    add(kT0 + 1, "dr.house", "MRN0070007");
    add(kT0 + 2, "nurse.ratched", "MRN0080008");
    add(kT0 + 3, "dr.house", "MRN0070007");
    DeadLetter d;
    d.received = kT0 + 4;
    d.source = "ehr";
    d.path = "/var/log/ehr/audit.log";
    d.reason = "no timestamp";
    d.raw = R"({"user":"dr.house","patient":"MRN0070007","note":"psychiatry"})";
    d.raw_size = d.raw.size();
    batch.dead_letters.push_back(d);
    ASSERT_TRUE(t.Commit(batch, kT0 + 10).ok());
    ASSERT_TRUE(t.WriteAux({{AuxFamily::kAlerts, "rec/" + std::to_string(round),
                             "dr.house looked at MRN0070007", false, true},
                            {AuxFamily::kMeta, "sink/siem", "cursor of nurse.ratched"}})
                    .ok());
    ASSERT_TRUE(
        t.PlaceLegalHold(LegalHoldKind::kPatient, "MRN0080008", "litigation", "privacy", kT0).ok());
  }

  static std::vector<Event> Query(const Timeline& t, EventQuery::By by, const std::string& key,
                                  Status* status = nullptr) {
    EventQuery q;
    q.by = by;
    q.key = key;
    q.newest_first = false;
    q.limit = 100;
    EventPage page;
    Status s = t.Query(q, page);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.message();
    }
    return page.events;
  }

  // Every stored byte, file by file: tables, the write-ahead log, the manifest.
  std::vector<std::string> PhiInFiles() const {
    std::vector<std::string> found;
    for (const auto& f : std::filesystem::recursive_directory_iterator(path())) {
      if (!f.is_regular_file()) continue;
      const std::string bytes = testing::ReadFile(f.path());
      for (const auto& phi : kPhi) {
        if (bytes.find(phi) != std::string::npos)
          found.push_back(f.path().filename().string() + ": " + phi);
      }
    }
    return found;
  }

  ScratchDir dir_;
};

TEST_F(SealedTimeline, NothingStoredNamesAPatientAUserOrWhatTheyDid) {
  auto t = Open(Ring(kKeyOne));
  ASSERT_NE(t, nullptr);
  WriteSample(*t);
  EXPECT_TRUE(t->Stats().encrypted_at_rest);
  EXPECT_EQ(PhiInFiles(), std::vector<std::string>()) << "the write-ahead log, before any flush";
  ASSERT_TRUE(t->Flush().ok());
  t.reset();
  EXPECT_EQ(PhiInFiles(), std::vector<std::string>()) << "the tables, after the flush";
  // Key by key and value by value, as anyone with the folder could read them.
  size_t records = 0;
  testing::WithRawTimeline(path(), [&](rocksdb::DB& db, testing::RawFamilies& families) {
    for (auto& [name, handle] : families) {
      std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, handle));
      for (it->SeekToFirst(); it->Valid(); it->Next(), ++records) {
        for (const auto& phi : kPhi) {
          EXPECT_EQ(it->key().ToString().find(phi), std::string::npos) << name << " key";
          EXPECT_EQ(it->value().ToString().find(phi), std::string::npos) << name << " value";
        }
      }
    }
  });
  EXPECT_GT(records, 12u) << "events, index entries, dead letter, records and links were read";

  // The same writes into a timeline without keys do show them: the check can fail.
  ScratchDir clear_dir;
  TimelineOptions o;
  o.path = (clear_dir / "timeline").string();
  auto clear = Timeline::Open(o);
  ASSERT_TRUE(clear.ok());
  WriteSample(*clear.value());
  EXPECT_FALSE(clear.value()->Stats().encrypted_at_rest);
  bool shown = false;
  for (const auto& f : std::filesystem::directory_iterator(o.path))
    shown |= testing::ReadFile(f.path()).find("MRN0070007") != std::string::npos;
  EXPECT_TRUE(shown);
}

TEST_F(SealedTimeline, EverythingReadsBackWholeThroughTheKeys) {
  auto keys = Ring(kKeyOne);
  {
    auto t = Open(keys);
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  auto t = Open(keys);
  ASSERT_NE(t, nullptr);
  auto by_patient = Query(*t, EventQuery::By::kPatient, "MRN0070007");
  ASSERT_EQ(by_patient.size(), 2u);
  EXPECT_EQ(by_patient[0].user, "dr.house");
  EXPECT_EQ(by_patient[0].statement, "DELETE FROM notes WHERE author = 'Zoë Ångström'");
  EXPECT_EQ(by_patient[1].sequence, 3u);
  auto by_user = Query(*t, EventQuery::By::kUser, "nurse.ratched");
  ASSERT_EQ(by_user.size(), 1u);
  EXPECT_EQ(by_user[0].patient, "MRN0080008");
  EXPECT_EQ(Query(*t, EventQuery::By::kTime, "").size(), 3u);
  EXPECT_TRUE(Query(*t, EventQuery::By::kPatient, "MRN0000000").empty());
  std::vector<Event> replayed;
  ASSERT_TRUE(t->ReadEventsAfter(1, 10, replayed).ok());
  ASSERT_EQ(replayed.size(), 2u);
  EXPECT_EQ(replayed[0].extra, R"("address":"12 Elm Street")");
  auto dead = t->DeadLetters(10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead.value().size(), 1u);
  EXPECT_NE(dead.value()[0].raw.find("MRN0070007"), std::string::npos);
  auto record = t->GetAux(AuxFamily::kAlerts, "rec/1");
  ASSERT_TRUE(record.ok() && record.value());
  EXPECT_EQ(*record.value(), "dr.house looked at MRN0070007");
  std::vector<std::pair<std::string, std::string>> cursors;
  ASSERT_TRUE(t->ScanAux(AuxFamily::kMeta, "sink/", "", 10, false, cursors).ok());
  ASSERT_EQ(cursors.size(), 1u);
  EXPECT_EQ(cursors[0].second, "cursor of nurse.ratched");
  auto holds = t->LegalHolds();
  ASSERT_TRUE(holds.ok());
  ASSERT_EQ(holds.value().size(), 1u);
  EXPECT_EQ(holds.value()[0].subject, "MRN0080008");
  ChainVerification v;
  ASSERT_TRUE(t->VerifyChain({}, v).ok());
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.events_checked, 3u);
  EXPECT_EQ(v.index_entries, 6u);

  // phi-auditctl beside the daemon, with the key file: the same answers.
  auto secondary = Timeline::OpenSecondary(path(), Timeline::Families::kAll, keys);
  ASSERT_TRUE(secondary.ok()) << secondary.status().message();
  EXPECT_EQ(Query(*secondary.value(), EventQuery::By::kPatient, "MRN0070007").size(), 2u);
  EXPECT_TRUE(secondary.value()->retention().held->HoldsPatient("MRN0080008"));
}

TEST_F(SealedTimeline, AReaderWithoutTheKeyGetsStatsAndVerifyButNoEvent) {
  {
    auto t = Open(Ring(kKeyOne));
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  auto reader = Timeline::OpenSecondary(path(), Timeline::Families::kAll, nullptr);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(reader.value()->Stats().events, 3u);
  EXPECT_TRUE(reader.value()->Stats().encrypted_at_rest);
  ChainVerification v;
  ASSERT_TRUE(reader.value()->VerifyChain({}, v).ok());
  EXPECT_TRUE(v.intact) << "verify needs no key: " << v.problem;
  EXPECT_EQ(v.index_entries, 6u);
  for (auto by : {EventQuery::By::kPatient, EventQuery::By::kTime}) {
    Status s;
    Query(*reader.value(), by, "MRN0070007", &s);
    EXPECT_EQ(s.code(), Status::Code::kPermissionDenied) << s.message();
    EXPECT_NE(s.message().find("at_rest_key"), std::string::npos) << s.message();
  }
  EXPECT_EQ(reader.value()->DeadLetters(5).status().code(), Status::Code::kPermissionDenied);
  // The daemon itself never starts on a sealed timeline without its key.
  auto primary = TryOpen(nullptr);
  ASSERT_FALSE(primary.ok());
  EXPECT_NE(primary.status().message().find("encrypted at rest"), std::string::npos);
}

TEST_F(SealedTimeline, AKeyFileWithoutTheTimelinesKeyIsRefusedOnOpen) {
  {
    auto t = Open(Ring(kKeyOne));
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  auto other = TryOpen(Ring("1 " + std::string(64, 'd') + "\n"));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("with a key this key file does not hold"),
            std::string::npos)
      << other.status().message();
  // Rotated, then the first key dropped: the key the timeline was created with is gone.
  auto rotated = RotatedKeyFileText(kKeyOne, "keys");
  ASSERT_TRUE(rotated.ok());
  const std::string newest_only = rotated.value().substr(0, rotated.value().find('\n') + 1);
  EXPECT_FALSE(TryOpen(Ring(newest_only)).ok());
  auto secondary = Timeline::OpenSecondary(path(), Timeline::Families::kAll, Ring(newest_only));
  ASSERT_FALSE(secondary.ok());
  EXPECT_NE(secondary.status().message().find("does not hold"), std::string::npos);
}

TEST_F(SealedTimeline, AKeyFileRestoredWithoutALaterKeyIsRefusedOnOpen) {
  auto rotated = RotatedKeyFileText(kKeyOne, "keys");
  ASSERT_TRUE(rotated.ok());
  {
    auto t = Open(Ring(kKeyOne));
    ASSERT_NE(t, nullptr);
  }
  {
    auto t = Open(Ring(rotated.value()));  // key 2 seals from here on
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
    EXPECT_EQ(t->Stats().at_rest_key, 2u);
    EXPECT_GE(t->Stats().at_rest_key_seals, 4u) << "three events and a dead letter at least";
  }
  // A backup of the key file from before the rotation: key 1 opens the check value, but the
  // events key 2 sealed would not open; refused at once, naming the key.
  auto old = TryOpen(Ring(kKeyOne));
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.status().message().find("sealed with at-rest key 2"), std::string::npos)
      << old.status().message();
  EXPECT_FALSE(Timeline::OpenSecondary(path(), Timeline::Families::kAll, Ring(kKeyOne)).ok());
  EXPECT_TRUE(TryOpen(Ring(rotated.value())).ok());
}

TEST_F(SealedTimeline, RotationSealsNewDataWithTheNewKeyAndEveryEventStaysReadable) {
  {
    auto t = Open(Ring(kKeyOne));
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  auto rotated = RotatedKeyFileText(kKeyOne, "keys");
  ASSERT_TRUE(rotated.ok());
  auto keys = Ring(rotated.value());
  ASSERT_EQ(keys->current().id, 2u);
  {
    auto t = Open(keys);
    ASSERT_NE(t, nullptr);
    IngestBatch batch;
    batch.source = "ehr";
    Event& e = batch.AddEvent();
    e.ts = kT0 + 100;
    e.source = "ehr";
    e.user = "dr.house";
    e.patient = "MRN0070007";
    e.action = "print";
    ASSERT_TRUE(t->Commit(batch, kT0 + 200).ok());
    auto history = Query(*t, EventQuery::By::kPatient, "MRN0070007");
    ASSERT_EQ(history.size(), 3u) << "found under the same token before and after";
    EXPECT_EQ(history[2].action, "print");
    ChainVerification v;
    ASSERT_TRUE(t->VerifyChain({}, v).ok());
    EXPECT_TRUE(v.intact) << v.problem;
  }
  // Which key sealed each stored event: its sealed part names the key id.
  std::map<uint64_t, uint32_t> key_of_event;
  testing::WithRawTimeline(path(), [&](rocksdb::DB& db, testing::RawFamilies& families) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, families["default"]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view value(it->value().data(), it->value().size());
      ByteReader in(value.substr(1));
      std::string_view user, patient;
      ASSERT_TRUE(in.GetLengthPrefixed(user) && in.GetLengthPrefixed(patient));
      const std::string_view sealed = in.rest();
      ASSERT_GT(sealed.size(), kSealOverhead);
      key_of_event[GetFixed64BE(it->key().data() + 8)] =
          static_cast<uint32_t>(static_cast<unsigned char>(sealed[4]));
    }
  });
  EXPECT_EQ(key_of_event, (std::map<uint64_t, uint32_t>{{1, 1}, {2, 1}, {3, 1}, {4, 2}}));
}

TEST_F(SealedTimeline, ErasingTheAtRestMarkDoesNotTurnItClear) {
  {
    auto t = Open(Ring(kKeyOne));
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  testing::WithRawTimeline(path(), [&](rocksdb::DB& db, testing::RawFamilies& families) {
    ASSERT_TRUE(db.Delete({}, families["meta"], "at_rest").ok());
  });
  auto t = TryOpen(Ring(kKeyOne));
  ASSERT_FALSE(t.ok()) << "new events would have been written in clear";
  EXPECT_NE(t.status().message().find("at-rest mark (meta at_rest) is gone"), std::string::npos)
      << t.status().message();
  // phi-auditctl still reads it as what it is.
  auto reader = Timeline::OpenSecondary(path(), Timeline::Families::kAll, Ring(kKeyOne));
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_TRUE(reader.value()->Stats().encrypted_at_rest);
  EXPECT_EQ(Query(*reader.value(), EventQuery::By::kPatient, "MRN0070007").size(), 2u);
}

TEST_F(SealedTimeline, AClearTimelineOpenedWithKeysStaysClear) {
  {
    auto t = Open(nullptr);
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  auto t = Open(Ring(kKeyOne));
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->Stats().encrypted_at_rest);
  WriteSample(*t, 2);
  EXPECT_EQ(Query(*t, EventQuery::By::kPatient, "MRN0070007").size(), 4u);
  ChainVerification v;
  ASSERT_TRUE(t->VerifyChain({}, v).ok());
  EXPECT_TRUE(v.intact) << v.problem;
}

TEST_F(SealedTimeline, TamperingWithSealedValuesIsFound) {
  auto keys = Ring(kKeyOne);
  {
    auto t = Open(keys);
    ASSERT_NE(t, nullptr);
    WriteSample(*t);
  }
  auto verify = [&] {
    auto t = Open(keys);
    ChainVerification v;
    EXPECT_TRUE(t->VerifyChain({}, v).ok());
    return v;
  };
  const std::string mrn7 = IndexToken(*keys, "MRN0070007");
  const std::string mrn8 = IndexToken(*keys, "MRN0080008");
  // Nurse Ratched's access re-filed under the other patient's token.
  std::string entry_key, refiled_key;
  testing::WithRawTimeline(path(), [&](rocksdb::DB& db, testing::RawFamilies& families) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, families["by_patient"]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key(it->key().data(), it->key().size());
      std::string_view token;
      ASSERT_TRUE(timeline_keys::IdentityOfIndexKey(key, token));
      if (token != mrn8) continue;
      entry_key.assign(key);
      timeline_keys::AppendIdentityToken(mrn7, refiled_key);
      refiled_key.append(key.substr(key.size() - timeline_keys::kTimeSuffixSize));
      ASSERT_TRUE(db.Put({}, families["by_patient"], refiled_key, it->value()).ok());
    }
    it.reset();
    ASSERT_FALSE(entry_key.empty());
    ASSERT_TRUE(db.Delete({}, families["by_patient"], entry_key).ok());
  });
  ChainVerification v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("filed under another patient"), std::string::npos) << v.problem;
  {
    // The patient's history does not take in someone else's event meanwhile.
    auto t = Open(keys);
    Status s;
    Query(*t, EventQuery::By::kPatient, "MRN0070007", &s);
    EXPECT_EQ(s.code(), Status::Code::kCorruption);
    EXPECT_NE(s.message().find("points to an event of someone else"), std::string::npos)
        << s.message();
  }
  testing::WithRawTimeline(path(), [&](rocksdb::DB& db, testing::RawFamilies& families) {
    std::string value;
    ASSERT_TRUE(db.Get({}, families["by_patient"], refiled_key, &value).ok());
    ASSERT_TRUE(db.Delete({}, families["by_patient"], refiled_key).ok());
    ASSERT_TRUE(db.Put({}, families["by_patient"], entry_key, value).ok());
  });
  EXPECT_TRUE(verify().intact) << "put back as it was";

  // One bit of a sealed event flipped: it neither opens nor hashes as its link recorded.
  const std::string event_key = timeline_keys::EventKey(kT0 + 2, 2);
  testing::WithRawTimeline(path(), [&](rocksdb::DB& db, testing::RawFamilies& families) {
    std::string value;
    ASSERT_TRUE(db.Get({}, families["default"], event_key, &value).ok());
    value[value.size() - 20] ^= 1;
    ASSERT_TRUE(db.Put({}, families["default"], event_key, value).ok());
  });
  v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("no longer hash"), std::string::npos) << v.problem;
  auto t = Open(keys);
  Status s;
  Query(*t, EventQuery::By::kUser, "nurse.ratched", &s);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.message();
  EXPECT_NE(s.message().find("phi-auditctl verify"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace phi
