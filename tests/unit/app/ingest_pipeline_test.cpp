#include "daemon/app/ingest_pipeline.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::ScratchDir;

uint64_t EventsOf(IngestPipeline& pipeline, const std::string& source) {
  for (const auto& s : pipeline.timeline().Stats().sources) {
    if (s.source == source) return s.events;
  }
  return 0;
}

TEST(IngestPipeline, ALiveSourceIsReadWhileAnotherCatchesUp) {
  ScratchDir dir;
  std::string backlog;
  for (int i = 0; i < 50000; ++i) {
    backlog += R"({"ts":"2020-01-01T00:00:00Z","user":"u1","action":"view","patient":"MRN)" +
               std::to_string(1000000 + i) + "\"}\n";
  }
  testing::WriteFile(dir / "old.jsonl", backlog);
  testing::WriteFile(dir / "live.jsonl", "");
  auto config = ParseConfig(
      "data_dir: data\npoll_interval_ms: 20\nsources:\n"
      "  - {name: old, format: phi-json, paths: [old.jsonl]}\n"
      "  - {name: live, format: phi-json, paths: [live.jsonl]}\n",
      "test.yaml", dir.path().string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto pipeline = IngestPipeline::Create(config.value());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  IngestPipeline& p = *pipeline.value();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(p.PollOnce(false).ok());
  testing::AppendFile(
      dir / "live.jsonl",
      R"({"ts":"2026-11-25T10:00:00Z","user":"u2","action":"view","patient":"MRN0000001"})"
      "\n");
  // Years ahead of the backlog, the live event is held back for the merge in event time, for
  // half a second at most: then it goes to the timeline while the backlog is still read.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(p.PollOnce(false).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(p.PollOnce(false).ok());
  EXPECT_EQ(EventsOf(p, "live"), 1u);
  EXPECT_LT(EventsOf(p, "old"), 50000u) << "the backlog should still be in progress";
}

TEST(IngestPipeline, ASparseSourceIsMergedInEventTimeNotReadAheadByDays) {
  ScratchDir dir;
  // A dense log: an event every 10 minutes for ten days; a sparse one: one a day.
  auto line = [](int minute, const char* user) {
    char ts[32];
    std::snprintf(ts, sizeof ts, "2026-11-%02dT%02d:%02d:00Z", 1 + minute / 1440,
                  minute % 1440 / 60, minute % 60);
    return std::string(R"({"ts":")") + ts + R"(","user":")" + user +
           R"(","action":"view","patient":"MRN0000001"})" + "\n";
  };
  std::string dense, sparse;
  for (int m = 0; m < 10 * 1440; m += 10) dense += line(m, "dense");
  for (int d = 0; d < 10; ++d) sparse += line(d * 1440 + 7, "sparse");
  testing::WriteFile(dir / "dense.jsonl", dense);
  testing::WriteFile(dir / "sparse.jsonl", sparse);
  auto config = ParseConfig(
      "data_dir: data\nsources:\n"
      "  - {name: sparse, format: phi-json, paths: [sparse.jsonl]}\n"
      "  - {name: dense, format: phi-json, paths: [dense.jsonl]}\n",
      "test.yaml", dir.path().string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto pipeline = IngestPipeline::Create(config.value());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  IngestPipeline& p = *pipeline.value();
  for (int round = 0; round < 1000; ++round) {
    auto more = p.PollOnce(true);
    ASSERT_TRUE(more.ok());
    if (!more.value()) break;
  }
  // In commit order (what detection sees), time never steps back by more than the merge's
  // slack of a few minutes, although the sparse file alone spans ten days.
  std::vector<Event> events;
  ASSERT_TRUE(p.timeline().ReadEventsAfter(0, 100000, events).ok());
  ASSERT_EQ(events.size(), 1440u + 10u);
  TimeMicros latest = events.front().ts, worst = 0;
  for (const Event& e : events) {
    worst = std::max(worst, latest - e.ts);
    latest = std::max(latest, e.ts);
  }
  EXPECT_LE(worst, 15 * 60 * kMicrosPerSecond);
}

// An idle daemon leaves nothing for a reader to replay: the timeline is flushed a second after
// the last write, and at least every kMaxUnflushedMs while writes keep coming.
TEST(IngestPipeline, FlushesTheTimelineWhenIdleAndWhileWritesKeepComing) {
  ScratchDir dir;
  testing::WriteFile(dir / "ehr.jsonl", "");
  auto config = ParseConfig(
      "data_dir: data\nsources:\n  - {name: ehr, format: phi-json, paths: [ehr.jsonl]}\n",
      "test.yaml", dir.path().string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto pipeline = IngestPipeline::Create(config.value());
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  IngestPipeline& p = *pipeline.value();
  Timeline& t = p.timeline();
  auto append = [&] {
    testing::AppendFile(
        dir / "ehr.jsonl",
        R"({"ts":"2026-11-25T10:00:00Z","user":"u2","action":"view","patient":"MRN0000001"})"
        "\n");
    ASSERT_TRUE(p.PollOnce(false).ok());
  };
  int64_t now = 1'000'000;
  ASSERT_TRUE(p.FlushWhenIdle(now).ok());
  append();
  ASSERT_GT(t.unflushed_writes(), 0u);
  ASSERT_TRUE(p.FlushWhenIdle(now).ok());
  ASSERT_TRUE(p.FlushWhenIdle(now + IngestPipeline::kIdleFlushMs - 1).ok());
  EXPECT_GT(t.unflushed_writes(), 0u) << "flushed before the daemon was idle";
  ASSERT_TRUE(p.FlushWhenIdle(now + IngestPipeline::kIdleFlushMs).ok());
  EXPECT_EQ(t.unflushed_writes(), 0u) << "not flushed after a second idle";

  // A steady trickle, a write every half second: never idle for a second, flushed anyway.
  now += 10'000;
  int64_t flushed_at = -1;
  for (int64_t at = now; at <= now + IngestPipeline::kMaxUnflushedMs; at += 500) {
    append();
    ASSERT_TRUE(p.FlushWhenIdle(at).ok());
    if (t.unflushed_writes() == 0) {
      flushed_at = at;
      break;
    }
  }
  EXPECT_EQ(flushed_at, now + IngestPipeline::kMaxUnflushedMs);
}

}  // namespace
}  // namespace phi
