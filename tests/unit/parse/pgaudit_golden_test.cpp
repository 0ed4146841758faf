// Golden tests for the three pgaudit formats and the AUDIT entry reader: each input under
// tests/data/pgaudit/ (public samples) or tests/data/pgaudit_captured/ (real captures) is framed
// as the collector frames it, parsed, and compared with its `.golden.jsonl` beside it.
// Regenerate with PHI_UPDATE_GOLDEN=1 and review the diff by eye before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "collectors/parse/parser_factory.hpp"
#include "collectors/parse/pgaudit_message.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/event/event_json.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using phi::testing::ReadFile;
using phi::testing::SourcePath;

struct FramedRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::string text;
};

// Test-only stand-in for the tail collector's framing: cuts `text` into records per `framing`.
std::vector<FramedRecord> FrameRecords(std::string_view text, Framing framing) {
  std::vector<FramedRecord> records;
  bool quote_open = false;  // kCsvQuoted: the previous line ended inside a quoted field
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_number;
    bool continues = false;
    if (framing == Framing::kIndentedContinuation) {
      continues = !records.empty() && !line.empty() && (line[0] == '\t' || line[0] == ' ');
    } else if (framing == Framing::kCsvQuoted) {
      continues = quote_open;
    }
    if (continues) {
      records.back().text += '\n';
      records.back().text.append(line);
    } else {
      records.push_back({line_number, std::string(line)});
    }
    if (framing == Framing::kCsvQuoted) {
      for (char c : line) {
        if (c == '"') quote_open = !quote_open;
      }
    }
  }
  return records;
}

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

bool UpdateGolden() {
  return std::getenv("PHI_UPDATE_GOLDEN") != nullptr;
}

// Appends what one record produced: its event as phi-json, or its error; nothing for a skip.
void AppendOutcome(const ParseOutcome& outcome, const Event& event, size_t line, std::string& out) {
  if (outcome.code == ParseCode::kSkip) return;
  if (outcome.code == ParseCode::kEvent) {
    AppendEventJson(event, {.provenance = false}, out);
  } else {
    bool first = true;
    out += '{';
    AppendJsonMember("parse_error", outcome.reason, first, out);
    AppendJsonMember("line", static_cast<int64_t>(line), first, out);
    AppendJsonMember("column", static_cast<int64_t>(outcome.column), first, out);
    out += '}';
  }
  out += '\n';
}

void CompareWithGolden(const std::string& actual, const std::filesystem::path& golden) {
  if (UpdateGolden()) {
    phi::testing::WriteFile(golden, actual);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden))
      << golden << " missing; run with PHI_UPDATE_GOLDEN=1";
  std::string expected = ReadFile(golden);
  // Compare line by line so a failure names the first record that differs.
  size_t line = 1;
  size_t a = 0;
  size_t e = 0;
  while (a < actual.size() || e < expected.size()) {
    size_t a_end = actual.find('\n', a);
    size_t e_end = expected.find('\n', e);
    std::string_view a_line = std::string_view(actual).substr(a, a_end - a);
    std::string_view e_line = std::string_view(expected).substr(e, e_end - e);
    ASSERT_EQ(a_line, e_line) << golden.filename() << " output line " << line;
    a = a_end == std::string::npos ? actual.size() : a_end + 1;
    e = e_end == std::string::npos ? expected.size() : e_end + 1;
    ++line;
  }
}

struct GoldenCase {
  const char* input;   // relative to the source tree
  const char* golden;  // relative to the source tree
  const char* format;
  const char* log_line_prefix = "%m [%p] %q%u@%d ";
  int32_t utc_offset_seconds = 0;
};

std::string ParseFile(const GoldenCase& c, size_t* errors) {
  ParserOptions options;
  options.format = c.format;
  options.log_line_prefix = c.log_line_prefix;
  options.patient_pattern = R"(MRN\d{7})";
  options.utc_offset_seconds = c.utc_offset_seconds;
  auto factory = MakeParserFactory(options);
  EXPECT_TRUE(factory.ok()) << factory.status().message();
  if (!factory.ok()) return {};
  auto parser = (*factory)();
  std::string out;
  Event event;
  for (const auto& record : FrameRecords(ReadFile(SourcePath(c.input)), parser->framing())) {
    event.Clear();
    ParseOutcome outcome = parser->Parse(record.text, event);
    if (outcome.code == ParseCode::kError) {
      ++*errors;
      if (record.text.size() > 8) {
        EXPECT_EQ(outcome.reason.find(record.text), std::string::npos);
      }
    }
    AppendOutcome(outcome, event, record.line, out);
  }
  return out;
}

class PgauditGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(PgauditGolden, MatchesGoldenOutput) {
  const GoldenCase& c = GetParam();
  if (!std::filesystem::exists(SourcePath(c.input))) GTEST_SKIP() << c.input << " not present";
  size_t errors = 0;
  std::string out = ParseFile(c, &errors);
  CompareWithGolden(out, SourcePath(c.golden));
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
std::string Comparable(const std::string& jsonl, bool stderr_view) {
  auto erase_member = [](std::string& line, std::string_view key) {
    size_t at = line.find("\"" + std::string(key) + "\":");
    if (at == std::string::npos) return;
    size_t end = line.find("\",\"", at + key.size() + 3);
    line.erase(at, end + 2 - at);
  };
  std::string out;
  size_t pos = 0;
  while (pos < jsonl.size()) {
    size_t end = jsonl.find('\n', pos);
    std::string line = jsonl.substr(pos, end - pos);
    pos = end + 1;
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
  std::string from_stderr = ParseFile({stderr_file, "", "pgaudit-stderr"}, &errors);
  std::string from_csv =
      ParseFile({"tests/data/pgaudit_captured/csvlog.csv", "", "pgaudit-csvlog"}, &errors);
  std::string from_json =
      ParseFile({"tests/data/pgaudit_captured/jsonlog.json", "", "pgaudit-jsonlog"}, &errors);
  EXPECT_EQ(errors, 0u);
  EXPECT_EQ(Comparable(from_csv, false), Comparable(from_json, false));
  EXPECT_EQ(Comparable(from_stderr, true), Comparable(from_csv, true));
}

// pgaudit's own regression output: every AUDIT entry of pgaudit 1.7.1, one per `----8<----`.
TEST(PgauditGoldenMessages, UpstreamRegressionEntries) {
  std::string text = ReadFile(SourcePath("tests/data/pgaudit/pgaudit_1.7.1_audit_messages.txt"));
  ParserOptions options;
  options.patient_pattern = R"(MRN\d{7})";
  auto patients = PatientExtractor::Compile(options.patient_pattern);
  ASSERT_TRUE(patients.ok());
  PgauditMessageParser parser(options, *patients);
  std::string out;
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
    AppendOutcome(outcome, event, line, out);
    ++entries;
    for (char c : entry) line += c == '\n';
    line += 2;
    start = cut == std::string::npos ? text.size() : cut + kCut.size();
  }
  EXPECT_EQ(entries, 416u);
  CompareWithGolden(out,
                    SourcePath("tests/data/pgaudit/pgaudit_1.7.1_audit_messages.golden.jsonl"));
}

}  // namespace
}  // namespace phi
