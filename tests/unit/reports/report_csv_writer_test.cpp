#include "daemon/reports/report_csv_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/reports/report_samples.hpp"

namespace phi {
namespace {

using testing::SampleReport;
using Records = std::vector<std::vector<std::string>>;

// An RFC 4180 reader written for the test, independently of the writer: quoted fields with
// doubled quotes and embedded CR/LF, records ended by CRLF. Fails the test on anything else.
Records ParseCsv(std::string_view csv) {
  Records records(1, std::vector<std::string>(1));
  size_t i = 0;
  bool at_field_start = true;
  while (i < csv.size()) {
    char c = csv[i];
    if (at_field_start && c == '"') {
      std::string& field = records.back().back();
      for (++i;; ++i) {
        if (i >= csv.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return records;
        }
        if (csv[i] == '"') {
          if (i + 1 < csv.size() && csv[i + 1] == '"') {
            field += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        field += csv[i];
      }
      at_field_start = false;
      if (i < csv.size() && csv[i] != ',' && csv[i] != '\r') {
        ADD_FAILURE() << "text after a closing quote at offset " << i;
        return records;
      }
      continue;
    }
    if (c == ',') {
      records.back().emplace_back();
      at_field_start = true;
      ++i;
    } else if (c == '\r') {
      if (i + 1 >= csv.size() || csv[i + 1] != '\n') {
        ADD_FAILURE() << "bare CR outside quotes at offset " << i;
        return records;
      }
      i += 2;
      if (i < csv.size()) records.push_back(std::vector<std::string>(1));
      at_field_start = true;
    } else if (c == '\n' || c == '"') {
      ADD_FAILURE() << "bare LF or quote outside quotes at offset " << i;
      return records;
    } else {
      records.back().back() += c;
      at_field_start = false;
      ++i;
    }
  }
  return records;
}

std::string Cell(std::string_view value) {
  std::string out;
  AppendCsvTextCell(value, out);
  return out;
}

TEST(ReportCsvWriter, PatientAccessHeaderAndOneRecordPerAccess) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 3);
  std::string csv = WriteReportCsv(report);
  ASSERT_TRUE(csv.ends_with("\r\n"));
  Records records = ParseCsv(csv);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0],
            (std::vector<std::string>{"time", "user", "user_name", "role", "department", "action",
                                      "patient", "record_type", "record_count", "workstation",
                                      "outcome", "source", "explanation"}));
  const AccessRow& row = report.rows[2];
  EXPECT_EQ(records[3],
            (std::vector<std::string>{"2025-04-01T02:00:07.000Z", row.user, row.user_name, row.role,
                                      row.department, row.action, row.patient, row.record_type, "3",
                                      row.workstation, row.outcome, row.source, row.explanation}));
}

TEST(ReportCsvWriter, QuotesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(Cell("plain"), "plain");
  EXPECT_EQ(Cell("Whitfield, Dana"), "\"Whitfield, Dana\"");
  EXPECT_EQ(Cell("the \"night\" nurse"), "\"the \"\"night\"\" nurse\"");
  EXPECT_EQ(Cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Cell("carriage\rreturn"), "\"carriage\rreturn\"");
  EXPECT_EQ(Cell(""), "");

  AccessReport report = SampleReport(ReportKind::kPatientAccess, 1);
  report.rows[0].explanation = "Said \"urgent\", then\r\nleft";
  report.rows[0].user_name = "Okafor, Marcus";
  Records records = ParseCsv(WriteReportCsv(report));
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[1].size(), 13u);
  EXPECT_EQ(records[1][2], "Okafor, Marcus");
  EXPECT_EQ(records[1][12], "Said \"urgent\", then\r\nleft");
}

TEST(ReportCsvWriter, NeutralisesSpreadsheetFormulas) {
  EXPECT_EQ(Cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(Cell("=1+1"), "'=1+1");
  EXPECT_EQ(Cell("+1"), "'+1");
  EXPECT_EQ(Cell("-2+3"), "'-2+3");
  EXPECT_EQ(Cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(Cell("\t=1"), "'\t=1");
  EXPECT_EQ(Cell("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(Cell("=SUM(A1,A2)"), "\"'=SUM(A1,A2)\"");
  // Only the first character counts.
  EXPECT_EQ(Cell("a=b"), "a=b");
  EXPECT_EQ(Cell(" =1"), " =1");

  // In a whole report, in any text column; the record count is a number, not neutralised.
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 1);
  report.rows[0].workstation = "=cmd|' /C calc'!A0";
  report.rows[0].user = "@evil";
  report.rows[0].record_count = -3;
  Records records = ParseCsv(WriteReportCsv(report));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1][1], "'@evil");
  EXPECT_EQ(records[1][8], "-3");
  EXPECT_EQ(records[1][9], "'=cmd|' /C calc'!A0");
}

TEST(ReportCsvWriter, DisclosuresAddRecipientAndPurpose) {
  AccessReport report = SampleReport(ReportKind::kDisclosures, 2);
  report.rows[1].recipient = "Lakeside Insurance, Claims";
  report.rows[1].purpose = "=payment";
  Records records = ParseCsv(WriteReportCsv(report));
  ASSERT_EQ(records.size(), 3u);
  ASSERT_EQ(records[0].size(), 15u);
  EXPECT_EQ(records[0][13], "recipient");
  EXPECT_EQ(records[0][14], "purpose");
  ASSERT_EQ(records[1].size(), 15u);
  EXPECT_EQ(records[1][13], "Lakeside Insurance Co.");
  EXPECT_EQ(records[1][14], "payment");
  EXPECT_EQ(records[2][13], "Lakeside Insurance, Claims");
  EXPECT_EQ(records[2][14], "'=payment");

  // The other kinds have neither column.
  Records patient = ParseCsv(WriteReportCsv(SampleReport(ReportKind::kPatientAccess, 1)));
  EXPECT_EQ(patient[0].size(), 13u);
  EXPECT_EQ(patient[0].back(), "explanation");
}

TEST(ReportCsvWriter, UserActivityNamesThePatients) {
  AccessReport report = SampleReport(ReportKind::kUserActivity, 1);
  Records records = ParseCsv(WriteReportCsv(report));
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[0].size(), 14u);
  EXPECT_EQ(records[0][6], "patient");
  EXPECT_EQ(records[0][7], "patient_name");
  EXPECT_EQ(records[1][7], "Amelia Fictional");
  EXPECT_EQ(records[1][8], report.rows[0].record_type);
}

TEST(ReportCsvWriter, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(Cell("caf\xE9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(Cell("\xC0\xAF,x"), "\"\xEF\xBF\xBD\xEF\xBF\xBD,x\"");
  EXPECT_EQ(Cell("Zo\xC3\xAB \xE1\xBB\x85"), "Zo\xC3\xAB \xE1\xBB\x85");  // kept as it is
}

TEST(ReportCsvWriter, EmptyReportIsTheHeaderAlone) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 0);
  std::string csv = WriteReportCsv(report);
  EXPECT_EQ(csv.find("\r\n"), csv.size() - 2);
  EXPECT_TRUE(csv.starts_with("time,user,"));
}

}  // namespace
}  // namespace phi
