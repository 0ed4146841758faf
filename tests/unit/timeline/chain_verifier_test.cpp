// Tampering with a timeline directly in RocksDB (as someone with the data directory could) and
// proving that Timeline::VerifyChain reports each change, precisely.
#include "daemon/timeline/chain_verifier.hpp"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <functional>
#include <map>
#include <thread>

#include "daemon/timeline/hash_chain.hpp"
#include "daemon/timeline/timeline.hpp"
#include "daemon/timeline/timeline_keys.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;

const TimeMicros kT0 = *ParseIsoTime("2026-01-01T00:00:00Z");

class ChainVerifierTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_ / "timeline").string(); }

  std::unique_ptr<Timeline> Open() {
    TimelineOptions o;
    o.path = path();
    auto t = Timeline::Open(o);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.status().message());
    return std::move(t.value());
  }

  // Link 1: the schema version. Links 2, 3, 4: events 1-2, 3-4, 5-6 (event n at kT0 + n).
  // Link 5: an alert log record (sealed) and a counter (not).
  void WriteSample() {
    auto t = Open();
    uint64_t n = 1;
    for (int b = 0; b < 3; ++b) {
      IngestBatch batch;
      batch.source = "ehr";
      for (int i = 0; i < 2; ++i, ++n) {
        Event& e = batch.AddEvent();
        e.ts = kT0 + static_cast<TimeMicros>(n);
        e.user = "u" + std::to_string(n);
        e.patient = "MRN" + std::to_string(n);
        e.action = "view";
        e.source = "ehr";
      }
      ASSERT_TRUE(t->Commit(batch, kT0 + 100).ok());
    }
    ASSERT_TRUE(t->WriteAux({{AuxFamily::kAlerts, "rec/1", "alert one", false, true},
                             {AuxFamily::kMeta, "alerts/next_record", "2"}})
                    .ok());
    EXPECT_EQ(t->chain_head().number, 5u);
  }

  // Opens the timeline's RocksDB as anyone could, with every column family, and lets `tamper`
  // change it. Families by name.
  void Tamper(
      const std::function<void(rocksdb::DB&, std::map<std::string, rocksdb::ColumnFamilyHandle*>&)>&
          tamper) {
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path(), descriptors, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
    for (size_t i = 0; i < names.size(); ++i) by_name[names[i]] = handles[i];
    tamper(*db, by_name);
    for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
    ASSERT_TRUE(db->Close().ok());
  }

  ChainVerification Verify() {
    auto t = Open();
    ChainVerification v;
    Status s = t->VerifyChain(v);
    EXPECT_TRUE(s.ok()) << s.message();
    return v;
  }

  ScratchDir dir_;
};

std::string EventKeyOf(uint64_t sequence) {
  return timeline_keys::EventKey(kT0 + static_cast<TimeMicros>(sequence), sequence);
}

TEST_F(ChainVerifierTest, AnUntouchedTimelineVerifies) {
  WriteSample();
  ChainVerification v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.first_link, 1u);
  EXPECT_GE(v.last_link, 5u);  // a clean close may add a flush link
  EXPECT_EQ(v.first_sequence, 1u);
  EXPECT_EQ(v.last_sequence, 6u);
  EXPECT_EQ(v.sealed_records, 7u);  // six events and the alert record
  EXPECT_EQ(v.events_scanned, 6u);
  EXPECT_EQ(v.events_before_chain, 0u);

  // A reader (phi-auditctl's secondary instance) verifies the same.
  auto reader = Timeline::OpenSecondary(path());
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  ChainVerification r;
  ASSERT_TRUE(reader.value()->VerifyChain(r).ok());
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.sealed_records, 7u);
}

TEST_F(ChainVerifierTest, AnAlteredEventIsFoundInItsLink) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string value;
    ASSERT_TRUE(db.Get(rocksdb::ReadOptions(), cf["default"], EventKeyOf(3), &value).ok());
    value[value.size() / 2] ^= 1;  // one bit of event 3
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["default"], EventKeyOf(3), value).ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 3u);
  EXPECT_NE(v.problem.find("events 3 to 4"), std::string::npos) << v.problem;
  EXPECT_NE(v.problem.find("altered"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, ADeletedEventIsNamed) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Delete(rocksdb::WriteOptions(), cf["default"], EventKeyOf(4)).ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 3u);
  EXPECT_NE(v.problem.find("sequence 4 is missing"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, AnInsertedEventIsNamed) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["default"], EventKeyOf(99), "forged").ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("sequence 99 is in no link"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, AnEventInsertedUnderAnExistingSequenceIsNamed) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string copy;
    ASSERT_TRUE(db.Get(rocksdb::ReadOptions(), cf["default"], EventKeyOf(2), &copy).ok());
    std::string forged = timeline_keys::EventKey(kT0 + 50, 2);  // sequence 2, another time
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["default"], forged, copy).ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("sequence 2 is not the event its link wrote"), std::string::npos)
      << v.problem;
}

TEST_F(ChainVerifierTest, ADeletedLinkIsNamed) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Delete(rocksdb::WriteOptions(), cf["chain"], ChainLinkKey(3)).ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 3u);
  EXPECT_NE(v.problem.find("link 3 is missing"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, AnAlteredLinkBreaksTheNextOne) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string value;
    ASSERT_TRUE(db.Get(rocksdb::ReadOptions(), cf["chain"], ChainLinkKey(2), &value).ok());
    ChainLink link;
    ASSERT_TRUE(DecodeChainLink(value, link));
    link.wall_time += 1;  // still decodes: only the hash tells
    ASSERT_TRUE(
        db.Put(rocksdb::WriteOptions(), cf["chain"], ChainLinkKey(2), EncodeChainLink(link)).ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 3u);
  EXPECT_NE(v.problem.find("link 3 names previous hash"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, AnAlteredAlertRecordIsFoundInItsLink) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["alerts"], "rec/1", "alert none").ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 5u);
}

TEST_F(ChainVerifierTest, RetentionIsALinkAndWhatItRemovedIsNoProblem) {
  WriteSample();
  {
    auto t = Open();
    // Six years and a day later: every sample event is past retention.
    ASSERT_TRUE(t->ApplyRetention(kT0 + (6 * 365 + 3) * 86400LL * kMicrosPerSecond).ok());
  }
  ChainVerification v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.sealed_past_retention, 6u);
  EXPECT_EQ(v.links_partly_retained, 3u);
  EXPECT_EQ(v.sealed_records, 1u);  // the alert record
  EXPECT_EQ(v.events_scanned, 0u);
}

TEST_F(ChainVerifierTest, ConcurrentAuxWritersExtendOneChain) {
  auto t = Open();
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&t, w] {
      for (int i = 0; i < 50; ++i) {
        std::string key = "rec/" + std::to_string(w) + "/" + std::to_string(i);
        ASSERT_TRUE(t->WriteAux({{AuxFamily::kAlerts, key, "v", false, true}}).ok());
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(t->chain_head().number, 201u);  // the schema link and 200
  ChainVerification v;
  ASSERT_TRUE(t->VerifyChain(v).ok());
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.sealed_records, 200u);
}

TEST_F(ChainVerifierTest, AVersion1TimelineIsUpgradedAndItsOldEventsAreNotCovered) {
  {
    // A schema 1 timeline: no chain family, one event (sequence 1).
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const char* name : {"default", "by_patient", "by_user", "checkpoints", "dead_letters",
                             "meta", "by_sequence", "alerts"})
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, path(), descriptors, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string version = "\x01", next = std::string("\0\0\0\0\0\0\0\x02", 8);
    ASSERT_TRUE(db->Put({}, handles[5], "schema_version", version).ok());
    ASSERT_TRUE(db->Put({}, handles[5], "next_sequence", next).ok());
    ASSERT_TRUE(db->Put({}, handles[0], EventKeyOf(1), "old").ok());
    ASSERT_TRUE(db->Put({}, handles[6], EventKeyOf(1).substr(8), EventKeyOf(1).substr(0, 8)).ok());
    for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  }
  {
    auto t = Open();
    EXPECT_EQ(t->Stats().schema_version, 2u);
    IngestBatch batch;
    batch.source = "ehr";
    Event& e = batch.AddEvent();
    e.ts = kT0 + 2;
    e.user = "u2";
    e.action = "view";
    ASSERT_TRUE(t->Commit(batch, kT0 + 100).ok());
    EXPECT_EQ(batch.events[0].sequence, 2u);
  }
  ChainVerification v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.first_sequence, 2u);
  EXPECT_EQ(v.events_before_chain, 1u);
  EXPECT_EQ(v.sealed_records, 1u);
}

}  // namespace
}  // namespace phi
