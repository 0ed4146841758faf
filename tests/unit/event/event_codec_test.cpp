#include "daemon/event/event_codec.hpp"

#include <gtest/gtest.h>

#include "daemon/event/event_json.hpp"

namespace phi {
namespace {

Event Sample() {
  Event e;
  e.ts = 1'700'000'000'000'000;
  e.user = "snoop";
  e.patient = "MRN0009999";
  e.action = "query";
  e.statement = "select 1";
  e.sequence = 7;
  return e;
}

TEST(EventCodec, TruncatedFlagSurvivesBothDetails) {
  for (EventDetail detail : {EventDetail::kFull, EventDetail::kSummary}) {
    Event e = Sample();
    e.truncated = true;
    std::string bytes;
    EncodeEvent(e, detail, bytes);
    Event back;
    ASSERT_TRUE(DecodeEvent(bytes, back));
    EXPECT_TRUE(back.truncated);
    EXPECT_EQ(back.patient, "MRN0009999");
  }
}

TEST(EventCodec, EventsStoredWithoutFlagsDecodeAsNotTruncated) {
  // Without a flag set the encoding is byte for byte the one stored before flags existed.
  Event e = Sample();
  std::string bytes;
  EncodeEvent(e, EventDetail::kFull, bytes);
  Event with_flag = e;
  with_flag.truncated = true;
  std::string flagged;
  EncodeEvent(with_flag, EventDetail::kFull, flagged);
  EXPECT_EQ(flagged.substr(0, bytes.size()), bytes);
  Event back;
  back.truncated = true;
  ASSERT_TRUE(DecodeEvent(bytes, back));
  EXPECT_FALSE(back.truncated);
}

TEST(EventCodec, TheSummaryCutFromAFullEncodingIsTheSummaryEncoding) {
  for (bool flagged : {false, true}) {
    Event e = Sample();
    e.implausible_time = flagged;
    e.extra = R"("ward":"4B")";
    std::string full, summary, cut;
    EncodeEvent(e, EventDetail::kFull, full);
    EncodeEvent(e, EventDetail::kSummary, summary);
    std::string_view user, patient;
    ASSERT_TRUE(SummaryOfFullEvent(full, cut, user, patient));
    EXPECT_EQ(cut, summary);
    EXPECT_EQ(user, "snoop");
    EXPECT_EQ(patient, "MRN0009999");
    // Not a full encoding, or cut short: refused.
    EXPECT_FALSE(SummaryOfFullEvent(summary, cut, user, patient));
    for (size_t n = 0; n < full.size(); ++n) {
      if (flagged && n + 1 == full.size()) continue;  // without its flag, still an event
      EXPECT_FALSE(SummaryOfFullEvent(full.substr(0, n), cut, user, patient)) << n;
    }
  }
}

TEST(EventJson, TruncatedEventsSaySo) {
  Event e = Sample();
  std::string plain, cut;
  AppendEventJson(e, {}, plain);
  e.truncated = true;
  AppendEventJson(e, {}, cut);
  EXPECT_EQ(plain.find("truncated"), std::string::npos);
  EXPECT_NE(cut.find(",\"truncated\":true"), std::string::npos) << cut;
}

}  // namespace
}  // namespace phi
