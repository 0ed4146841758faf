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
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(p.PollOnce(false).ok());
  EXPECT_EQ(EventsOf(p, "live"), 1u);
  EXPECT_LT(EventsOf(p, "old"), 50000u) << "the backlog should still be in progress";
}

}  // namespace
}  // namespace phi
