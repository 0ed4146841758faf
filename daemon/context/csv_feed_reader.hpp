// Reads one context feed: a CSV file whose header row names the columns (any order, extra
// columns ignored), in big chunks, cut into records by RecordFramer (quoted fields may hold
// commas and newlines) and split by CsvFieldSplitter. Malformed rows are reported as
// "file:line: column: reason" into a ContextLoadReport and skipped; the caller reports the rows
// whose values it rejects the same way, through SkipRow().
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/parse/csv_fields.hpp"
#include "collectors/tail/record_framer.hpp"
#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/context/context_loader.hpp"

namespace phi {

struct FeedColumn {
  std::string_view name;  // as in the header row (compared case-insensitively, trimmed)
  bool required = false;
};

class CsvFeedReader {
 public:
  // Opens `path` and reads its header row. An unreadable file, an empty file or a missing
  // required column is an error naming the file (and the column).
  static Result<std::unique_ptr<CsvFeedReader>> Open(const std::string& path,
                                                     std::span<const FeedColumn> columns,
                                                     ContextLoadReport& report);
  ~CsvFeedReader();
  CsvFeedReader(const CsvFeedReader&) = delete;
  CsvFeedReader& operator=(const CsvFeedReader&) = delete;

  // Moves to the next well-formed data row; false at the end of the file or on a read error
  // (then status() says why). Blank lines are skipped silently.
  bool Next();
  const Status& status() const { return status_; }

  // The trimmed cell of the i-th requested column in the current row; "" when the file has
  // no such column. Valid until the next Next().
  std::string_view cell(size_t column) const {
    int field = field_of_column_[column];
    return field < 0 ? std::string_view() : cells_[static_cast<size_t>(field)];
  }
  bool has_column(size_t column) const { return field_of_column_[column] >= 0; }
  uint64_t line() const { return line_; }
  uint64_t file_size() const { return file_size_; }
  uint64_t bytes_read() const { return framer_.consumed_offset(); }  // through the current row

  // Reports the current row as skipped: "path:line: column: reason".
  void SkipRow(std::string_view column, std::string_view reason);
  // Adds a warning that is not about one row (not counted as a skipped row).
  void Warn(std::string message);

  // Cell parsers. Empty cells are "unknown": kNoTime / false. They return false on bad input.
  static bool ParseDate(std::string_view cell, TimeMicros& out);
  static bool ParseBool(std::string_view cell, bool& out);

 private:
  CsvFeedReader(std::string path, ContextLoadReport& report);
  bool ReadHeader(std::span<const FeedColumn> columns, Status& error);
  // Next framed record, reading more of the file when needed; false at the end or on error.
  bool NextRecord(FramedRecord& record);

  std::string path_;
  ContextLoadReport& report_;
  int fd_ = -1;
  uint64_t file_size_ = 0;
  bool eof_ = false;
  std::string chunk_;
  RecordFramer framer_;
  CsvFieldSplitter splitter_;
  size_t header_fields_ = 0;
  std::vector<int> field_of_column_;  // requested column -> field in the row, or -1
  std::vector<std::string_view> cells_;
  uint64_t line_ = 0;
  Status status_;
};

}  // namespace phi
