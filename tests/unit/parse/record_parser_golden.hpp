// Golden-file checks for record parsers: frame an input file the way the collector would, parse
// every record with a fresh parser, and render the outcome per record (phi-json for events,
// `# skip`, `# header`, `# error at column N: reason`) to compare with a reviewed .expected file.
// PHI_UPDATE_GOLDEN=1 rewrites the .expected files instead (review the diff before committing).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse/parser_factory.hpp"
#include "daemon/event/event_json.hpp"
#include "tests/test_support.hpp"

namespace phi::testing {

// Cuts `data` into records: at line breaks, and for kCsvQuoted not inside double quotes. The
// line break is not part of the record (a CR before it is, as the collector leaves it).
inline std::vector<std::string_view> FrameRecords(std::string_view data, Framing framing) {
  std::vector<std::string_view> records;
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (framing == Framing::kCsvQuoted && c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      records.push_back(data.substr(start, i - start));
      start = i + 1;
    }
  }
  if (start < data.size()) records.push_back(data.substr(start));
  return records;
}

inline std::string RenderOutcome(const ParseOutcome& outcome, const Event& event) {
  std::string out;
  switch (outcome.code) {
    case ParseCode::kEvent:
      AppendEventJson(event, {.provenance = false}, out);
      break;
    case ParseCode::kSkip:
      out = "# skip";
      break;
    case ParseCode::kError:
      out = "# error at column " + std::to_string(outcome.column) + ": " + outcome.reason;
      break;
  }
  return out;
}

// One rendered line per record of `data`.
inline std::vector<std::string> RenderParse(RecordParser& parser, std::string_view data) {
  std::vector<std::string> lines;
  bool header_done = !parser.wants_header();
  for (std::string_view record : FrameRecords(data, parser.framing())) {
    Event event;
    if (!header_done) {
      header_done = true;
      ParseOutcome outcome = parser.SetHeader(record);
      lines.push_back(outcome.code == ParseCode::kError ? RenderOutcome(outcome, event)
                                                        : std::string("# header"));
      continue;
    }
    lines.push_back(RenderOutcome(parser.Parse(record, event), event));
  }
  return lines;
}

inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Parses `input` (text) with a new parser from `factory` and compares with the file `expected`
// (relative to the source tree).
inline void ExpectGoldenText(const ParserFactory& factory, std::string_view input,
                             const std::string& expected) {
  std::unique_ptr<RecordParser> parser = factory();
  std::vector<std::string> actual = RenderParse(*parser, input);
  std::filesystem::path expected_path = SourcePath(expected);
  const char* update = std::getenv("PHI_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::string text;
    for (const std::string& line : actual) text += line + "\n";
    WriteFile(expected_path, text);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(expected_path)) << expected_path;
  std::vector<std::string> wanted = SplitLines(ReadFile(expected_path));
  EXPECT_EQ(actual.size(), wanted.size()) << "records in the input vs lines in " << expected;
  for (size_t i = 0; i < std::min(actual.size(), wanted.size()); ++i) {
    EXPECT_EQ(actual[i], wanted[i]) << expected << " line " << (i + 1);
  }
}

// The same for an input file (relative to the source tree).
inline void ExpectGolden(const ParserFactory& factory, const std::string& input,
                         const std::string& expected) {
  ExpectGoldenText(factory, ReadFile(SourcePath(input)), expected);
}

}  // namespace phi::testing
