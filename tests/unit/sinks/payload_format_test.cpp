#include "daemon/sinks/payload_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "daemon/sinks/cef_format.hpp"
#include "daemon/sinks/leef_format.hpp"
#include "daemon/sinks/ocsf_format.hpp"
#include "tests/unit/sinks/alert_record_samples.hpp"

namespace phi {
namespace {

TEST(PayloadFormat, NamesParseAndPrintBothWays) {
  for (std::string_view name : {"json", "cef", "leef", "ocsf"}) {
    PayloadFormat format = PayloadFormat::kJson;
    ASSERT_TRUE(ParsePayloadFormat(name, format)) << name;
    EXPECT_EQ(PayloadFormatName(format), name);
  }
}

TEST(PayloadFormat, UnknownNamesAreRefusedAndLeaveTheFormatAlone) {
  for (std::string_view name : {"", "CEF", "syslog", "json "}) {
    PayloadFormat format = PayloadFormat::kLeef;
    EXPECT_FALSE(ParsePayloadFormat(name, format)) << name;
    EXPECT_EQ(format, PayloadFormat::kLeef);
  }
}

TEST(PayloadFormat, EachFormatWritesItsOwnPayloadAfterWhatIsThere) {
  const AlertRecord r = testing::PlainRecord();
  std::string json, cef, leef, ocsf;
  AppendAlertRecordJson(r, json);
  AppendCef(r, cef);
  AppendLeef(r, leef);
  AppendOcsfDetectionFinding(r, ocsf);
  const std::pair<PayloadFormat, std::string> expected[] = {{PayloadFormat::kJson, json},
                                                            {PayloadFormat::kCef, cef},
                                                            {PayloadFormat::kLeef, leef},
                                                            {PayloadFormat::kOcsf, ocsf}};
  for (const auto& [format, payload] : expected) {
    std::string out = "before\n";
    AppendPayload(format, r, out);
    EXPECT_EQ(out, "before\n" + payload) << PayloadFormatName(format);
  }
  EXPECT_NE(json, cef);
  EXPECT_EQ(cef.rfind("CEF:0|", 0), 0u);
  EXPECT_EQ(leef.rfind("LEEF:2.0|", 0), 0u);
}

}  // namespace
}  // namespace phi
