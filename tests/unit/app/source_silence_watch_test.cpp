#include "daemon/app/source_silence_watch.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

constexpr TimeMicros kHour = 3600LL * kMicrosPerSecond;

RuleSet SilenceAfterTwoHours() {
  RuleSet rules;
  Rule& r = rules.rules.emplace_back();
  r.id = "source_silent";
  r.kind = RuleKind::kSilence;
  r.silence.after = 2 * kHour;
  return rules;
}

// Issue 7: a source whose every record is a dead letter still commits, but sends no event.
TEST(SourceSilenceWatch, ASourceWhoseRecordsAllFailToParseIsSilent) {
  const TimeMicros now = 100 * kHour;
  TimelineStats stats;
  SourceStats& s = stats.sources.emplace_back();
  s.source = "ehr";
  s.last_commit = now - kHour / 60;  // dead letters a minute ago
  s.last_event_commit = now - 3 * kHour;
  SourceSilenceWatch watch({"ehr"}, now - 10 * kHour);
  std::vector<AlertChange> out;
  watch.Check(SilenceAfterTwoHours(), stats, now, DetectionSettings{}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].alert.rule_id, "source_silent");

  s.last_event_commit = now - kHour;
  out.clear();
  watch.Check(SilenceAfterTwoHours(), stats, now, DetectionSettings{}, out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace phi
