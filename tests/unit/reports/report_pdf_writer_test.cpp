#include "daemon/reports/report_pdf_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>

#include "tests/test_support.hpp"
#include "tests/unit/reports/report_samples.hpp"

namespace phi {
namespace {

using testing::SampleReport;
using testing::ScratchDir;

constexpr char kFontDir[] = "/usr/share/fonts/truetype/dejavu";

std::string Pdf(const AccessReport& report, const PdfReportOptions& options = {}) {
  Result<std::string> pdf = WriteReportPdf(report, options);
  EXPECT_TRUE(pdf.ok()) << pdf.status().message();
  return pdf.ok() ? *pdf : std::string();
}

// Page objects ("/Type /Page", not "/Type /Pages").
size_t CountPages(std::string_view pdf) {
  size_t pages = 0;
  for (size_t at = pdf.find("/Type /Page"); at != std::string_view::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    if (at + 11 < pdf.size() && pdf[at + 11] != 's') ++pages;
  }
  return pages;
}

// The page tree's /Count.
long PageTreeCount(std::string_view pdf) {
  size_t at = pdf.find("/Count ");
  if (at == std::string_view::npos) return -1;
  return std::strtol(std::string(pdf.substr(at + 7, 12)).c_str(), nullptr, 10);
}

// The document's structure: header, %%EOF, a startxref that points at the cross-reference
// table, and every object the table lists found at its offset ("<n> 0 obj").
void ExpectWellFormed(std::string_view pdf) {
  ASSERT_TRUE(pdf.starts_with("%PDF-1.")) << pdf.substr(0, 16);
  std::string_view tail = pdf.substr(pdf.size() - std::min<size_t>(pdf.size(), 64));
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.remove_suffix(1);
  ASSERT_TRUE(tail.ends_with("%%EOF"));

  size_t startxref = pdf.rfind("startxref");
  ASSERT_NE(startxref, std::string_view::npos);
  size_t xref = std::strtoul(std::string(pdf.substr(startxref + 9, 24)).c_str(), nullptr, 10);
  ASSERT_LT(xref, pdf.size());
  ASSERT_EQ(pdf.substr(xref, 4), "xref");
  // "xref\n0 <count>\n" then 20-byte entries "oooooooooo ggggg n\r\n".
  size_t line = pdf.find('\n', xref) + 1;
  char* end = nullptr;
  std::string subsection(pdf.substr(line, 32));
  long first = std::strtol(subsection.c_str(), &end, 10);
  long count = std::strtol(end, nullptr, 10);
  ASSERT_EQ(first, 0);
  ASSERT_GT(count, 3);
  size_t entry = pdf.find('\n', line) + 1;
  for (long n = 0; n < count; ++n, entry += 20) {
    ASSERT_LE(entry + 20, pdf.size());
    std::string_view e = pdf.substr(entry, 20);
    if (e[17] != 'n') continue;
    size_t offset = std::strtoul(std::string(e.substr(0, 10)).c_str(), nullptr, 10);
    std::string expected = std::to_string(n) + " 0 obj";
    ASSERT_EQ(pdf.substr(offset, expected.size()), expected) << "object " << n;
  }
}

TEST(ReportPdfWriter, WritesAWellFormedDocument) {
  std::string pdf = Pdf(SampleReport(ReportKind::kPatientAccess, 12));
  ExpectWellFormed(pdf);
  EXPECT_GE(CountPages(pdf), 1u);
  EXPECT_EQ(PageTreeCount(pdf), static_cast<long>(CountPages(pdf)));
  // The fonts are embedded (FontFile2: TrueType), and no PHI goes into the metadata.
  EXPECT_NE(pdf.find("/FontFile2"), std::string::npos);
  EXPECT_EQ(pdf.find("Fictional"), std::string::npos);
}

TEST(ReportPdfWriter, EveryKindAndAnEmptyReport) {
  for (ReportKind kind :
       {ReportKind::kPatientAccess, ReportKind::kUserActivity, ReportKind::kDisclosures}) {
    AccessReport report = SampleReport(kind, 7);
    report.truncated = true;  // the notice under the introduction
    report.organisation.clear();
    ExpectWellFormed(Pdf(report));
    AccessReport empty = SampleReport(kind, 0);
    empty.by_user.clear();
    empty.by_department.clear();
    std::string one_page = Pdf(empty);
    ExpectWellFormed(one_page);
    EXPECT_EQ(CountPages(one_page), 1u);
  }
}

TEST(ReportPdfWriter, PagesGrowWithTheRows) {
  std::string few = Pdf(SampleReport(ReportKind::kPatientAccess, 5));
  std::string many = Pdf(SampleReport(ReportKind::kPatientAccess, 300));
  ExpectWellFormed(many);
  size_t few_pages = CountPages(few), many_pages = CountPages(many);
  EXPECT_LE(few_pages, 2u);
  // Each sample row takes three lines or more (36 points), so no page holds 25 of them.
  EXPECT_GE(many_pages, 300u / 25);
  EXPECT_EQ(PageTreeCount(many), static_cast<long>(many_pages));
  EXPECT_GT(CountPages(Pdf(SampleReport(ReportKind::kPatientAccess, 600))), many_pages);
}

TEST(ReportPdfWriter, SameReportSameBytes) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 20);
  EXPECT_EQ(Pdf(report), Pdf(report));  // nothing from the clock: a signature can be re-checked
}

// Everything the logs could put in a field at once: terminal escapes, CR/LF, NUL, a bidi
// override, right-to-left scripts, characters above the BMP and without glyphs, bytes that are
// not UTF-8, and one word of 5,000 characters.
AccessRow HostileRow() {
  static constexpr char kEscapes[] =
      "Evil\x1b[2J\x07\r\nName\0Z\xE2\x80\xAE"
      "gnp.exe";
  AccessRow row = testing::SampleRow(1);
  row.user_name = std::string(kEscapes, sizeof kEscapes - 1);
  row.role = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85";
  row.department = "\xF0\x9F\x98\x80 \xF0\x90\x81\x81 caf\xE9 \xC2\x9B \xE4\xB8\xAD\xE6\x96\x87";
  row.action = "view\xC0\xAF";
  row.record_type = std::string(5000, 'W');
  row.explanation = std::string(5000, 'x') + " " + std::string(70000, 'y');
  return row;
}

TEST(ReportPdfWriter, HostileRowGivesAValidDocument) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 3);
  report.rows[1] = HostileRow();
  std::string pdf = Pdf(report);
  ExpectWellFormed(pdf);
  // The long values are cut in their cells, not spread over pages.
  EXPECT_LE(CountPages(pdf), 3u);
}

TEST(ReportPdfWriter, HostileValuesEverywhere) {
  for (ReportKind kind :
       {ReportKind::kPatientAccess, ReportKind::kUserActivity, ReportKind::kDisclosures}) {
    AccessReport report = SampleReport(kind, 2);
    AccessRow hostile = HostileRow();
    hostile.patient_name = hostile.user_name;
    hostile.recipient = hostile.explanation;
    hostile.purpose = hostile.record_type;
    report.rows.assign(40, hostile);
    report.organisation = std::string(20000, 'O');
    report.subject_name = hostile.user_name + hostile.role;
    report.generated_by = hostile.department;
    report.integrity.chain_hash_hex = std::string(3000, 'f');
    report.by_user.assign(
        5, {hostile.user_name, hostile.explanation, hostile.role, hostile.department, 7, 0, 1});
    report.by_department.assign(5, {hostile.explanation, "", "", "", 7, 0, 1});
    std::string pdf = Pdf(report);
    ExpectWellFormed(pdf);
    EXPECT_LE(CountPages(pdf), 60u);  // 40 rows of capped cells and 10 summary rows
  }
}

TEST(ReportPdfWriter, ExtremeTimesStillFormat) {
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 2);
  report.rows[0].ts = -1;                       // 1969-12-31T23:59:59.999999Z
  report.rows[1].ts = 253'402'300'799'000'000;  // 9999-12-31T23:59:59Z
  report.generated_at = -86'400'000'000;
  ExpectWellFormed(Pdf(report));
  // Out of any calendar's range: printed as a number, no overflow.
  report.rows[0].ts = std::numeric_limits<TimeMicros>::max();
  report.rows[1].ts = std::numeric_limits<TimeMicros>::min();
  report.from = std::numeric_limits<TimeMicros>::min();
  report.generated_at = std::numeric_limits<TimeMicros>::max();
  ExpectWellFormed(Pdf(report));
}

TEST(ReportPdfWriter, TimesInTheConfiguredZone) {
  Result<TimeZone> zone = TimeZone::Load("America/New_York");
  if (!zone.ok()) GTEST_SKIP() << "no tzdata: " << zone.status().message();
  PdfReportOptions options;
  options.time_zone = *zone;
  AccessReport report = SampleReport(ReportKind::kPatientAccess, 3);
  std::string local = Pdf(report, options);
  ExpectWellFormed(local);
  EXPECT_NE(local, Pdf(report));  // the printed times (and the zone's name) differ
}

TEST(ReportPdfWriter, MissingFontDirectoryNamesTheFile) {
  ScratchDir dir;
  PdfReportOptions options;
  options.font_dir = (dir / "no-fonts-here").string();
  Result<std::string> pdf = WriteReportPdf(SampleReport(ReportKind::kPatientAccess, 1), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), Status::Code::kNotFound);
  EXPECT_NE(pdf.status().message().find(options.font_dir + "/DejaVuSans.ttf"), std::string::npos)
      << pdf.status().message();
  EXPECT_NE(pdf.status().message().find("fonts-dejavu-core"), std::string::npos);
}

TEST(ReportPdfWriter, MissingBoldFontNamesIt) {
  ScratchDir dir;
  std::filesystem::create_symlink(std::string(kFontDir) + "/DejaVuSans.ttf",
                                  dir / "DejaVuSans.ttf");
  PdfReportOptions options;
  options.font_dir = dir.path().string() + "/";
  Result<std::string> pdf = WriteReportPdf(SampleReport(ReportKind::kPatientAccess, 1), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.status().message().find(dir.path().string() + "/DejaVuSans-Bold.ttf"),
            std::string::npos)
      << pdf.status().message();
}

TEST(ReportPdfWriter, AFileThatIsNotAFontIsAnErrorNotACrash) {
  ScratchDir dir;
  testing::WriteFile(dir / "DejaVuSans.ttf", "this is not a TrueType font\n");
  testing::WriteFile(dir / "DejaVuSans-Bold.ttf", std::string(4096, '\0'));
  PdfReportOptions options;
  options.font_dir = dir.path().string();
  Result<std::string> pdf = WriteReportPdf(SampleReport(ReportKind::kPatientAccess, 1), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.status().message().find(options.font_dir + "/DejaVuSans.ttf"), std::string::npos)
      << pdf.status().message();
}

}  // namespace
}  // namespace phi
