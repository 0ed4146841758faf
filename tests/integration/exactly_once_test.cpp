// The exactly-once guarantee, tested the hard way: a writer appends events in random pieces
// (and rotates the file) while phi-auditd is killed with SIGKILL at random moments and
// restarted; afterwards the timeline must hold every event exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "daemon/timeline/timeline.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::DaemonProcess;
using testing::ScratchDir;

std::string EventLine(uint64_t i) {
  std::string ts =
      FormatIsoTime(*ParseIsoTime("2026-01-01T00:00:00Z") + static_cast<int64_t>(i) * 1000);
  return "{\"ts\":\"" + ts + "\",\"user\":\"u" + std::to_string(i % 97) +
         "\",\"action\":\"view\",\"patient\":\"MRN" + std::to_string(1000000 + i % 5000) +
         "\",\"event_id\":\"e" + std::to_string(i) + "\"}\n";
}

// Appends events in pieces of random size, so lines are often cut in the middle; renames the
// file now and then (rotation), leaving the old one in place.
class Writer {
 public:
  Writer(std::filesystem::path dir, uint32_t seed) : dir_(std::move(dir)), rng_(seed) {}

  void WriteFor(std::chrono::milliseconds duration) {
    auto end = std::chrono::steady_clock::now() + duration;
    std::uniform_int_distribution<size_t> piece(1, 300);
    while (std::chrono::steady_clock::now() < end) {
      while (pending_.size() < 4096) pending_ += EventLine(next_++);
      size_t n = std::min(piece(rng_), pending_.size());
      testing::AppendFile(dir_ / "events.jsonl", std::string_view(pending_).substr(0, n));
      pending_.erase(0, n);
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }
  // A writer rotates between lines: the line in progress is finished first.
  void Rotate() {
    size_t end = pending_.find('\n') + 1;
    testing::AppendFile(dir_ / "events.jsonl", std::string_view(pending_).substr(0, end));
    pending_.erase(0, end);
    std::filesystem::rename(dir_ / "events.jsonl",
                            dir_ / ("events.jsonl." + std::to_string(++rotations_)));
  }
  // Writes what is still pending, so every started line is complete.
  uint64_t Finish() {
    testing::AppendFile(dir_ / "events.jsonl", pending_);
    pending_.clear();
    return next_;
  }

 private:
  std::filesystem::path dir_;
  std::mt19937 rng_;
  std::string pending_;
  uint64_t next_ = 0;
  int rotations_ = 0;
};

TEST(ExactlyOnce, SigkillAtRandomMomentsLosesAndDuplicatesNothing) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "logs");
  std::string config = (dir / "phi.yaml").string();
  testing::WriteFile(config,
                     "data_dir: data\nlog_level: warn\npoll_interval_ms: 10\n"
                     "timeline: {batch_events: 500}\n"
                     "sources:\n  - name: app\n    format: phi-json\n"
                     "    paths: [\"logs/events.jsonl*\"]\n    rotate_wait_ms: 200\n");
  constexpr uint32_t kSeed = 20261125;
  constexpr int kRounds = 24;
  Writer writer(dir / "logs", kSeed);
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<int> life_ms(20, 250);
  for (int round = 0; round < kRounds; ++round) {
    DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config}, dir / "daemon.out");
    writer.WriteFor(std::chrono::milliseconds(life_ms(rng)));
    if (round % 7 == 3) writer.Rotate();
    daemon.Signal(SIGKILL);
    EXPECT_EQ(daemon.Wait(), 128 + SIGKILL) << testing::ReadFile(dir / "daemon.out");
  }
  uint64_t total = writer.Finish();
  auto once = testing::RunProcess({PHI_AUDITD_BIN, "--config", config, "--once"});
  ASSERT_EQ(once.exit_code, 0) << once.output;

  TimelineOptions options;
  options.path = (dir / "data" / "timeline").string();
  auto keys = AtRestKeyRing::Load((dir / "data" / "at-rest.key").string());
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  options.at_rest_keys = std::make_shared<const AtRestKeyRing>(std::move(keys.value()));
  auto timeline = Timeline::Open(options);
  ASSERT_TRUE(timeline.ok()) << timeline.status().message();
  std::map<std::string, int> seen;
  EventQuery q;
  q.newest_first = false;
  q.limit = 10000;
  EventPage page;
  do {
    ASSERT_TRUE(timeline.value()->Query(q, page).ok());
    for (const auto& e : page.events) ++seen[e.event_id];
    q.cursor = page.next_cursor;
  } while (!q.cursor.empty());
  uint64_t missing = 0, duplicated = 0;
  for (uint64_t i = 0; i < total; ++i) {
    auto it = seen.find("e" + std::to_string(i));
    if (it == seen.end())
      ++missing;
    else if (it->second > 1)
      ++duplicated;
  }
  EXPECT_GT(total, 1000u);
  EXPECT_EQ(missing, 0u) << "of " << total;
  EXPECT_EQ(duplicated, 0u) << "of " << total;
  EXPECT_EQ(seen.size(), total);
  EXPECT_EQ(timeline.value()->Stats().dead_letters, 0u);
}

}  // namespace
}  // namespace phi
