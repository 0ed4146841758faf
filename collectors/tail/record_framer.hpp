// Cuts a file's byte stream into complete records according to the format's Framing: lines,
// CSV records whose quoted fields hold newlines, or lines with indented continuation lines.
// It never returns half a record; it remembers the file offset and line number of the end of
// the last record it returned, which is exactly the read position a checkpoint may store.
// It never resynchronises inside an open CSV quote: a record that cannot be framed (too long,
// or a quote that is never validly closed) is one record from its start to its true end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "collectors/parse/record_parser.hpp"

namespace phi {

struct FramedRecord {
  std::string_view text;   // without the final line break; valid until the next Append/Next
  uint64_t offset = 0;     // file offset of the record's first byte
  uint64_t line = 0;       // 1-based line number of its first line
  bool oversized = false;  // longer than the limit: `text` is cut (at a UTF-8 boundary)
  // kCsvQuoted: a quote opened in this record never closes validly (a lone `"`); the record
  // was taken to end at the first line break after that quote, and framing resumed after it.
  bool unclosed_quote = false;
};

class RecordFramer {
 public:
  // `delimiter` separates fields (kCsvQuoted only: a quote opens a field only after it).
  RecordFramer(Framing framing, size_t max_record_bytes, char delimiter = ',');

  // Forgets buffered bytes; the next appended byte is at `offset`, on line `line`.
  void Reset(uint64_t offset, uint64_t line);
  void Append(std::string_view bytes);

  // Returns the next complete record. With `flush`, nothing more is coming for now (idle or end
  // of input): an indented-continuation record that ends the buffer at a line break is complete,
  // and a CSV quote still open across a line break is a lone quote.
  bool Next(FramedRecord& record, bool flush);

  uint64_t consumed_offset() const { return consumed_offset_; }
  uint64_t consumed_line() const { return consumed_line_; }
  uint64_t appended_offset() const { return consumed_offset_ + skipped_ + buffer_.size() - start_; }
  size_t buffered() const { return buffer_.size() - start_; }

  // A CSV record still inside a quoted field is kept whole up to this many times
  // max_record_bytes, to find its true end or to fall back to the quote's line.
  static constexpr size_t kQuotedBoundFactor = 4;

 private:
  enum class Scan { kMore, kEnd, kUnclosedQuote };
  // Scans from scan_ for the end of the record starting at start_: kEnd sets `end` to the index
  // of the terminating '\n'; kUnclosedQuote: the quote at quote_start_ never closes validly.
  Scan FindRecordEnd(bool flush, size_t& end);
  Scan FindCsvEnd(bool flush, size_t& end);
  // Hands out [start_, end) (cut to the limit) and consumes it with its line break.
  void Emit(size_t end, FramedRecord& record);
  void Compact();

  Framing framing_;
  size_t max_record_bytes_;
  char delimiter_;
  std::string buffer_;
  size_t start_ = 0;            // first byte of the next record in buffer_ (while skipping: kept)
  size_t scan_ = 0;             // where the search for the record end resumes
  bool in_quotes_ = false;      // kCsvQuoted: scan_ is inside a quoted field
  size_t quote_start_ = 0;      // kCsvQuoted: index of the quote that opened that field
  bool skipping_ = false;       // discarding the rest of an oversized record up to its true end
  uint64_t skipped_ = 0;        // bytes of that record discarded so far (not yet consumed)
  uint64_t skipped_lines_ = 0;  // line breaks among them
  uint64_t consumed_offset_ = 0;
  uint64_t consumed_line_ = 1;
};

}  // namespace phi
