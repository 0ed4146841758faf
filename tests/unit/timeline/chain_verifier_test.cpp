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
#include "tests/raw_timeline.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;

const TimeMicros kT0 = *ParseIsoTime("2026-01-01T00:00:00Z");

class ChainVerifierTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_ / timeline_name_).string(); }

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
  void Tamper(const std::function<void(rocksdb::DB&, testing::RawFamilies&)>& tamper) {
    testing::WithRawTimeline(path(), tamper);
  }

  ChainVerification Verify(const ChainVerifyOptions& options = {}) {
    auto t = Open();
    ChainVerification v;
    Status s = t->VerifyChain(options, v);
    EXPECT_TRUE(s.ok()) << s.message();
    return v;
  }

  ScratchDir dir_;
  std::string timeline_name_ = "timeline";
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
  EXPECT_EQ(v.events_checked, 6u);
  EXPECT_EQ(v.sealed_records, 1u);  // the alert record
  EXPECT_EQ(v.index_entries, 12u);  // each event under its patient and its user
  EXPECT_EQ(v.events_before_chain, 0u);

  // A reader (phi-auditctl's secondary instance) verifies the same.
  auto reader = Timeline::OpenSecondary(path());
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  ChainVerification r;
  ASSERT_TRUE(reader.value()->VerifyChain({}, r).ok());
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.events_checked, 6u);
  EXPECT_EQ(r.index_entries, 12u);
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
  EXPECT_NE(v.problem.find("sequence 4 is missing (deleted outside retention)"), std::string::npos)
      << v.problem;
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
  EXPECT_NE(v.problem.find("sequence 2 is not an event link 2 wrote (inserted"), std::string::npos)
      << v.problem;
}

TEST_F(ChainVerifierTest, ADeletedLinkIsNamed) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(
        db.Delete(rocksdb::WriteOptions(), cf["chain"], ChainLinkKey(kDaemonWriter, 3)).ok());
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
    ASSERT_TRUE(
        db.Get(rocksdb::ReadOptions(), cf["chain"], ChainLinkKey(kDaemonWriter, 2), &value).ok());
    ChainLink link;
    ASSERT_TRUE(DecodeChainLink(value, link));
    link.wall_time += 1;  // still decodes: only the hash tells
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["chain"], ChainLinkKey(kDaemonWriter, 2),
                       EncodeChainLink(link))
                    .ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 3u);
  EXPECT_NE(v.problem.find("link 3 does not name the hash of link 2"), std::string::npos)
      << v.problem;
}

TEST_F(ChainVerifierTest, AnAlteredAlertRecordIsFoundInItsLink) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["alerts"], "rec/1", "alert none").ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 5u);
  EXPECT_NE(v.problem.find("alert log record"), std::string::npos) << v.problem;
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
  EXPECT_EQ(v.events_past_retention, 6u);
  EXPECT_EQ(v.links_partly_retained, 3u);
  EXPECT_EQ(v.sealed_records, 1u);  // the alert record
  EXPECT_EQ(v.events_checked, 0u);
  EXPECT_EQ(v.index_entries, 0u);
}

TEST_F(ChainVerifierTest, ConcurrentAuxWritersExtendOneChain) {
  auto t = Open();
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&t, w] {
      for (int i = 0; i < 50; ++i) {
        std::string key = "rec/" + std::to_string(w * 1000 + i);
        ASSERT_TRUE(t->WriteAux({{AuxFamily::kAlerts, key, "v", false, true}}).ok());
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(t->chain_head().number, 201u);  // the schema link and 200
  ChainVerification v;
  ASSERT_TRUE(t->VerifyChain({}, v).ok());
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
    EXPECT_EQ(t->Stats().schema_version, Timeline::kSchemaVersion);
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
  EXPECT_EQ(v.events_checked, 1u);
}

TEST_F(ChainVerifierTest, AnIndexEntryRewrittenToAnotherUserIsNamed) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    // What a reader of the user index sees for event 3 is re-filed under another user id.
    std::string key, forged, value;
    timeline_keys::AppendIdentityToken("u3", key);
    key += EventKeyOf(3);
    ASSERT_TRUE(db.Get(rocksdb::ReadOptions(), cf["by_user"], key, &value).ok());
    timeline_keys::AppendIdentityToken("someone_else", forged);
    forged += EventKeyOf(3);
    ASSERT_TRUE(db.Delete(rocksdb::WriteOptions(), cf["by_user"], key).ok());
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["by_user"], forged, value).ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("by_user entry for the event of"), std::string::npos) << v.problem;
  EXPECT_NE(v.problem.find("sequence 3"), std::string::npos) << v.problem;
  EXPECT_NE(v.problem.find("another user"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, AnIndexSummaryAlteredDeletedOrInsertedIsNamed) {
  std::string patient_key;
  timeline_keys::AppendIdentityToken("MRN5", patient_key);
  patient_key += EventKeyOf(5);
  struct Case {
    const char* what;
    std::function<void(rocksdb::DB&, rocksdb::ColumnFamilyHandle*)> tamper;
    const char* expected;
  };
  for (const Case& c : {
           Case{"altered",
                [&](rocksdb::DB&db, rocksdb::ColumnFamilyHandle*by_patient) {
                  std::string value;
                  ASSERT_TRUE(db.Get({}, by_patient, patient_key, &value).ok());
                  value[value.size() - 1] ^= 1;
                  ASSERT_TRUE(db.Put({}, by_patient, patient_key, value).ok());
                },
                "no longer matches its event (altered)"},
           Case{"deleted",
                [&](rocksdb::DB&db, rocksdb::ColumnFamilyHandle*by_patient) {
                  ASSERT_TRUE(db.Delete({}, by_patient, patient_key).ok());
                },
                "is missing (deleted)"},
           Case{"inserted",
                [&](rocksdb::DB&db, rocksdb::ColumnFamilyHandle*by_patient) {
                  // An access that never happened, filed under sequence 5's time and number.
                  std::string value, forged;
                  ASSERT_TRUE(db.Get({}, by_patient, patient_key, &value).ok());
                  timeline_keys::AppendIdentityToken("MRN_CELEBRITY", forged);
                  forged += EventKeyOf(5);
                  ASSERT_TRUE(db.Put({}, by_patient, forged, value).ok());
                },
                "another patient"},
       }) {
    SCOPED_TRACE(c.what);
    timeline_name_ = std::string("timeline-") + c.what;
    WriteSample();
    Tamper([&](rocksdb::DB& db, auto& cf) { c.tamper(db, cf["by_patient"]); });
    ChainVerification v = Verify();
    EXPECT_FALSE(v.intact);
    EXPECT_NE(v.problem.find("by_patient entry for the event of"), std::string::npos) << v.problem;
    EXPECT_NE(v.problem.find("sequence 5"), std::string::npos) << v.problem;
    EXPECT_NE(v.problem.find(c.expected), std::string::npos) << v.problem;
    EXPECT_EQ(v.problem.find("MRN"), std::string::npos) << "no PHI in findings: " << v.problem;
  }
}

TEST_F(ChainVerifierTest, AnIndexEntryPastTheChainIsInserted) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string forged;
    timeline_keys::AppendIdentityToken("u1", forged);
    forged += EventKeyOf(77);
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["by_user"], forged, "x").ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("past the last event any link holds"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, AnInsertedAlertRecordOrDeadLetterIsFound) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), cf["alerts"], "rec/2", "forged").ok());
  });
  ChainVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("the alert log holds 2 records where the chain seals 1"),
            std::string::npos)
      << v.problem;

  timeline_name_ = "with-a-forged-dead-letter";
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Put({}, cf["dead_letters"], EventKeyOf(1), "forged").ok());
  });
  v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("the dead letters hold 1 records where the chain seals 0"),
            std::string::npos)
      << v.problem;
}

TEST_F(ChainVerifierTest, ALinkRemovedFromTheEndIsCaughtByTheWriterOrAlaterCheckpoint) {
  WriteSample();
  auto sign = [](std::string_view message) { return "sig:" + std::string(message); };
  auto check = [](std::string_view message, std::string_view signature) {
    return signature == "sig:" + std::string(message);
  };
  {
    auto t = Open();
    ASSERT_TRUE(t->WriteSignedCheckpoint(std::string(64, 'f'), sign).ok());
  }
  ChainVerifyOptions options;
  options.check_signature = check;
  options.key_fingerprint_hex = std::string(64, 'f');
  ChainVerification before = Verify(options);
  ASSERT_TRUE(before.intact) << before.problem;
  EXPECT_EQ(before.checkpoints_verified, 1u);
  ASSERT_GE(before.last_signed_link, 5u);
  const uint64_t last = before.last_link;
  Tamper([&](rocksdb::DB& db, auto& cf) {
    ASSERT_TRUE(db.Delete({}, cf["chain"], ChainLinkKey(kDaemonWriter, last)).ok());
  });
  ChainVerification v = Verify(options);
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("links removed from the end"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, ARewrittenChainIsCaughtByItsSignedCheckpoint) {
  WriteSample();
  auto sign = [](std::string_view message) { return "sig:" + std::string(message); };
  {
    auto t = Open();
    ASSERT_TRUE(t->WriteSignedCheckpoint(std::string(64, 'f'), sign).ok());
  }
  ChainVerifyOptions options;
  options.check_signature = [](std::string_view message, std::string_view signature) {
    return signature == "sig:" + std::string(message);
  };
  options.key_fingerprint_hex = std::string(64, 'f');
  // Someone alters event 3 and recomputes every link after it: only the signature tells.
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string value;
    ASSERT_TRUE(db.Get({}, cf["default"], EventKeyOf(3), &value).ok());
    value[value.size() / 2] ^= 1;
    ASSERT_TRUE(db.Put({}, cf["default"], EventKeyOf(3), value).ok());
    std::string previous = ChainGenesisHash();
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, cf["chain"]));
    for (it->Seek(ChainLinkPrefix(kDaemonWriter));
         it->Valid() && it->key().starts_with(ChainLinkPrefix(kDaemonWriter)); it->Next()) {
      ChainLink link;
      ASSERT_TRUE(DecodeChainLink(it->value().ToString(), link));
      link.previous_hash = previous;
      if (link.number == 3) {
        EventsHasher events;
        for (uint64_t seq : {3, 4}) {
          std::string v;
          ASSERT_TRUE(db.Get({}, cf["default"], EventKeyOf(seq), &v).ok());
          events.Add(EventKeyOf(seq), v);
        }
        link.events_hash = events.Finish();
      }
      std::string encoded = EncodeChainLink(link);
      ASSERT_TRUE(db.Put({}, cf["chain"], it->key(), encoded).ok());
      previous = ChainLinkHash(previous, encoded);
    }
  });
  ChainVerification unsigned_check = Verify();
  EXPECT_FALSE(unsigned_check.intact) << "the checkpoint names the old hash";
  EXPECT_NE(unsigned_check.problem.find("the chain was rewritten"), std::string::npos)
      << unsigned_check.problem;

  // ... and re-signing it without the key is no way out.
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, cf["chain"]));
    for (it->Seek(ChainCheckpointPrefix(kDaemonWriter)); it->Valid(); it->Next()) {
      ChainCheckpoint c;
      ASSERT_TRUE(DecodeChainCheckpoint(it->value().ToString(), c));
      std::string link_value;
      ASSERT_TRUE(db.Get({}, cf["chain"], ChainLinkKey(kDaemonWriter, c.link), &link_value).ok());
      ChainLink link;
      ASSERT_TRUE(DecodeChainLink(link_value, link));
      c.link_hash = ChainLinkHash(link.previous_hash, link_value);
      c.signature = "forged";
      ASSERT_TRUE(db.Put({}, cf["chain"], it->key(), EncodeChainCheckpoint(c)).ok());
    }
  });
  ChainVerification v = Verify(options);
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("does not verify"), std::string::npos) << v.problem;
}

TEST_F(ChainVerifierTest, FromAndToReReadOnlyTheLinksWrittenInTheRange) {
  WriteSample();
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string value;
    ASSERT_TRUE(db.Get({}, cf["default"], EventKeyOf(1), &value).ok());
    value[value.size() / 2] ^= 1;
    ASSERT_TRUE(db.Put({}, cf["default"], EventKeyOf(1), value).ok());
  });
  ChainVerifyOptions later;
  later.from = WallClockNow() + 3600 * kMicrosPerSecond;  // no link was written then
  ChainVerification v = Verify(later);
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.links_checked, 0u);
  EXPECT_GE(v.links, 5u) << "the hashes are walked all the same";
  ChainVerifyOptions commits;  // the three commits were written "at" kT0 + 100
  commits.from = kT0;
  commits.to = kT0 + 1000;
  v = Verify(commits);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_link, 2u);
}

TEST_F(ChainVerifierTest, TheTailCheckStartsAtTheNewestValidCheckpoint) {
  WriteSample();
  auto sign = [](std::string_view message) { return "sig:" + std::string(message); };
  {
    auto t = Open();
    ASSERT_TRUE(t->WriteSignedCheckpoint(std::string(64, 'f'), sign).ok());
    IngestBatch batch;
    batch.source = "ehr";
    Event& e = batch.AddEvent();
    e.ts = kT0 + 7;
    e.user = "u7";
    e.patient = "MRN7";
    e.action = "view";
    ASSERT_TRUE(t->Commit(batch, kT0 + 200).ok());
  }
  ChainVerifyOptions tail;
  tail.tail_only = true;
  tail.check_signature = [](std::string_view message, std::string_view signature) {
    return signature == "sig:" + std::string(message);
  };
  tail.key_fingerprint_hex = std::string(64, 'f');
  ChainVerification v = Verify(tail);
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_GE(v.started_at_link, 5u);
  EXPECT_EQ(v.events_checked, 7u) << "the newest 100,000 events are always re-read";
  EXPECT_EQ(v.index_entries, 0u) << "no whole-family scans at start";
  // An event after the checkpoint altered: the tail check finds it.
  Tamper([](rocksdb::DB& db, auto& cf) {
    std::string value;
    ASSERT_TRUE(db.Get({}, cf["default"], EventKeyOf(7), &value).ok());
    value[value.size() / 2] ^= 1;
    ASSERT_TRUE(db.Put({}, cf["default"], EventKeyOf(7), value).ok());
  });
  v = Verify(tail);
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("events 7 to 7"), std::string::npos) << v.problem;
}

}  // namespace
}  // namespace phi
