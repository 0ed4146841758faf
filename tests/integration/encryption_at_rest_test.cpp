// Encryption at rest through the real binaries: the daemon creates its key file (0600) with the
// timeline and seals it, so the data directory's timeline folder (write-ahead log after a
// SIGKILL, tables after a clean stop) names no patient, user or statement; phi-auditctl reads it
// with the key file and, without it, still verifies; `rotate-at-rest-key` adds a key that seals
// what comes next while older events stay readable; a wrong or missing key file is named.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/stat.h>

#include <chrono>
#include <set>
#include <thread>

#include "daemon/common/binary_codec.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/raw_timeline.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

const std::vector<std::string> kPhi = {"MRN0424242", "MRN0515151", "dr.quinn", "Ångström",
                                       "DELETE FROM"};

std::string Line(const std::string& ts, const std::string& user, const std::string& action,
                 const std::string& mrn) {
  return R"({"ts":")" + ts + R"(","user":")" + user + R"(","action":")" + action +
         R"(","patient":")" + mrn +
         R"(","statement":"DELETE FROM notes WHERE author = 'Zoë Ångström'"})" + "\n";
}

unsigned ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class EncryptionAtRest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "logs");
    testing::WriteFile(dir_ / "logs" / "ehr.jsonl",
                       Line("2026-05-01T08:00:00Z", "dr.quinn", "view", "MRN0424242") +
                           Line("2026-05-01T08:01:00Z", "nurse2", "view", "MRN0515151") +
                           "{not json, but it names MRN0424242 and dr.quinn\n");
    testing::WriteFile(config_,
                       "data_dir: data\nsources:\n  - name: ehr\n    format: phi-json\n"
                       "    paths: [logs/*.jsonl]\n");
  }
  std::filesystem::path data() const { return dir_ / "data"; }
  testing::ProcessResult Ctl(std::vector<std::string> args) {
    args.insert(args.begin(), {PHI_AUDITCTL_BIN, "--config", config_});
    return RunProcess(args);
  }
  std::vector<std::string> PhiInTimelineFiles() const {
    std::vector<std::string> found;
    for (const auto& f : std::filesystem::recursive_directory_iterator(data() / "timeline")) {
      if (!f.is_regular_file()) continue;
      const std::string bytes = testing::ReadFile(f.path());
      for (const auto& phi : kPhi)
        if (bytes.find(phi) != std::string::npos) found.push_back(f.path().filename().string());
    }
    return found;
  }

  ScratchDir dir_;
  std::string config_ = (dir_ / "phi.yaml").string();
};

TEST_F(EncryptionAtRest, TheTimelineFolderNamesNoPatientAndPhiAuditctlReadsItWithTheKey) {
  {
    testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config_}, dir_ / "daemon.out");
    bool ingested = false;
    for (int i = 0; i < 100 && !ingested; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ingested =
          testing::ReadFile(dir_ / "daemon.out").find("dead-letter store") != std::string::npos &&
          Ctl({"stats"}).output.find("events: 2\n") != std::string::npos;
    }
    ASSERT_TRUE(ingested) << testing::ReadFile(dir_ / "daemon.out");
    daemon.Signal(SIGKILL);  // no clean stop: what was not flushed yet is in the log
    EXPECT_EQ(daemon.Wait(), 128 + SIGKILL);
  }
  EXPECT_EQ(ModeOf(data() / "at-rest.key"), 0600u);
  EXPECT_EQ(PhiInTimelineFiles(), std::vector<std::string>()) << "after SIGKILL: log and tables";

  auto stats = Ctl({"stats"});
  EXPECT_NE(stats.output.find("(schema 3, encrypted at rest)"), std::string::npos) << stats.output;
  auto events = Ctl({"events", "--patient", "MRN0424242"});
  ASSERT_EQ(events.exit_code, 0) << events.output;
  EXPECT_NE(events.output.find("dr.quinn"), std::string::npos) << events.output;
  auto dead = Ctl({"dead-letters"});
  ASSERT_EQ(dead.exit_code, 0) << dead.output;
  EXPECT_NE(dead.output.find("ehr.jsonl line 3 byte 302: invalid JSON"), std::string::npos)
      << dead.output;

  // A clean stop: the tables hold what the log held, sealed.
  ASSERT_EQ(RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"}).exit_code, 0);
  EXPECT_EQ(PhiInTimelineFiles(), std::vector<std::string>()) << "after a flush: the tables";
  EXPECT_EQ(Ctl({"events", "--patient", "MRN0424242"}).exit_code, 0);

  // Without the key file: verify and stats still work, events say what is missing, and the
  // daemon refuses to start rather than create a key that cannot open the timeline.
  std::filesystem::rename(data() / "at-rest.key", dir_ / "kept-elsewhere.key");
  auto keyless_stats = Ctl({"stats"});
  EXPECT_EQ(keyless_stats.exit_code, 0) << keyless_stats.output;
  // Two events and the two reads above, recorded as events of source phi-auditd.
  EXPECT_NE(keyless_stats.output.find("\nevents: 4\n"), std::string::npos) << keyless_stats.output;
  EXPECT_NE(keyless_stats.output.find("at-rest key 1: "), std::string::npos)
      << keyless_stats.output;
  auto verify = Ctl({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("chain intact"), std::string::npos) << verify.output;
  auto refused = Ctl({"events", "--patient", "MRN0424242"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("at_rest_key"), std::string::npos) << refused.output;
  auto start = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  EXPECT_NE(start.exit_code, 0);
  EXPECT_NE(start.output.find("at-rest.key is missing"), std::string::npos) << start.output;
  EXPECT_FALSE(std::filesystem::exists(data() / "at-rest.key"));
  // Another timeline's key file: named as such, for phi-auditctl and the daemon alike.
  testing::WriteFile(data() / "at-rest.key", "1 " + std::string(64, 'f') + "\n");
  ::chmod((data() / "at-rest.key").c_str(), 0600);
  auto wrong = Ctl({"events", "--patient", "MRN0424242"});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.output.find("with a key this key file does not hold"), std::string::npos)
      << wrong.output;
  EXPECT_EQ(wrong.output.find("run phi-auditctl as the daemon's user"), std::string::npos)
      << "not a permission problem: " << wrong.output;
  std::filesystem::rename(dir_ / "kept-elsewhere.key", data() / "at-rest.key");
  EXPECT_EQ(Ctl({"events", "--patient", "MRN0424242"}).exit_code, 0);
}

// Which key id sealed each stored event (the sealed part's bytes 1-4).
std::map<uint64_t, uint32_t> KeyOfEachEvent(const std::string& timeline) {
  std::map<uint64_t, uint32_t> out;
  testing::WithRawTimeline(timeline, [&](rocksdb::DB& db, testing::RawFamilies& families) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, families["default"]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ByteReader in(std::string_view(it->value().data(), it->value().size()).substr(1));
      std::string_view user, patient;
      ASSERT_TRUE(in.GetLengthPrefixed(user) && in.GetLengthPrefixed(patient));
      const std::string_view sealed = in.rest();
      ASSERT_GT(sealed.size(), 5u);
      uint32_t id = 0;
      for (int i = 1; i <= 4; ++i) id = id << 8 | static_cast<unsigned char>(sealed[i]);
      out[GetFixed64BE(it->key().data() + 8)] = id;
    }
  });
  return out;
}

TEST_F(EncryptionAtRest, ARotatedKeySealsWhatComesNextAndEveryEventStaysReadable) {
  ASSERT_EQ(RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"}).exit_code, 0);
  auto rotate = Ctl({"rotate-at-rest-key"});
  ASSERT_EQ(rotate.exit_code, 0) << rotate.output;
  EXPECT_NE(rotate.output.find("at-rest key 2 added"), std::string::npos) << rotate.output;
  EXPECT_EQ(ModeOf(data() / "at-rest.key"), 0600u);
  const std::string keys = testing::ReadFile(data() / "at-rest.key");
  ASSERT_EQ(std::count(keys.begin(), keys.end(), '\n'), 2) << "the new key in front, the old kept";
  EXPECT_EQ(keys.substr(0, 2), "2 ");

  std::string more = testing::ReadFile(dir_ / "logs" / "ehr.jsonl") +
                     Line("2026-05-02T09:00:00Z", "dr.quinn", "print", "MRN0424242");
  testing::WriteFile(dir_ / "logs" / "ehr.jsonl", more);
  auto once = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(once.exit_code, 0) << once.output;

  auto history = Ctl({"events", "--patient", "MRN0424242", "--format", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.output;
  EXPECT_NE(history.output.find("\"print\""), std::string::npos) << history.output;
  EXPECT_NE(history.output.find("\"view\""), std::string::npos) << history.output;
  auto verify = Ctl({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_EQ(KeyOfEachEvent((data() / "timeline").string()),
            (std::map<uint64_t, uint32_t>{{1, 1}, {2, 1}, {3, 2}}));

  // The first key dropped from the file: the timeline it created no longer opens, and says so.
  testing::WriteFile(data() / "at-rest.key", keys.substr(0, keys.find('\n') + 1));
  ::chmod((data() / "at-rest.key").c_str(), 0600);
  auto refused = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("with a key this key file does not hold"), std::string::npos)
      << refused.output;
}

}  // namespace
}  // namespace phi
