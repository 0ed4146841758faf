#include "daemon/event/plausible_time.hpp"

#include <gtest/gtest.h>

#include "daemon/event/event_codec.hpp"
#include "daemon/event/event_json.hpp"

namespace phi {
namespace {

const TimeMicros kNow = *ParseIsoTime("2026-03-01T12:00:00Z");

TEST(PlausibleTime, FlagsTimesBefore1990AndMoreThanADayAhead) {
  IngestBatch b;
  for (const char* ts : {"1970-01-01T00:00:00Z", "1989-12-31T23:59:59Z", "1990-01-01T00:00:00Z",
                         "2026-03-02T12:00:00Z", "2026-03-02T12:00:01Z", "2099-01-01"}) {
    b.AddEvent().ts = *ParseIsoTime(ts);
  }
  EXPECT_EQ(MarkImplausibleTimes(b, kNow, PlausibleTimeRange()), 4u);
  std::vector<bool> flags;
  for (size_t i = 0; i < b.event_count; ++i) flags.push_back(b.events[i].implausible_time);
  EXPECT_EQ(flags, (std::vector<bool>{true, true, false, false, true, true}));
  // A reused event is cleared for the next batch.
  b.Reset();
  EXPECT_FALSE(b.AddEvent().implausible_time);
}

TEST(PlausibleTime, RangeIsConfigurableAndSafeAtTheEdges) {
  IngestBatch b;
  b.AddEvent().ts = INT64_MAX;
  b.AddEvent().ts = *ParseIsoTime("2001-01-01");
  PlausibleTimeRange range{*ParseIsoTime("2000-01-01"), INT64_MAX};
  EXPECT_EQ(MarkImplausibleTimes(b, kNow, range), 0u);
  range = {*ParseIsoTime("2010-01-01"), 0};
  EXPECT_EQ(MarkImplausibleTimes(b, kNow, range), 2u);
}

TEST(PlausibleTime, FlagSurvivesTheTimelineEncodingAndOldEncodingsReadUnflagged) {
  Event e;
  e.ts = *ParseIsoTime("1970-01-01");
  e.user = "u1";
  e.patient = "MRN1";
  e.implausible_time = true;
  for (EventDetail detail : {EventDetail::kFull, EventDetail::kSummary}) {
    std::string encoded;
    EncodeEvent(e, detail, encoded);
    Event decoded;
    ASSERT_TRUE(DecodeEvent(encoded, decoded));
    EXPECT_TRUE(decoded.implausible_time);
    EXPECT_EQ(decoded.ts, e.ts);
    // What a build without the flag wrote: the same bytes without the trailing flags.
    e.implausible_time = false;
    std::string old;
    EncodeEvent(e, detail, old);
    e.implausible_time = true;
    EXPECT_EQ(encoded.substr(0, old.size()), old);
    decoded.implausible_time = true;
    ASSERT_TRUE(DecodeEvent(old, decoded));
    EXPECT_FALSE(decoded.implausible_time);
    EXPECT_EQ(decoded.patient, "MRN1");
  }
}

TEST(PlausibleTime, JsonShowsTheFlagOnlyWhenSet) {
  Event e;
  e.ts = *ParseIsoTime("2099-01-01");
  e.user = "u1";
  std::string json;
  AppendEventJson(e, EventJsonOptions{.provenance = false}, json);
  EXPECT_EQ(json.find("implausible_time"), std::string::npos) << json;
  e.implausible_time = true;
  json.clear();
  AppendEventJson(e, EventJsonOptions{.provenance = false}, json);
  EXPECT_EQ(json.substr(0, json.find(",\"user\"")),
            "{\"ts\":\"2099-01-01T00:00:00.000Z\",\"implausible_time\":true")
      << json;
}

}  // namespace
}  // namespace phi
