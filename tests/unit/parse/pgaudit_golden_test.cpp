// Golden tests for the three pgaudit formats and the AUDIT entry reader: each input under
// tests/data/pgaudit/ (public samples) or tests/data/pgaudit_captured/ (real captures) is framed
// by the daemon's RecordFramer, parsed, and compared with its `.golden.jsonl` beside it.
// Regenerate with PHI_UPDATE_GOLDEN=1 and review the diff by eye before committing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse/pgaudit_message.hpp"
#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::ExpectMatchesGolden;
using testing::FrameRecords;
using testing::ReadFile;
using testing::SourcePath;

// The golden inputs are framed as the daemon frames them (see FrameRecords).
TEST(PgauditFraming, JoinsTabContinuationsAndQuotedNewlines) {
  auto tabbed = FrameRecords("a\n\tb\n\tc\nd\n", Framing::kIndentedContinuation);
  ASSERT_EQ(tabbed.size(), 2u);
  EXPECT_EQ(tabbed[0].text, "a\n\tb\n\tc");
  EXPECT_EQ(tabbed[1].line, 4u);
  auto csv = FrameRecords("1,\"x\ny\"\"\nz\",2\n3,4\n", Framing::kCsvQuoted);
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[0].text, "1,\"x\ny\"\"\nz\",2");
  EXPECT_EQ(csv[1].text, "3,4");
}

struct GoldenCase {
  const char* input;   // relative to the source tree
  const char* golden;  // relative to the source tree
  const char* format;
  const char* log_line_prefix = "%m [%p] %q%u@%d ";
  int32_t utc_offset_seconds = 0;
};

// The `.golden.jsonl` rendering of the input file of `c`; adds its parse errors to `*errors`.
std::vector<std::string> ParseFile(const GoldenCase& c, size_t* errors) {
  ParserOptions options = testing::PgauditOptions(c.format, c.log_line_prefix);
  options.utc_offset_seconds = c.utc_offset_seconds;
  auto parser = testing::FactoryOrFail(MakeParserFactory(options))();
  return testing::RenderJsonl(*parser, ReadFile(SourcePath(c.input)), errors);
}

class PgauditGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(PgauditGolden, MatchesGoldenOutput) {
  const GoldenCase& c = GetParam();
  if (!std::filesystem::exists(SourcePath(c.input))) GTEST_SKIP() << c.input << " not present";
  size_t errors = 0;
  ExpectMatchesGolden(ParseFile(c, &errors), c.golden);
}

// Public samples (tests/data/pgaudit/README.md says where they come from).
INSTANTIATE_TEST_SUITE_P(
    PgauditSamples, PgauditGolden,
    ::testing::Values(
        GoldenCase{"tests/data/pgaudit/pg_stderr_pgaudit.log",
                   "tests/data/pgaudit/pg_stderr_pgaudit.golden.jsonl", "pgaudit-stderr",
                   "%m [%p] "},
        // The server ran in China (CST = UTC+8): the abbreviation falls back to the offset.
        GoldenCase{"tests/data/pgaudit/pg13_csvlog_pgaudit.csv",
                   "tests/data/pgaudit/pg13_csvlog_pgaudit.golden.jsonl", "pgaudit-csvlog", "",
                   8 * 3600},
        GoldenCase{"tests/data/pgaudit/pg14_csvlog_26col.csv",
                   "tests/data/pgaudit/pg14_csvlog_26col.golden.jsonl", "pgaudit-csvlog"},
        GoldenCase{"tests/data/pgaudit/pg15_jsonlog_pgaudit.jsonl",
                   "tests/data/pgaudit/pg15_jsonlog_pgaudit.golden.jsonl", "pgaudit-jsonlog"}));

// Real captures from PostgreSQL 15 + pgaudit 1.7 (tests/data/pgaudit_captured/README.md).
INSTANTIATE_TEST_SUITE_P(
    PgauditCaptured, PgauditGolden,
    ::testing::Values(
        GoldenCase{"tests/data/pgaudit_captured/stderr_debian_prefix.log",
                   "tests/data/pgaudit/captured_stderr_debian_prefix.golden.jsonl",
                   "pgaudit-stderr"},
        GoldenCase{"tests/data/pgaudit_captured/stderr_debian_prefix_log_rows.log",
                   "tests/data/pgaudit/captured_stderr_debian_prefix_log_rows.golden.jsonl",
                   "pgaudit-stderr"},
        GoldenCase{"tests/data/pgaudit_captured/stderr_app_prefix.log",
                   "tests/data/pgaudit/captured_stderr_app_prefix.golden.jsonl", "pgaudit-stderr",
                   "%m [%p] %q%u@%d/%a "},
        GoldenCase{"tests/data/pgaudit_captured/csvlog.csv",
                   "tests/data/pgaudit/captured_csvlog.golden.jsonl", "pgaudit-csvlog"},
        GoldenCase{"tests/data/pgaudit_captured/jsonlog.json",
                   "tests/data/pgaudit/captured_jsonlog.golden.jsonl", "pgaudit-jsonlog"},
        GoldenCase{"tests/data/pgaudit_captured/jsonlog_log_rows.json",
                   "tests/data/pgaudit/captured_jsonlog_log_rows.golden.jsonl",
                   "pgaudit-jsonlog"}));

// The captures are one workload written three ways, so they must yield the same events apart
// from times (each capture ran at its own time) and event ids (stderr has no session id). The
// default stderr prefix has no %h or %a, and stderr writes a denied statement on its own
// STATEMENT line, so those members are compared between csvlog and jsonlog only.
std::string Comparable(const std::vector<std::string>& jsonl, bool stderr_view) {
  auto erase_member = [](std::string& line, std::string_view key) {
    size_t at = line.find("\"" + std::string(key) + "\":");
    if (at == std::string::npos) return;
    size_t end = line.find("\",\"", at + key.size() + 3);
    line.erase(at, end + 2 - at);
  };
  std::string out;
  for (std::string line : jsonl) {
    erase_member(line, "ts");
    erase_member(line, "event_id");
    if (stderr_view) {
      erase_member(line, "client_ip");
      erase_member(line, "workstation");
      if (line.find("\"outcome\":\"failure\"") != std::string::npos) {
        erase_member(line, "patient");
        erase_member(line, "statement");
      }
    }
    out += line + "\n";
  }
  return out;
}

TEST(PgauditGoldenCaptured, DestinationsAgree) {
  const char* stderr_file = "tests/data/pgaudit_captured/stderr_debian_prefix.log";
  if (!std::filesystem::exists(SourcePath(stderr_file))) GTEST_SKIP() << "no captures";
  size_t errors = 0;
  std::vector<std::string> from_stderr = ParseFile({stderr_file, "", "pgaudit-stderr"}, &errors);
  std::vector<std::string> from_csv =
      ParseFile({"tests/data/pgaudit_captured/csvlog.csv", "", "pgaudit-csvlog"}, &errors);
  std::vector<std::string> from_json =
      ParseFile({"tests/data/pgaudit_captured/jsonlog.json", "", "pgaudit-jsonlog"}, &errors);
  EXPECT_EQ(errors, 0u);
  EXPECT_EQ(Comparable(from_csv, false), Comparable(from_json, false));
  EXPECT_EQ(Comparable(from_stderr, true), Comparable(from_csv, true));
}

// pgaudit's own regression output: every AUDIT entry of pgaudit 1.7.1, one per `----8<----`.
TEST(PgauditGoldenMessages, UpstreamRegressionEntries) {
  std::string text = ReadFile(SourcePath("tests/data/pgaudit/pgaudit_1.7.1_audit_messages.txt"));
  ParserOptions options = testing::PgauditOptions();
  auto patients = PatientExtractor::Compile(options.patient_pattern);
  ASSERT_TRUE(patients.ok());
  PgauditMessageParser parser(options, *patients);
  std::vector<std::string> out;
  Event event;
  size_t entries = 0;
  size_t start = 0;
  size_t line = 1;
  constexpr std::string_view kCut = "----8<----\n";
  while (start < text.size()) {
    size_t cut = text.find(kCut, start);
    std::string_view entry = std::string_view(text).substr(start, cut - start);
    if (!entry.empty() && entry.back() == '\n') entry.remove_suffix(1);
    size_t sep = entry.find(":  ");
    ASSERT_NE(sep, std::string_view::npos) << "entry at line " << line;
    PgLogContext context;
    context.severity = entry.substr(0, sep);
    context.backend = "regress";
    event.Clear();
    ParseOutcome outcome = parser.Parse(entry.substr(sep + 3), context, event);
    EXPECT_EQ(outcome.code, ParseCode::kEvent)
        << "entry at line " << line << ": " << outcome.reason;
    testing::AddJsonlLine(outcome, event, line, out);
    ++entries;
    for (char c : entry) line += c == '\n';
    line += 2;
    start = cut == std::string::npos ? text.size() : cut + kCut.size();
  }
  EXPECT_EQ(entries, 416u);
  ExpectMatchesGolden(out, "tests/data/pgaudit/pgaudit_1.7.1_audit_messages.golden.jsonl");
}

}  // namespace
}  // namespace phi
