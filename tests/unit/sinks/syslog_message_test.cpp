// RFC 5424 messages for alert records: the exact bytes for a fixed record, PRI from the alert's
// severity, SD-PARAM escaping, valid UTF-8 whatever the record holds, octet counting against
// the RFC's own examples, and UDP messages cut at a UTF-8 boundary, never split.
#include "daemon/sinks/syslog_message.hpp"

#include <gtest/gtest.h>

#include "daemon/common/json_writer.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = WellFormedUtf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

AlertRecord FixedRecord() {
  AlertRecord r;
  r.position = 42;
  r.change = "created";
  r.at = *ParseIsoTime("2024-03-01T12:00:00.123Z");
  r.by = kDetectionActor;
  r.alert.alert_id = "17-after_hours";
  r.alert.rule_id = "after_hours";
  r.alert.severity = Severity::kHigh;
  r.alert.user = "dr.smith";
  r.alert.count = 3;
  r.alert.status = "open";
  return r;
}

SyslogMessageFields FixedFields() {
  SyslogMessageFields f;
  f.hostname = "audit01.example.org";
  f.procid = "4242";
  return f;
}

AlertPayloadFormatter FixedPayload(std::string payload) {
  return [payload](const AlertRecord&, std::string& out) { out += payload; };
}

std::string MessageOf(const AlertRecord& r, std::string payload = "{\"x\":1}", size_t max_bytes = 0,
                      SyslogMessageFields fields = FixedFields()) {
  SyslogMessageBuilder builder(fields, FixedPayload(std::move(payload)));
  std::string out;
  builder.Append(r, max_bytes, out);
  return out;
}

std::string StructuredDataOf(const std::string& message) {
  size_t start = message.find('[');
  size_t end = message.find("] ", start);
  return message.substr(start, end + 1 - start);
}

TEST(SyslogMessage, ExactBytesForAFixedRecord) {
  EXPECT_EQ(MessageOf(FixedRecord()),
            "<163>1 2024-03-01T12:00:00.123Z audit01.example.org phi-auditd 4242 alert "
            "[phi@32473 alert_id=\"17-after_hours\" record=\"42\" change=\"created\" "
            "rule_id=\"after_hours\" severity=\"high\" user=\"dr.smith\" count=\"3\" "
            "status=\"open\"] \xEF\xBB\xBF{\"x\":1}");
}

TEST(SyslogMessage, DefaultPayloadIsTheRecordsJsonAfterABom) {
  AlertRecord r = FixedRecord();
  std::string json;
  AppendAlertRecordJson(r, json);
  SyslogMessageBuilder builder(FixedFields(), AppendAlertRecordJson);
  std::string out;
  builder.Append(r, 0, out);
  ASSERT_GE(out.size(), json.size() + kBom.size());
  EXPECT_EQ(out.substr(out.size() - json.size() - kBom.size() - 1), " " + std::string(kBom) + json);
}

TEST(SyslogMessage, PriIsFacilityTimesEightPlusTheAlertsSeverity) {
  AlertRecord r = FixedRecord();
  const std::pair<Severity, std::string> expected[] = {{Severity::kLow, "<165>"},
                                                       {Severity::kMedium, "<164>"},
                                                       {Severity::kHigh, "<163>"},
                                                       {Severity::kCritical, "<162>"}};
  for (const auto& [severity, pri] : expected) {
    r.alert.severity = severity;
    EXPECT_EQ(MessageOf(r).substr(0, 5), pri) << SeverityName(severity);
  }
  SyslogMessageFields auth = FixedFields();
  auth.facility = 13;  // log audit
  r.alert.severity = Severity::kCritical;
  EXPECT_EQ(MessageOf(r, "x", 0, auth).substr(0, 6), "<106>1");
}

TEST(SyslogMessage, AReviewersChangeIsNoticeWhateverTheAlertsSeverity) {
  AlertRecord r = FixedRecord();
  r.alert.severity = Severity::kCritical;
  r.change = "acknowledged";
  r.by = "alice";
  EXPECT_EQ(MessageOf(r).substr(0, 5), "<165>");
  r.change = "grew";
  r.by = kDetectionActor;
  EXPECT_EQ(MessageOf(r).substr(0, 5), "<162>");
}

TEST(SyslogMessage, TimestampKeepsMicrosecondsAndAnImpossibleTimeIsNil) {
  AlertRecord r = FixedRecord();
  r.at += 456;
  EXPECT_NE(MessageOf(r).find(" 2024-03-01T12:00:00.123456Z "), std::string::npos);
  r.at = 0;
  EXPECT_EQ(MessageOf(r).substr(0, 9), "<163>1 - ");
}

TEST(SyslogMessage, EmptyHeaderFieldsAreNilAndAnEmptyPayloadSendsNoMsg) {
  SyslogMessageFields fields = FixedFields();
  fields.hostname = "";
  fields.procid = "";
  std::string message = MessageOf(FixedRecord(), "", 0, fields);
  EXPECT_EQ(message.substr(0, 50), "<163>1 2024-03-01T12:00:00.123Z - phi-auditd - ale");
  EXPECT_EQ(message.back(), ']');
}

TEST(SyslogMessage, SdParamValuesEscapeQuoteBackslashAndBracket) {
  AlertRecord r = FixedRecord();
  r.alert.user = "a\"b]c\\d";
  EXPECT_NE(StructuredDataOf(MessageOf(r)).find(" user=\"a\\\"b\\]c\\\\d\" "), std::string::npos);
}

TEST(SyslogMessage, SdParamValuesAreValidUtf8WithoutControlCharacters) {
  AlertRecord r = FixedRecord();
  r.alert.user = "x\ny\x7F\xC2\x85z\xC3(\xE2\x82";  // LF, DEL, C1 NEL, two ill-formed sequences
  r.alert.rule_id = "r\xC3\xA9gle";                 // é stays
  std::string sd = StructuredDataOf(MessageOf(r));
  EXPECT_NE(sd.find(" user=\"x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD(\xEF\xBF\xBD\" "),
            std::string::npos)
      << sd;
  EXPECT_NE(sd.find(" rule_id=\"r\xC3\xA9gle\" "), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(sd));
}

TEST(SyslogMessage, PayloadIsMadeValidUtf8AndOtherwiseLeftAlone) {
  std::string message = MessageOf(FixedRecord(), "ok \xC3\xA9 \xFF end\ttab");
  EXPECT_EQ(message.substr(message.find(kBom)),
            std::string(kBom) + "ok \xC3\xA9 \xEF\xBF\xBD end\ttab");
}

TEST(SyslogMessage, LongSdValuesAreCutSoOneFieldCannotCrowdOutTheRest) {
  AlertRecord r = FixedRecord();
  r.alert.user = std::string(1000, 'u');
  std::string sd = StructuredDataOf(MessageOf(r));
  EXPECT_NE(sd.find(" user=\"" + std::string(256, 'u') + "\" count=\"3\""), std::string::npos);
}

TEST(SyslogMessage, OctetCountingMatchesTheRfcExamples) {
  std::string lines =
      testing::ReadFile(testing::SourcePath("tests/data/syslog/rfc5424_section6.5_examples.log"));
  std::string framed;
  for (size_t start = 0; start < lines.size();) {
    size_t end = lines.find('\n', start);
    AppendOctetCountedFrame(std::string_view(lines).substr(start, end - start), framed);
    start = end + 1;
  }
  EXPECT_EQ(framed, testing::ReadFile(testing::SourcePath(
                        "tests/data/syslog/rfc5424_section6.5_examples_octet_framed.bin")));
}

TEST(SyslogMessage, OctetCountCountsBytesWithTheBom) {
  std::string message = MessageOf(FixedRecord(), "\xE2\x82\xAC");  // €: 3 bytes
  std::string framed;
  AppendOctetCountedFrame(message, framed);
  EXPECT_EQ(framed, std::to_string(message.size()) + " " + message);
  EXPECT_EQ(message.size(), MessageOf(FixedRecord(), "").size() + 1 + kBom.size() + 3);
}

TEST(SyslogMessage, DatagramIsCutAtAUtf8BoundaryAndSaysHowLongThePayloadWas) {
  std::string payload;
  for (int i = 0; i < 1000; ++i) payload += "\xE2\x82\xAC";  // 3000 bytes
  std::string message = MessageOf(FixedRecord(), payload, kDefaultSyslogDatagramBytes);
  EXPECT_LE(message.size(), kDefaultSyslogDatagramBytes);
  EXPECT_GE(message.size(), kDefaultSyslogDatagramBytes - 2);
  EXPECT_TRUE(IsValidUtf8(message));
  EXPECT_NE(StructuredDataOf(message).find(" status=\"open\" truncated=\"3000\"]"),
            std::string::npos);
  EXPECT_EQ(message.substr(message.size() - 3), "\xE2\x82\xAC");
}

TEST(SyslogMessage, DatagramThatFitsIsNotMarked) {
  std::string message = MessageOf(FixedRecord(), "{\"x\":1}", kDefaultSyslogDatagramBytes);
  EXPECT_EQ(message, MessageOf(FixedRecord()));
  EXPECT_EQ(message.find("truncated"), std::string::npos);
}

TEST(SyslogMessage, SmallestDatagramStillNamesTheRecordWhenSdValuesAreHuge) {
  AlertRecord r = FixedRecord();
  r.alert.user = std::string(1000, '"');  // doubles when escaped
  r.alert.rule_id = std::string(1000, 'r');
  r.alert.alert_id = std::string(1000, 'a');
  std::string message = MessageOf(r, std::string(5000, 'p'), kMinSyslogDatagramBytes);
  EXPECT_LE(message.size(), kMinSyslogDatagramBytes);
  std::string sd = StructuredDataOf(message);
  EXPECT_NE(sd.find(" record=\"42\" "), std::string::npos) << message;
  EXPECT_NE(sd.find(" truncated=\"5000\"]"), std::string::npos) << message;
}

TEST(SyslogMessage, FieldsOutsideRfc5424AreRefusedWithTheKey) {
  auto refused = [](auto change) {
    SyslogMessageFields f = FixedFields();
    change(f);
    return ValidateSyslogMessageFields(f).message();
  };
  EXPECT_TRUE(ValidateSyslogMessageFields(FixedFields()).ok());
  EXPECT_NE(refused([](auto& f) { f.facility = 24; }).find("facility"), std::string::npos);
  EXPECT_NE(refused([](auto& f) { f.sd_id = "phi 1"; }).find("sd_id"), std::string::npos);
  EXPECT_NE(refused([](auto& f) { f.sd_id = "a=b"; }).find("sd_id"), std::string::npos);
  EXPECT_NE(refused([](auto& f) { f.sd_id = ""; }).find("sd_id"), std::string::npos);
  EXPECT_NE(refused([](auto& f) { f.app_name = std::string(49, 'a'); }).find("app_name"),
            std::string::npos);
  EXPECT_NE(refused([](auto& f) { f.hostname = "host name"; }).find("hostname"), std::string::npos);
  EXPECT_NE(refused([](auto& f) { f.msgid = "\xC3\xA9"; }).find("msgid"), std::string::npos);
  EXPECT_EQ(ToPrintUsAscii("h\xC3\xA9 st", 4), "h___");
}

}  // namespace
}  // namespace phi
