#include "daemon/reports/report_json_writer.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "tests/unit/reports/report_samples.hpp"

namespace phi {
namespace {

using testing::SampleReport;

// The report as a parsed document, read by JSON pointer ("/integrity/chain_link").
class ParsedReport {
 public:
  explicit ParsedReport(const AccessReport& report) : json_(WriteReportJson(report)) {
    // simdjson validates UTF-8 as it parses: a document with an ill-formed byte does not parse.
    parsed_ = parser_.parse(json_).get(doc_) == simdjson::SUCCESS;
  }
  bool parsed() const { return parsed_; }
  const std::string& json() const { return json_; }
  bool Has(std::string_view pointer) const {
    return doc_.at_pointer(pointer).error() == simdjson::SUCCESS;
  }
  std::string Text(std::string_view pointer) const {
    std::string_view value;
    EXPECT_EQ(doc_.at_pointer(pointer).get_string().get(value), simdjson::SUCCESS) << pointer;
    return std::string(value);
  }
  int64_t Int(std::string_view pointer) const {
    int64_t value = -1;
    EXPECT_EQ(doc_.at_pointer(pointer).get_int64().get(value), simdjson::SUCCESS) << pointer;
    return value;
  }
  uint64_t Uint(std::string_view pointer) const {
    uint64_t value = 0;
    EXPECT_EQ(doc_.at_pointer(pointer).get_uint64().get(value), simdjson::SUCCESS) << pointer;
    return value;
  }
  bool Bool(std::string_view pointer) const {
    bool value = false;
    EXPECT_EQ(doc_.at_pointer(pointer).get_bool().get(value), simdjson::SUCCESS) << pointer;
    return value;
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

TEST(ReportJsonWriter, HoldsTheHeaderIntegrityRowsAndSummaries) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 5);
  report.integrity.chain_link = 18'000'000'000'000'000'000u;  // above INT64_MAX: kept exact
  report.truncated = true;
  ParsedReport doc(report);
  ASSERT_TRUE(doc.parsed()) << doc.json();
  EXPECT_EQ(doc.Text("/kind"), "patient_access");
  EXPECT_EQ(doc.Text("/organisation"), "Riverside General Hospital");
  EXPECT_EQ(doc.Text("/subject"), "00123456");
  EXPECT_EQ(doc.Text("/subject_name"), "Amelia Fictional-Smith");
  EXPECT_EQ(doc.Text("/from"), "2025-04-01T00:00:00.000Z");
  EXPECT_EQ(doc.Text("/to"), "2026-04-01T00:00:00.000Z");
  EXPECT_EQ(doc.Text("/generated_at"), "2026-04-01T01:00:00.000Z");
  EXPECT_EQ(doc.Text("/generated_by"), "privacy-officer");
  EXPECT_EQ(doc.Uint("/integrity/chain_link"), 18'000'000'000'000'000'000u);
  EXPECT_EQ(doc.Text("/integrity/chain_hash"), report.integrity.chain_hash_hex);
  EXPECT_EQ(doc.Text("/integrity/key_fingerprint"), report.integrity.key_fingerprint_hex);
  EXPECT_TRUE(doc.Bool("/integrity/chain_verified"));
  EXPECT_TRUE(doc.Bool("/truncated"));

  ASSERT_EQ(doc.Size("/accesses"), 5u);
  const AccessRow& row = report.rows[2];
  EXPECT_EQ(doc.Text("/accesses/2/time"), "2025-04-01T02:00:07.000Z");
  EXPECT_EQ(doc.Int("/accesses/2/sequence"), 1002);
  EXPECT_EQ(doc.Text("/accesses/2/user"), row.user);
  EXPECT_EQ(doc.Text("/accesses/2/user_name"), row.user_name);
  EXPECT_EQ(doc.Text("/accesses/2/role"), row.role);
  EXPECT_EQ(doc.Text("/accesses/2/department"), row.department);
  EXPECT_EQ(doc.Text("/accesses/2/action"), "print");
  EXPECT_EQ(doc.Text("/accesses/2/patient"), "00123456");
  EXPECT_EQ(doc.Text("/accesses/2/record_type"), row.record_type);
  EXPECT_EQ(doc.Int("/accesses/2/record_count"), 3);
  EXPECT_EQ(doc.Text("/accesses/2/workstation"), row.workstation);
  EXPECT_EQ(doc.Text("/accesses/2/outcome"), "success");
  EXPECT_EQ(doc.Text("/accesses/2/source"), "epic-access-log");
  EXPECT_EQ(doc.Text("/accesses/2/explanation"), row.explanation);
  // Kind-specific members only where they belong.
  EXPECT_FALSE(doc.Has("/accesses/2/patient_name"));
  EXPECT_FALSE(doc.Has("/accesses/2/recipient"));

  ASSERT_EQ(doc.Size("/by_user"), 4u);
  EXPECT_EQ(doc.Text("/by_user/1/user"), "zangstrom");
  EXPECT_EQ(doc.Text("/by_user/1/name"), "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m");
  EXPECT_EQ(doc.Text("/by_user/1/role"), "Registered Nurse");
  EXPECT_EQ(doc.Text("/by_user/1/department"), "Cardiology");
  EXPECT_EQ(doc.Uint("/by_user/1/accesses"), report.by_user[1].accesses);
  EXPECT_EQ(doc.Text("/by_user/1/first"), "2025-04-01T01:00:07.000Z");
  EXPECT_EQ(doc.Text("/by_user/1/last"), "2025-04-01T04:00:07.000Z");
  ASSERT_EQ(doc.Size("/by_department"), 1u);
  EXPECT_EQ(doc.Text("/by_department/0/department"), "Cardiology");
  EXPECT_EQ(doc.Uint("/by_department/0/accesses"), 2u);
  EXPECT_FALSE(doc.Has("/by_department/0/name"));
}

TEST(ReportJsonWriter, KindsAndTheirOwnMembers) {
  ParsedReport disclosures(SampleReport(ReportKind::kDisclosures, 1));
  ASSERT_TRUE(disclosures.parsed());
  EXPECT_EQ(disclosures.Text("/kind"), "disclosures");
  EXPECT_EQ(disclosures.Text("/accesses/0/recipient"), "Lakeside Insurance Co.");
  EXPECT_EQ(disclosures.Text("/accesses/0/purpose"), "payment");

  ParsedReport user(SampleReport(ReportKind::kUserActivity, 1));
  ASSERT_TRUE(user.parsed());
  EXPECT_EQ(user.Text("/kind"), "user_activity");
  EXPECT_EQ(user.Text("/subject"), "dwhitfield");
  EXPECT_EQ(user.Text("/accesses/0/patient_name"), "Amelia Fictional");
  EXPECT_FALSE(user.Has("/accesses/0/recipient"));
}

TEST(ReportJsonWriter, InvalidUtf8AndControlsComeOutValid) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 1);
  report.subject_name = "caf\xE9";                      // Latin-1, not UTF-8
  report.rows[0].user_name = "\xC0\xAF\xED\xA0\x80 x";  // overlong "/" and a surrogate
  report.rows[0].explanation = std::string("a\0b\x1b[2J\"\\", 9);
  report.organisation = "\xF0\x9F\x98\x80 Clinic";  // well-formed: kept
  ParsedReport doc(report);
  ASSERT_TRUE(doc.parsed()) << doc.json();
  EXPECT_EQ(doc.Text("/subject_name"), "caf\xEF\xBF\xBD");
  std::string name = doc.Text("/accesses/0/user_name");
  EXPECT_EQ(name.find('\xC0'), std::string::npos);
  EXPECT_TRUE(name.ends_with(" x"));
  EXPECT_EQ(doc.Text("/accesses/0/explanation"), std::string("a\0b\x1b[2J\"\\", 9));
  EXPECT_EQ(doc.Text("/organisation"), "\xF0\x9F\x98\x80 Clinic");
  // Controls travel escaped, never raw.
  EXPECT_EQ(doc.json().find('\x1b'), std::string::npos);
}

TEST(ReportJsonWriter, EmptyReportHasEmptyArrays) {
  AccessReport report;
  ParsedReport doc(report);
  ASSERT_TRUE(doc.parsed()) << doc.json();
  EXPECT_EQ(doc.Size("/accesses"), 0u);
  EXPECT_EQ(doc.Size("/by_user"), 0u);
  EXPECT_EQ(doc.Size("/by_department"), 0u);
  EXPECT_FALSE(doc.Bool("/integrity/chain_verified"));
  EXPECT_FALSE(doc.Bool("/truncated"));
  EXPECT_EQ(doc.Text("/from"), "1970-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace phi
