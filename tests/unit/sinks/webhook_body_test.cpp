// The webhook bodies: a JSON array of alert records, and Splunk HEC event envelopes whose
// "time" is the change's epoch seconds with milliseconds.
#include "daemon/sinks/webhook_body.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <span>

#include "tests/alert_record_samples.hpp"

namespace phi {
namespace {

TEST(WebhookBodyTest, JsonIsOneArrayOfRecords) {
  std::string body;
  AppendWebhookJsonBody(testing::SampleAlertRecords(7, 2), body);
  simdjson::dom::parser parser;
  simdjson::dom::array array;
  ASSERT_EQ(parser.parse(body).get_array().get(array), simdjson::SUCCESS) << body;
  ASSERT_EQ(array.size(), 2u);
  EXPECT_EQ(array.at(0)["record"].get_int64().value(), 7);
  EXPECT_EQ(array.at(1)["record"].get_int64().value(), 8);
  EXPECT_EQ(std::string(array.at(0)["change"].get_string().value()), "created");
}

TEST(WebhookBodyTest, AnEmptyBatchIsAnEmptyArray) {
  std::string body;
  AppendWebhookJsonBody(std::span<const AlertRecord>(), body);
  EXPECT_EQ(body, "[]");
}

TEST(WebhookBodyTest, SplunkHecEnvelopesOnePerLine) {
  auto records = testing::SampleAlertRecords(1, 2);
  records[0].at = 1'700'000'000'123'456;
  records[1].at = 1'700'000'001'000'999;
  std::string body;
  AppendSplunkHecBody(records, "auditor-1", body);

  std::string record_json;
  AppendAlertRecordJson(records[0], record_json);
  const std::string first_line =
      R"({"time":1700000000.123,"host":"auditor-1","source":"phi-auditd",)"
      R"("sourcetype":"phi:alert","event":)" +
      record_json + "}\n";
  ASSERT_GT(body.size(), first_line.size());
  EXPECT_EQ(body.substr(0, first_line.size()), first_line);
  EXPECT_NE(body.find(R"({"time":1700000001.000,"host":"auditor-1")", first_line.size()),
            std::string::npos)
      << body;
  EXPECT_EQ(body.back(), '\n');
}

TEST(WebhookBodyTest, SplunkHecTimeBefore1970RoundsDown) {
  auto records = testing::SampleAlertRecords(1, 1);
  records[0].at = -1'500;  // 1.5 ms before the epoch
  std::string body;
  AppendSplunkHecBody(records, "h", body);
  EXPECT_EQ(body.rfind(R"({"time":-0.002,)", 0), 0u) << body;
}

}  // namespace
}  // namespace phi
