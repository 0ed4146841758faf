// A trivial parser for tailer tests: "<seconds> <text>" becomes an event with that time and
// `user` = text; "bad ..." is an error; "skip ..." is skipped. Keeps tailer tests independent
// of the real formats.
#pragma once

#include <charconv>
#include <memory>

#include "collectors/parse/parser_factory.hpp"

namespace phi::testing {

class TestLineParser : public RecordParser {
 public:
  ParseOutcome Parse(std::string_view record, Event& event) override {
    if (record.starts_with("bad")) return ParseOutcome::Error("test says bad", 0);
    if (record.starts_with("skip")) return ParseOutcome::Skip();
    size_t space = record.find(' ');
    int64_t secs = 0;
    auto r = std::from_chars(record.data(), record.data() + record.find(' '), secs);
    if (space == std::string_view::npos || r.ec != std::errc()) {
      return ParseOutcome::Error("expected '<seconds> <text>'", 0);
    }
    event.ts = secs * kMicrosPerSecond;
    event.user.assign(record.substr(space + 1));
    return ParseOutcome::Event();
  }
};

inline ParserFactory TestLineParserFactory() {
  return [] { return std::make_unique<TestLineParser>(); };
}

}  // namespace phi::testing
