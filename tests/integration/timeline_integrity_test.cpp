// The tamper-evident timeline through the real binaries: the daemon creates its signing key and
// signs checkpoints, phi-auditctl verify proves an untouched trail, and an event rewritten
// directly in RocksDB (as someone with the data directory could) is reported by verify and by
// the daemon's own check at its next start, which raises a critical alert and goes on.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/stat.h>

#include "daemon/timeline/at_rest_codec.hpp"
#include "tests/raw_timeline.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

unsigned ModeOf(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

// Rewrites the user id "clerk7" to "clerk9" inside every stored event that holds it.
// An insider who holds the data directory and its at-rest key: clerk7's event is opened,
// re-attributed to clerk9 and sealed again, as the daemon would have stored it.
int RewriteUserInEvents(const std::string& data_dir) {
  auto keys = AtRestKeyRing::Load(data_dir + "/at-rest.key");
  EXPECT_TRUE(keys.ok()) << keys.status().message();
  if (!keys.ok()) return 0;
  AtRestCodec codec(&keys.value(), true);
  int rewritten = 0;
  testing::WithRawTimeline(data_dir + "/timeline", [&](rocksdb::DB& db, testing::RawFamilies& cf) {
    std::vector<std::pair<std::string, std::string>> changes;
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, cf["default"]));  // the events
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      Event event;
      const std::string key = it->key().ToString();
      ASSERT_TRUE(codec.DecodeEvent(it->value().ToString(), key, event).ok());
      if (event.user != "clerk7") continue;
      event.user = "clerk9";
      StoredEvent stored;
      codec.EncodeEvent(event, key, stored);
      changes.emplace_back(key, stored.full);
    }
    it.reset();
    for (const auto& [key, value] : changes) {
      ASSERT_TRUE(db.Put({}, cf["default"], key, value).ok());
      ++rewritten;
    }
  });
  return rewritten;
}

TEST(TimelineIntegrity, SignedCheckpointsVerifyAndARewrittenEventIsReportedByVerifyAndAtStart) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "logs");
  testing::WriteFile(
      dir / "logs" / "ehr.jsonl",
      R"({"ts":"2026-05-01T08:00:00Z","user":"nurse1","action":"view","patient":"MRN0000001"})"
      "\n"
      R"({"ts":"2026-05-01T08:01:00Z","user":"clerk7","action":"view","patient":"MRN0000002"})"
      "\n"
      R"({"ts":"2026-05-01T08:02:00Z","user":"nurse1","action":"print","patient":"MRN0000001"})"
      "\n");
  std::filesystem::create_directories(dir / "rules");
  testing::WriteFile(dir / "rules" / "empty.yaml", "rules: []\n");
  const std::string config = (dir / "phi.yaml").string();
  testing::WriteFile(config,
                     "data_dir: data\nsources:\n  - name: ehr\n    format: phi-json\n"
                     "    paths: [logs/*.jsonl]\n"
                     "detection:\n  rules_dir: rules\n");
  auto once = RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(once.exit_code, 0) << once.output;
  EXPECT_EQ(ModeOf(dir / "data" / "signing-key.pem"), 0600u);
  EXPECT_EQ(ModeOf(dir / "data" / "signing-key.pub"), 0640u);
  EXPECT_NE(once.output.find("signed checkpoint: link"), std::string::npos) << once.output;

  auto verify = RunProcess({PHI_AUDITCTL_BIN, "--config", config, "verify"});
  ASSERT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("events: sequences 1 to 3, 3 re-read and matched"),
            std::string::npos)
      << verify.output;
  EXPECT_NE(verify.output.find("index entries matched to their events: 6"), std::string::npos)
      << verify.output;
  EXPECT_NE(verify.output.find("signed checkpoints verified with key"), std::string::npos)
      << verify.output;

  // Exported public key, kept elsewhere: the same verdict.
  std::filesystem::copy_file(dir / "data" / "signing-key.pub", dir / "kept-elsewhere.pub");
  auto with_key = RunProcess({PHI_AUDITCTL_BIN, "--config", config, "verify", "--public-key",
                              (dir / "kept-elsewhere.pub").string()});
  ASSERT_EQ(with_key.exit_code, 0) << with_key.output;
  EXPECT_EQ(with_key.output.find("the public key in data_dir was used"), std::string::npos);

  ASSERT_EQ(RewriteUserInEvents((dir / "data").string()), 1);
  auto tampered = RunProcess({PHI_AUDITCTL_BIN, "--config", config, "verify"});
  EXPECT_EQ(tampered.exit_code, 1) << tampered.output;
  EXPECT_NE(tampered.output.find("the timeline was altered"), std::string::npos) << tampered.output;
  EXPECT_NE(tampered.output.find("(events 1 to 3): the events no longer hash"), std::string::npos)
      << tampered.output;

  // The daemon's own check at start: logged, raised as a critical alert, and it goes on.
  auto again = RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("the timeline was altered"), std::string::npos) << again.output;
  auto alerts = RunProcess({PHI_AUDITCTL_BIN, "--config", config, "alerts", "--format", "json"});
  ASSERT_EQ(alerts.exit_code, 0) << alerts.output;
  EXPECT_NE(alerts.output.find(R"("rule_id":"timeline_integrity","severity":"critical")"),
            std::string::npos)
      << alerts.output;
  EXPECT_EQ(alerts.output.find("clerk"), std::string::npos) << "no PHI in the finding";
}

}  // namespace
}  // namespace phi
