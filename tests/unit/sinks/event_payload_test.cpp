// The event stream's payloads (a sink with `stream: events`): the canonical JSON, CEF, LEEF,
// OCSF API Activity for application sources and Datastore Activity for database sources, the
// RFC 5424 message with its event structured data, and pseudonymisation of events.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/sinks/cef_format.hpp"
#include "daemon/sinks/leef_format.hpp"
#include "daemon/sinks/ocsf_activity_format.hpp"
#include "daemon/sinks/payload_format.hpp"
#include "daemon/sinks/pseudonymiser.hpp"
#include "daemon/sinks/syslog_message.hpp"
#include "daemon/sinks/webhook_body.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

constexpr TimeMicros kAt = 1709294400123456;  // 2024-03-01T12:00:00.123456Z

// An EHR's audit record: who opened which chart.
Event ChartView() {
  Event e;
  e.ts = kAt;
  e.user = "dr.smith";
  e.role = "physician";
  e.department = "cardiology";
  e.action = "view";
  e.patient = "MRN123456";
  e.record_type = "chart";
  e.workstation = "ws-17";
  e.client_ip = "10.1.2.3";
  e.outcome = "success";
  e.event_id = "ehr-991";
  e.source = "epic";
  e.offset = 4096;
  e.sequence = 42;
  return e;
}

// A pgaudit record: a statement against the database.
Event DatabaseQuery() {
  Event e;
  e.ts = kAt;
  e.user = "report_bot";
  e.action = "query";
  e.patient = "MRN123456";
  e.record_type = "patients";
  e.client_ip = "10.9.9.9";
  e.outcome = "success";
  e.statement = "SELECT * FROM patients WHERE mrn = 'MRN123456'";
  e.source = "pg-main";
  e.sequence = 43;
  return e;
}

class Json {
 public:
  explicit Json(std::string text) : text_(std::move(text)) {
    parsed_ = parser_.parse(text_).get(doc_) == simdjson::SUCCESS;
  }
  bool parsed() const { return parsed_; }
  const std::string& text() const { return text_; }
  bool Has(std::string_view pointer) const {
    return doc_.at_pointer(pointer).error() == simdjson::SUCCESS;
  }
  int64_t Int(std::string_view pointer) const {
    int64_t value = -1;
    EXPECT_EQ(doc_.at_pointer(pointer).get_int64().get(value), simdjson::SUCCESS) << pointer;
    return value;
  }
  std::string Text(std::string_view pointer) const {
    std::string_view value;
    EXPECT_EQ(doc_.at_pointer(pointer).get_string().get(value), simdjson::SUCCESS) << pointer;
    return std::string(value);
  }

 private:
  std::string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element doc_;
  bool parsed_ = false;
};

std::string Payload(PayloadFormat format, const Event& e) {
  std::string out;
  AppendEventPayload(format, e, out);
  return out;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST(EventPayload, JsonIsTheCanonicalEventWithItsTimelineId) {
  Json j(Payload(PayloadFormat::kJson, ChartView()));
  ASSERT_TRUE(j.parsed()) << j.text();
  EXPECT_EQ(j.Text("/user"), "dr.smith");
  EXPECT_EQ(j.Text("/patient"), "MRN123456");
  EXPECT_EQ(j.Text("/timeline_id"), "42");
  EXPECT_EQ(j.Text("/source"), "epic");
}

TEST(EventPayload, AnApplicationEventIsOcsfApiActivity) {
  Json j(Payload(PayloadFormat::kOcsf, ChartView()));
  ASSERT_TRUE(j.parsed()) << j.text();
  EXPECT_EQ(j.Int("/class_uid"), 6003);
  EXPECT_EQ(j.Text("/class_name"), "API Activity");
  EXPECT_EQ(j.Int("/category_uid"), 6);
  EXPECT_EQ(j.Int("/activity_id"), 2);  // view: Read
  EXPECT_EQ(j.Int("/type_uid"), 600302);
  EXPECT_EQ(j.Int("/status_id"), 1);
  EXPECT_EQ(j.Int("/time"), kAt / 1000);
  EXPECT_EQ(j.Text("/actor/user/name"), "dr.smith");
  EXPECT_EQ(j.Text("/api/operation"), "view");
  EXPECT_EQ(j.Text("/src_endpoint/ip"), "10.1.2.3");
  EXPECT_EQ(j.Text("/resources/0/type"), "patient");
  EXPECT_EQ(j.Text("/resources/0/uid"), "MRN123456");
  EXPECT_EQ(j.Text("/resources/1/name"), "chart");
  EXPECT_EQ(j.Text("/metadata/uid"), "42");
  EXPECT_EQ(j.Int("/metadata/sequence"), 42);
  EXPECT_FALSE(j.Has("/query_info"));
}

TEST(EventPayload, ADatabaseEventIsOcsfDatastoreActivity) {
  Json j(Payload(PayloadFormat::kOcsf, DatabaseQuery()));
  ASSERT_TRUE(j.parsed()) << j.text();
  EXPECT_EQ(j.Int("/class_uid"), 6005);
  EXPECT_EQ(j.Text("/class_name"), "Datastore Activity");
  EXPECT_EQ(j.Int("/category_uid"), 6);
  EXPECT_EQ(j.Int("/activity_id"), 4);  // query: Query
  EXPECT_EQ(j.Int("/type_uid"), 600504);
  EXPECT_EQ(j.Text("/query_info/query_string"), DatabaseQuery().statement);
  EXPECT_FALSE(j.Has("/api"));
}

TEST(EventPayload, OcsfActivityIdsFollowEachClassesOwnTable) {
  struct Case {
    std::string action;
    bool database;
    int64_t activity;
  };
  for (const Case& c : {Case{"create", false, 1}, Case{"update", false, 3},
                        Case{"delete", false, 4}, Case{"print", false, 2}, Case{"login", false, 99},
                        Case{"update", true, 2}, Case{"create", true, 6}, Case{"delete", true, 7},
                        Case{"write", true, 5}, Case{"ddl", true, 99}}) {
    Event e = c.database ? DatabaseQuery() : ChartView();
    e.action = c.action;
    Json j(Payload(PayloadFormat::kOcsf, e));
    ASSERT_TRUE(j.parsed()) << j.text();
    EXPECT_EQ(j.Int("/activity_id"), c.activity) << c.action << " database=" << c.database;
    EXPECT_EQ(j.Int("/type_uid"), (c.database ? 600500 : 600300) + c.activity);
    if (c.activity == 99) {
      EXPECT_EQ(j.Text("/activity_name"), c.action);
    }
  }
  Event failed = ChartView();
  failed.outcome = "failure";
  EXPECT_EQ(Json(Payload(PayloadFormat::kOcsf, failed)).Int("/status_id"), 2);
}

TEST(EventPayload, OcsfStaysValidJsonForHostileText) {
  Event e = DatabaseQuery();
  e.user = "evil\"user\\\n";
  e.statement = "SELECT '\x01\xff\xfe' -- }]";
  e.extra = R"("ward":"4 \"north\"")";
  Json j(Payload(PayloadFormat::kOcsf, e));
  ASSERT_TRUE(j.parsed()) << j.text();
  EXPECT_EQ(j.Text("/actor/user/name"), e.user);
  EXPECT_EQ(j.Text("/unmapped/extra/ward"), "4 \"north\"");
}

TEST(EventPayload, CefNamesThePhiAccessWithItsFields) {
  const std::string cef = Payload(PayloadFormat::kCef, ChartView());
  EXPECT_TRUE(cef.starts_with("CEF:0|phi-auditd|phi-auditd|")) << cef;
  EXPECT_TRUE(Contains(cef,
                       "|phi-access:view|PHI access|1|rt=1709294400123 act=view "
                       "suser=dr.smith "))
      << cef;
  EXPECT_TRUE(Contains(cef, " cs1Label=patient cs1=MRN123456 cs2Label=recordType cs2=chart "))
      << cef;
  EXPECT_TRUE(Contains(cef, " cn1Label=timelineId cn1=42")) << cef;
  EXPECT_EQ(cef.find('\n'), std::string::npos);
}

TEST(EventPayload, CefEscapesTheStatementAndAFailureScoresHigher) {
  Event e = DatabaseQuery();
  e.statement = "UPDATE t SET a=1 \\ b|c\nWHERE x";
  e.outcome = "failure";
  const std::string cef = Payload(PayloadFormat::kCef, e);
  EXPECT_TRUE(Contains(cef, "|PHI access|3|")) << cef;
  EXPECT_TRUE(Contains(cef, "msg=UPDATE t SET a\\=1 \\\\ b|c\\nWHERE x ")) << cef;
}

TEST(EventPayload, LeefCarriesTheFieldsWithTheDelimiterNeutralised) {
  Event e = ChartView();
  e.department = "a^b|c";
  const std::string leef = Payload(PayloadFormat::kLeef, e);
  EXPECT_TRUE(leef.starts_with("LEEF:2.0|phi-auditd|phi-auditd|")) << leef;
  EXPECT_TRUE(Contains(leef, "|phi-access:view|^|devTime=2024-03-01T12:00:00.123+0000^")) << leef;
  EXPECT_TRUE(Contains(leef, "^cat=view^usrName=dr.smith^src=10.1.2.3^")) << leef;
  EXPECT_TRUE(Contains(leef, "^patient=MRN123456^recordType=chart^")) << leef;
  EXPECT_TRUE(Contains(leef,
                       "^department=a\xEF\xBC\xBE"
                       "b\xC2\xA6"
                       "c^"))
      << leef;
  EXPECT_TRUE(leef.ends_with("^timelineId=42")) << leef;
}

SyslogMessageFields EventFields() {
  SyslogMessageFields f;
  f.hostname = "audit01.example.org";
  f.procid = "4242";
  f.msgid = "event";
  return f;
}

TEST(EventPayload, SyslogMessageCarriesTheEventsStructuredData) {
  SyslogMessageBuilder builder(
      EventFields(), [](const AlertRecord&, std::string&) {},
      [](const Event&, std::string& out) { out += "{\"x\":1}"; });
  std::string message;
  builder.Append(ChartView(), 0, message);
  EXPECT_EQ(message,
            "<166>1 2024-03-01T12:00:00.123456Z audit01.example.org phi-auditd 4242 event "
            "[phi@32473 seq=\"42\" user=\"dr.smith\" action=\"view\" patient=\"MRN123456\" "
            "outcome=\"success\" source=\"epic\"] \xEF\xBB\xBF{\"x\":1}");
  Event failed = ChartView();
  failed.outcome = "failure";
  message.clear();
  builder.Append(failed, 0, message);
  EXPECT_TRUE(message.starts_with("<165>1 ")) << "a failed access is notice";
}

TEST(EventPayload, SyslogDefaultEventBodyIsTheCanonicalJson) {
  SyslogMessageBuilder builder(EventFields(), AppendAlertRecordJson);
  std::string message;
  builder.Append(ChartView(), 0, message);
  const size_t bom = message.find("\xEF\xBB\xBF");
  ASSERT_NE(bom, std::string::npos);
  Json j(message.substr(bom + 3));
  ASSERT_TRUE(j.parsed()) << message;
  EXPECT_EQ(j.Text("/timeline_id"), "42");
}

TEST(EventPayload, WebhookBodiesAreAnArrayOrHecEventsOfSourcetypePhiEvent) {
  const std::vector<Event> events = {ChartView(), DatabaseQuery()};
  std::string body;
  AppendWebhookJsonBody(std::span<const Event>(events), body);
  Json j(body);
  ASSERT_TRUE(j.parsed()) << body;
  EXPECT_EQ(j.Text("/1/timeline_id"), "43");
  std::string hec;
  AppendSplunkHecBody(std::span<const Event>(events), "audit01", hec);
  EXPECT_TRUE(
      hec.starts_with("{\"time\":1709294400.123,\"host\":\"audit01\",\"source\":"
                      "\"phi-auditd\",\"sourcetype\":\"phi:event\",\"event\":{"))
      << hec;
  EXPECT_EQ(std::count(hec.begin(), hec.end(), '\n'), 2);
}

class EventPseudonymTest : public ::testing::Test {
 protected:
  Pseudonymiser Make(PseudonymMode patients, PseudonymMode people) {
    std::string key_file;
    if (patients == PseudonymMode::kHmac || people == PseudonymMode::kHmac) {
      key_file = (dir_ / "key").string();
      testing::WriteFile(key_file, "test key: 32 bytes or more, 0123456789");
      ::chmod(key_file.c_str(), 0600);
    }
    auto made = Pseudonymiser::Create({patients, people, key_file});
    EXPECT_TRUE(made.ok()) << made.status().message();
    return std::move(made.value());
  }
  testing::ScratchDir dir_;
};

TEST_F(EventPseudonymTest, HmacReplacesThePatientAndItsMrnInTheStatementAndExtra) {
  Event e = DatabaseQuery();
  e.extra = R"("patient_name_hint":"see MRN123456","n":3)";
  Make(PseudonymMode::kHmac, PseudonymMode::kClear).Apply(e);
  EXPECT_TRUE(e.patient.starts_with("pt_")) << e.patient;
  EXPECT_EQ(e.statement, "SELECT * FROM patients WHERE mrn = '" + e.patient + "'");
  EXPECT_EQ(e.extra, R"("patient_name_hint":"see )" + e.patient + R"(","n":3)");
  EXPECT_EQ(e.user, "report_bot") << "the user stays clear";
  Event again = DatabaseQuery();
  Make(PseudonymMode::kHmac, PseudonymMode::kClear).Apply(again);
  EXPECT_EQ(again.patient, e.patient) << "stable, so a SIEM can correlate";
}

TEST_F(EventPseudonymTest, DropEmptiesThePatientAndMarksTheStatement) {
  Event e = DatabaseQuery();
  Make(PseudonymMode::kDrop, PseudonymMode::kClear).Apply(e);
  EXPECT_EQ(e.patient, "");
  EXPECT_EQ(e.statement, "SELECT * FROM patients WHERE mrn = '[patient]'");
  const std::string json = Payload(PayloadFormat::kOcsf, e);
  EXPECT_FALSE(Contains(json, "MRN123456")) << json;
}

TEST_F(EventPseudonymTest, PeopleWithholdsTheUnknownFieldsAndClearChangesNothing) {
  Event e = ChartView();
  e.extra = R"("home_address":"1 Main St")";
  Make(PseudonymMode::kClear, PseudonymMode::kDrop).Apply(e);
  EXPECT_EQ(e.extra, "");
  EXPECT_EQ(e.patient, "MRN123456");
  Event clear = ChartView();
  clear.extra = R"("a":"MRN123456")";
  Make(PseudonymMode::kClear, PseudonymMode::kClear).Apply(clear);
  EXPECT_EQ(clear.extra, R"("a":"MRN123456")");
  EXPECT_EQ(clear.patient, "MRN123456");
}

}  // namespace
}  // namespace phi
