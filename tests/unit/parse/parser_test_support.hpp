// Helpers shared by the parser tests (tests/unit/parse/):
//  - options and parsers: FieldRule and pgaudit option builders, FactoryOrFail, ParseOne and the
//    RecordParserTest fixture (one parser per test, the event of the last record);
//  - framing: FrameRecords cuts an input with the daemon's own RecordFramer (collectors/tail), fed
//    the whole input and drained with flush, exactly as the tail collector frames a file;
//  - golden files: parse every framed record of an input and compare the rendering with a
//    reviewed file. Two renderings exist, one per golden-file style:
//      RenderAnnotated (the `.expected` files): one line per record: the event as phi-json,
//        `# skip`, `# header` or `# error at column N: reason`;
//      RenderJsonl (pgaudit's `.golden.jsonl` files): one line per record that is not skipped:
//        the event as phi-json or `{"parse_error":..,"line":..,"column":..}`.
//    PHI_UPDATE_GOLDEN=1 rewrites the golden files instead (review the diff before committing).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/parse/parser_factory.hpp"
#include "collectors/tail/file_source.hpp"
#include "collectors/tail/record_framer.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/event/event_json.hpp"
#include "tests/test_support.hpp"

namespace phi::testing {

// ---------------------------------------------------------------------------------------------
// Options and parsers

// The patient pattern of the pgaudit tests and golden files.
inline constexpr char kMrnPattern[] = R"(MRN\d{7})";

// A mapping rule: `field` from the key or column `from`.
inline FieldRule Rule(EventField field, std::string from) {
  FieldRule r;
  r.field = field;
  r.from = std::move(from);
  return r;
}

// Options for a pgaudit format (the AUDIT entry reader ignores format and prefix): patients
// found by kMrnPattern, the given log_line_prefix.
inline ParserOptions PgauditOptions(std::string format = "pgaudit-stderr",
                                    std::string log_line_prefix = "%m [%p] %q%u@%d ") {
  ParserOptions o;
  o.format = std::move(format);
  o.log_line_prefix = std::move(log_line_prefix);
  o.patient_pattern = kMrnPattern;
  return o;
}

// The factory in `made`; a bad status fails the test (and value() then throws).
inline ParserFactory FactoryOrFail(Result<ParserFactory> made) {
  EXPECT_TRUE(made.ok()) << made.status().message();
  return std::move(made.value());
}

struct Parsed {
  ParseOutcome outcome;
  Event event;
};

// Parses `record` with a fresh parser from `factory`.
inline Parsed ParseOne(const ParserFactory& factory, std::string_view record) {
  std::unique_ptr<RecordParser> parser = factory();
  Parsed p;
  p.outcome = parser->Parse(record, p.event);
  return p;
}

// Fixture: one parser for the whole test (call UseFactory in SetUp), and the event of the last
// Parse(), cleared before every record.
class RecordParserTest : public ::testing::Test {
 protected:
  void UseFactory(const Result<ParserFactory>& made) {
    ASSERT_TRUE(made.ok()) << made.status().message();
    parser_ = made.value()();
  }
  ParseOutcome Parse(std::string_view record) {
    event_.Clear();
    return parser_->Parse(record, event_);
  }

  std::unique_ptr<RecordParser> parser_;
  Event event_;
};

// ---------------------------------------------------------------------------------------------
// Framing

struct InputRecord {
  uint64_t line = 0;    // 1-based line where the record starts
  uint64_t offset = 0;  // byte offset of its first byte
  std::string text;     // as the framer hands it to the parser (no line break, no final CR)
};

// Cuts `data` into records with the daemon's RecordFramer: the whole input is appended, then
// drained with flush (end of input). A record longer than the daemon's default max_record_bytes
// (the daemon dead-letters it) or an input ending inside a record fails the test.
inline std::vector<InputRecord> FrameRecords(std::string_view data, Framing framing) {
  RecordFramer framer(framing, TailOptions().max_record_bytes);
  framer.Reset(0, 1);
  framer.Append(data);
  std::vector<InputRecord> records;
  FramedRecord record;
  while (framer.Next(record, /*flush=*/true)) {
    EXPECT_FALSE(record.oversized) << "record at line " << record.line << " is oversized";
    records.push_back({record.line, record.offset, std::string(record.text)});
  }
  EXPECT_EQ(framer.buffered(), 0u) << "the input ends inside a record (no final line break?)";
  return records;
}

// ---------------------------------------------------------------------------------------------
// Golden files

// What one record became. `header` is set for the record given to SetHeader.
struct RecordResult {
  const InputRecord& record;
  const ParseOutcome& outcome;
  const Event& event;
  bool header;
};

// Frames `data` for `parser` and parses every record into a cleared Event, the first one with
// SetHeader when the parser wants a header (as the tail collector does); calls visit(result)
// for each. No error reason may quote its record.
template <typename Visit>
void ParseRecords(RecordParser& parser, std::string_view data, Visit visit) {
  bool header_pending = parser.wants_header();
  Event event;
  for (const InputRecord& record : FrameRecords(data, parser.framing())) {
    event.Clear();
    bool header = header_pending;
    header_pending = false;
    ParseOutcome outcome =
        header ? parser.SetHeader(record.text) : parser.Parse(record.text, event);
    if (outcome.code == ParseCode::kError && record.text.size() > 8) {
      EXPECT_EQ(outcome.reason.find(record.text), std::string::npos)
          << "the reason quotes the record at line " << record.line;
    }
    visit(RecordResult{record, outcome, event, header});
  }
}

// The `.expected` style: one line per record.
inline std::vector<std::string> RenderAnnotated(RecordParser& parser, std::string_view data) {
  std::vector<std::string> lines;
  ParseRecords(parser, data, [&](const RecordResult& r) {
    std::string& out = lines.emplace_back();
    if (r.header && r.outcome.code != ParseCode::kError) {
      out = "# header";
      return;
    }
    switch (r.outcome.code) {
      case ParseCode::kEvent:
        AppendEventJson(r.event, {.provenance = false}, out);
        break;
      case ParseCode::kSkip:
        out = "# skip";
        break;
      case ParseCode::kError:
        out = "# error at column " + std::to_string(r.outcome.column) + ": " + r.outcome.reason;
        break;
    }
  });
  return lines;
}

// The `.golden.jsonl` style for one record that started at `line`: nothing for a skip.
inline void AddJsonlLine(const ParseOutcome& outcome, const Event& event, uint64_t line,
                         std::vector<std::string>& lines) {
  if (outcome.code == ParseCode::kSkip) return;
  std::string& out = lines.emplace_back();
  if (outcome.code == ParseCode::kEvent) {
    AppendEventJson(event, {.provenance = false}, out);
    return;
  }
  bool first = true;
  out += '{';
  AppendJsonMember("parse_error", outcome.reason, first, out);
  AppendJsonMember("line", static_cast<int64_t>(line), first, out);
  AppendJsonMember("column", static_cast<int64_t>(outcome.column), first, out);
  out += '}';
}

// The `.golden.jsonl` style for a whole input. Adds the number of records that did not parse to
// `*errors` when given.
inline std::vector<std::string> RenderJsonl(RecordParser& parser, std::string_view data,
                                            size_t* errors = nullptr) {
  std::vector<std::string> lines;
  ParseRecords(parser, data, [&](const RecordResult& r) {
    if (errors != nullptr && r.outcome.code == ParseCode::kError) ++*errors;
    AddJsonlLine(r.outcome, r.event, r.record.line, lines);
  });
  return lines;
}

inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool UpdatingGolden() {
  const char* update = std::getenv("PHI_UPDATE_GOLDEN");
  return update != nullptr && std::string_view(update) == "1";
}

// Compares `actual` with the golden file `golden` (relative to the source tree) line by line:
// the number of lines and every line. With PHI_UPDATE_GOLDEN=1 it writes the file instead.
inline void ExpectMatchesGolden(const std::vector<std::string>& actual, const std::string& golden) {
  std::filesystem::path path = SourcePath(golden);
  if (UpdatingGolden()) {
    std::string text;
    for (const std::string& line : actual) text += line + "\n";
    WriteFile(path, text);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " missing; run with PHI_UPDATE_GOLDEN=1";
  std::vector<std::string> wanted = SplitLines(ReadFile(path));
  EXPECT_EQ(actual.size(), wanted.size()) << "output lines vs lines in " << golden;
  for (size_t i = 0; i < std::min(actual.size(), wanted.size()); ++i) {
    EXPECT_EQ(actual[i], wanted[i]) << golden << " line " << (i + 1);
  }
}

// Parses `input` (text) with a new parser from `factory` and compares RenderAnnotated with the
// `.expected` file `expected` (relative to the source tree).
inline void ExpectGoldenText(const ParserFactory& factory, std::string_view input,
                             const std::string& expected) {
  std::unique_ptr<RecordParser> parser = factory();
  ExpectMatchesGolden(RenderAnnotated(*parser, input), expected);
}

// The same for an input file (relative to the source tree).
inline void ExpectGolden(const ParserFactory& factory, const std::string& input,
                         const std::string& expected) {
  ExpectGoldenText(factory, ReadFile(SourcePath(input)), expected);
}

}  // namespace phi::testing
