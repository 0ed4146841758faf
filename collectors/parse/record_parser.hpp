// The interface every log format implements: turn one framed record (one line, or several lines
// for formats whose records span lines) into an Event. One parser instance serves one file, so
// formats with a header row keep it per file. Parsers never throw and never log: a record that
// does not parse comes back as an error with a reason and the column where parsing stopped.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "daemon/event/event.hpp"

namespace phi {

// How records are cut out of a byte stream; decided by the format.
enum class Framing {
  kLine,       // one record per line
  kCsvQuoted,  // one record per line, except inside double quotes (CSV with quoted newlines)
  kIndentedContinuation,  // a line starting with TAB or space continues the previous record
};

enum class ParseCode {
  kEvent,  // `event` holds a new event
  kSkip,   // the record is valid but carries no audit event (a server's other log lines)
  kError,  // the record is malformed; `reason` says why
};

struct ParseOutcome {
  ParseCode code = ParseCode::kEvent;
  std::string reason;  // kError only: what was expected; never contains the record text
  size_t column = 0;   // kError only: byte offset inside the record where parsing failed
  // kError only: the user the record names, when the part before the error says (the log
  // prefix of a pgaudit line whose AUDIT message is malformed); empty when unknown.
  std::string user;

  static ParseOutcome Event() { return {}; }
  static ParseOutcome Skip() { return {ParseCode::kSkip, {}, 0, {}}; }
  static ParseOutcome Error(std::string reason, size_t column = 0) {
    return {ParseCode::kError, std::move(reason), column, {}};
  }
};

class RecordParser {
 public:
  virtual ~RecordParser() = default;

  virtual Framing framing() const { return Framing::kLine; }
  // The field delimiter, for framings that must know where fields start (kCsvQuoted).
  virtual char field_delimiter() const { return ','; }

  // Formats whose first record is a header row (CSV exports) return true; the collector then
  // passes that record to SetHeader() (also when it resumes in the middle of a file).
  virtual bool wants_header() const { return false; }
  virtual ParseOutcome SetHeader(std::string_view /*record*/) { return ParseOutcome::Skip(); }

  // REQUIRES: `event` was cleared by the caller. `record` has no trailing line break.
  virtual ParseOutcome Parse(std::string_view record, Event& event) = 0;

  // The start of a record longer than the source's max_record_bytes (cut at a UTF-8 boundary).
  // Formats that can read an event from a record's start override this (the caller marks the
  // event truncated); the others leave such records dead letters.
  virtual ParseOutcome ParseCut(std::string_view /*record*/, Event& /*event*/) {
    return ParseOutcome::Error("this format cannot read a record cut at max_record_bytes", 0);
  }
};

}  // namespace phi
