#include "daemon/sinks/ocsf_format.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/sinks/siem_fields.hpp"
#include "tests/unit/sinks/alert_record_samples.hpp"

namespace phi {
namespace {

using testing::HostileRecord;
using testing::kEAcute;
using testing::kHan;
using testing::kReplacement;
using testing::PlainRecord;

// The finding as a parsed document, read by JSON pointer ("/finding_info/uid").
class OcsfFinding {
 public:
  explicit OcsfFinding(const AlertRecord& r) {
    AppendOcsfDetectionFinding(r, json_);
    parsed_ = parser_.parse(json_).get(doc_) == simdjson::SUCCESS;
  }

  bool parsed() const { return parsed_; }
  const std::string& json() const { return json_; }
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

  size_t Size(std::string_view pointer) const {
    simdjson::dom::array array;
    EXPECT_EQ(doc_.at_pointer(pointer).get_array().get(array), simdjson::SUCCESS) << pointer;
    return array.size();
  }

 private:
  std::string json_;
  simdjson::dom::parser parser_;
  simdjson::dom::element doc_;
  bool parsed_ = false;
};

AlertRecord WithChange(std::string change) {
  AlertRecord r = PlainRecord();
  r.change = std::move(change);
  return r;
}

TEST(OcsfFormat, IsOneDetectionFindingObjectOfVersion110) {
  OcsfFinding f(PlainRecord());
  ASSERT_TRUE(f.parsed()) << f.json();
  EXPECT_EQ(f.json().find('\n'), std::string::npos);
  EXPECT_EQ(f.Int("/class_uid"), 2004);
  EXPECT_EQ(f.Text("/class_name"), "Detection Finding");
  EXPECT_EQ(f.Int("/category_uid"), 2);
  EXPECT_EQ(f.Text("/category_name"), "Findings");
  EXPECT_EQ(f.Text("/metadata/version"), "1.1.0");
  EXPECT_EQ(f.Text("/metadata/product/name"), "phi-auditd");
  EXPECT_EQ(f.Text("/metadata/product/vendor_name"), "phi-auditd");
  EXPECT_EQ(f.Text("/metadata/product/version"), ProductVersion());
  EXPECT_EQ(f.Text("/metadata/uid"), "42");
  EXPECT_EQ(f.Int("/metadata/sequence"), 42);
  EXPECT_EQ(f.Text("/metadata/correlation_uid"), "17-after-hours");
}

TEST(OcsfFormat, ChangesAreCreateUpdateOrCloseActivities) {
  struct Case {
    std::string change;
    int64_t activity_id;
    std::string activity_name;
  };
  const std::vector<Case> cases = {
      {"created", 1, "Create"},  {"grew", 2, "Update"},    {"acknowledged", 2, "Update"},
      {"assigned", 2, "Update"}, {"noted", 2, "Update"},   {"reopened", 2, "Update"},
      {"resolved", 3, "Close"},  {"merged", 99, "merged"},
  };
  for (const Case& c : cases) {
    OcsfFinding f(WithChange(c.change));
    ASSERT_TRUE(f.parsed()) << f.json();
    EXPECT_EQ(f.Int("/activity_id"), c.activity_id) << c.change;
    EXPECT_EQ(f.Text("/activity_name"), c.activity_name) << c.change;
    EXPECT_EQ(f.Int("/type_uid"), 200400 + c.activity_id) << c.change;
    EXPECT_EQ(f.Text("/unmapped/change"), c.change);
  }
  EXPECT_EQ(OcsfFinding(WithChange("grew")).Text("/type_name"), "Detection Finding: Update");
}

TEST(OcsfFormat, SeverityIds) {
  const std::vector<std::pair<Severity, int64_t>> cases = {
      {Severity::kLow, 2}, {Severity::kMedium, 3}, {Severity::kHigh, 4}, {Severity::kCritical, 5}};
  const std::vector<std::string> captions = {"Low", "Medium", "High", "Critical"};
  for (size_t i = 0; i < cases.size(); ++i) {
    AlertRecord r = PlainRecord();
    r.alert.severity = cases[i].first;
    OcsfFinding f(r);
    EXPECT_EQ(f.Int("/severity_id"), cases[i].second);
    EXPECT_EQ(f.Text("/severity"), captions[i]);
  }
}

TEST(OcsfFormat, TriageStatusIsTheFindingStatus) {
  struct Case {
    std::string status;
    std::string resolution;
    int64_t status_id;
    std::string caption;
  };
  const std::vector<Case> cases = {{"open", "", 1, "New"},
                                   {"acknowledged", "", 2, "In Progress"},
                                   {"resolved", "true_positive", 4, "Resolved"},
                                   {"resolved", "false_positive", 3, "Suppressed"},
                                   {"resolved", "benign", 3, "Suppressed"},
                                   {"snoozed", "", 99, "snoozed"}};
  for (const Case& c : cases) {
    AlertRecord r = PlainRecord();
    r.alert.status = c.status;
    r.alert.resolution = c.resolution;
    OcsfFinding f(r);
    EXPECT_EQ(f.Int("/status_id"), c.status_id) << c.status << " " << c.resolution;
    EXPECT_EQ(f.Text("/status"), c.caption) << c.status << " " << c.resolution;
    EXPECT_EQ(f.Text("/unmapped/status"), c.status);
  }
}

TEST(OcsfFormat, TimesAreMillisecondsAndCreationIsTold) {
  OcsfFinding created(PlainRecord());
  EXPECT_EQ(created.Int("/time"), 1709294400123);
  EXPECT_EQ(created.Int("/start_time"), 1709294400000);
  EXPECT_EQ(created.Int("/end_time"), 1709294460000);
  EXPECT_EQ(created.Int("/finding_info/first_seen_time"), 1709294400000);
  EXPECT_EQ(created.Int("/finding_info/last_seen_time"), 1709294460000);
  EXPECT_EQ(created.Int("/finding_info/created_time"), 1709294400123);
  EXPECT_FALSE(created.Has("/finding_info/modified_time"));

  OcsfFinding grew(WithChange("grew"));
  EXPECT_EQ(grew.Int("/finding_info/modified_time"), 1709294400123);
  EXPECT_FALSE(grew.Has("/finding_info/created_time"));
}

TEST(OcsfFormat, FindingInfoResourcesEvidencesAndCount) {
  OcsfFinding f(PlainRecord());
  ASSERT_TRUE(f.parsed()) << f.json();
  EXPECT_EQ(f.Text("/finding_info/uid"), "17-after-hours");
  EXPECT_EQ(f.Text("/finding_info/title"), "jdoe opened p1 after hours");
  EXPECT_EQ(f.Text("/finding_info/desc"), "Two records at 03:00.");
  EXPECT_EQ(f.Size("/finding_info/types"), 1u);
  EXPECT_EQ(f.Text("/finding_info/types/0"), "after-hours");
  EXPECT_EQ(f.Text("/finding_info/analytic/uid"), "after-hours");
  EXPECT_EQ(f.Int("/finding_info/analytic/type_id"), 1);
  EXPECT_EQ(f.Text("/message"), "jdoe opened p1 after hours");
  EXPECT_EQ(f.Int("/count"), 2);
  EXPECT_EQ(f.Size("/resources"), 2u);
  EXPECT_EQ(f.Text("/resources/1/type"), "patient");
  EXPECT_EQ(f.Text("/resources/1/uid"), "p2");
  EXPECT_EQ(f.Size("/evidences"), 1u);
  EXPECT_EQ(f.Text("/evidences/0/actor/user/name"), "jdoe");
  EXPECT_EQ(f.Int("/evidences/0/data/threshold"), 3);
  EXPECT_EQ(f.Int("/unmapped/record"), 42);
  EXPECT_EQ(f.Int("/unmapped/event_ids/1"), 18);
  EXPECT_EQ(f.Text("/unmapped/tags/0"), "snooping");
  EXPECT_FALSE(f.Has("/comment"));
}

TEST(OcsfFormat, AnAlertWithoutUserPatientsOrEvidenceIsStillValid) {
  AlertRecord r = PlainRecord();
  r.alert.user.clear();
  r.alert.patients.clear();
  r.alert.evidence.clear();
  OcsfFinding f(r);
  ASSERT_TRUE(f.parsed()) << f.json();
  EXPECT_FALSE(f.Has("/resources"));
  EXPECT_FALSE(f.Has("/evidences/0/actor"));
  EXPECT_TRUE(f.Has("/evidences/0/data"));
}

TEST(OcsfFormat, ReviewerNotesBecomeTheComment) {
  AlertRecord noted = WithChange("noted");
  noted.text = "called the clinic";
  EXPECT_EQ(OcsfFinding(noted).Text("/comment"), "called the clinic");

  AlertRecord resolved = WithChange("resolved");
  resolved.text = "benign";
  resolved.note = "covering shift";
  OcsfFinding f(resolved);
  EXPECT_EQ(f.Text("/comment"), "covering shift");
  EXPECT_EQ(f.Text("/unmapped/change_text"), "benign");
  EXPECT_EQ(f.Text("/unmapped/change_note"), "covering shift");
}

TEST(OcsfFormat, HostileTextParsesBackWithBadBytesReplaced) {
  OcsfFinding f(HostileRecord());
  ASSERT_TRUE(f.parsed()) << f.json();
  EXPECT_TRUE(testing::IsValidUtf8(f.json()));
  EXPECT_EQ(f.json().find_first_of("\r\n"), std::string::npos);
  EXPECT_EQ(f.Text("/finding_info/title"),
            std::string("a|b\\c=d^e\r\nn") + kEAcute + " " + kHan + " " + kReplacement + " end");
  EXPECT_EQ(f.Text("/finding_info/desc"),
            std::string("line1\nline2\r\nk=v \\ | ^ ") + kEAcute + kHan + " cut" + kReplacement);
  EXPECT_EQ(f.Text("/finding_info/uid"), "17-rule|7\\x=^y");
  EXPECT_EQ(f.Text("/finding_info/types/0"), "rule|7\\x=^y");
  EXPECT_EQ(f.Text("/evidences/0/actor/user/name"), "dr=evil suser=admin usrName=root^sev=1");
  EXPECT_EQ(f.Size("/resources"), 5u);
  EXPECT_EQ(f.Text("/resources/2/uid"), "p\\3");
  EXPECT_EQ(f.Text("/resources/3/uid"), std::string(kEAcute) + kHan);
  EXPECT_EQ(f.Text("/unmapped/changed_by"), "nurse\njoy|x");
  EXPECT_EQ(f.Text("/unmapped/assignee"), std::string("Zo") + kEAcute + "\r\nroot");
  EXPECT_EQ(f.Text("/comment"), " msg=injected\\");
}

}  // namespace
}  // namespace phi
