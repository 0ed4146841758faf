#include "daemon/context/csv_feed_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/common/trusted_file.hpp"

namespace phi {

namespace {

constexpr size_t kChunkBytes = 4 << 20;
constexpr size_t kMaxRecordBytes = 1 << 20;
constexpr size_t kMaxWarnings = 100;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

CsvFeedReader::CsvFeedReader(std::string path, ContextLoadReport& report)
    : path_(std::move(path)), report_(report), framer_(Framing::kCsvQuoted, kMaxRecordBytes) {}

CsvFeedReader::~CsvFeedReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<CsvFeedReader>> CsvFeedReader::Open(const std::string& path,
                                                           std::span<const FeedColumn> columns,
                                                           ContextLoadReport& report) {
  if (path.empty()) return Status::Invalid("context feed path is not configured");
  std::unique_ptr<CsvFeedReader> reader(new CsvFeedReader(path, report));
  reader->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (reader->fd_ < 0) {
    int err = errno;
    std::string msg = path + ": cannot open: " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(std::move(msg)) : Status::IoError(std::move(msg));
  }
  struct stat st {};
  if (::fstat(reader->fd_, &st) != 0)
    return Status::IoError(path + ": cannot stat: " + std::strerror(errno));
  Status trusted = CheckTrustedFile(st, path, "context feed");
  if (!trusted.ok()) return trusted;
  reader->file_size_ = static_cast<uint64_t>(st.st_size);
  ::posix_fadvise(reader->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  Status error;
  if (!reader->ReadHeader(columns, error)) return error;
  return reader;
}

bool CsvFeedReader::NextRecord(FramedRecord& record) {
  while (true) {
    if (framer_.Next(record, eof_)) {
      if (!(record.unclosed_quote && eof_)) return true;
      // A quote still open at the end of the file: report it and read no further, as before.
      line_ = record.line;
      if (status_.ok()) SkipRow("row", "quoted field not closed before the end of the file");
      framer_.Reset(framer_.appended_offset(), line_);
      return false;
    }
    if (eof_) {
      if (framer_.buffered() > 0 && status_.ok()) {
        line_ = framer_.consumed_line();
        SkipRow("row", "quoted field not closed before the end of the file");
        framer_.Reset(framer_.appended_offset(), line_);
      }
      return false;
    }
    chunk_.resize(kChunkBytes);
    ssize_t n;
    do {
      n = ::read(fd_, chunk_.data(), chunk_.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      status_ = Status::IoError(path_ + ": read failed: " + std::strerror(errno));
      eof_ = true;
      return false;
    }
    if (n == 0) {
      eof_ = true;
      // A last record without a final line break is complete all the same.
      if (framer_.buffered() > 0) framer_.Append("\n");
      continue;
    }
    framer_.Append(std::string_view(chunk_.data(), static_cast<size_t>(n)));
  }
}

bool CsvFeedReader::ReadHeader(std::span<const FeedColumn> columns, Status& error) {
  FramedRecord record;
  std::string_view header;
  while (true) {
    if (!NextRecord(record)) {
      error =
          status_.ok() ? Status::Invalid(path_ + ": empty file, expected a header row") : status_;
      return false;
    }
    header = record.text;
    if (record.line == 1 && header.starts_with("\xEF\xBB\xBF")) header.remove_prefix(3);
    if (!Trim(header).empty()) break;
  }
  line_ = record.line;
  size_t error_column = 0;
  if (!splitter_.Split(header, &error_column)) {
    error = Status::Invalid(path_ + ":" + std::to_string(record.line) +
                            ": header: malformed CSV at byte " + std::to_string(error_column + 1));
    return false;
  }
  const std::vector<std::string_view>& names = splitter_.fields();
  header_fields_ = names.size();
  field_of_column_.assign(columns.size(), -1);
  for (size_t c = 0; c < columns.size(); ++c) {
    for (size_t f = 0; f < names.size(); ++f) {
      if (EqualsIgnoreCase(Trim(names[f]), columns[c].name)) {
        field_of_column_[c] = static_cast<int>(f);
        break;
      }
    }
    if (field_of_column_[c] < 0 && columns[c].required) {
      error = Status::Invalid(path_ + ":" + std::to_string(record.line) +
                              ": header: missing required column '" + std::string(columns[c].name) +
                              "'");
      return false;
    }
  }
  cells_.reserve(header_fields_);
  return true;
}

bool CsvFeedReader::Next() {
  FramedRecord record;
  while (NextRecord(record)) {
    line_ = record.line;
    if (record.oversized) {
      SkipRow("row", "longer than 1 MiB");
      continue;
    }
    if (Trim(record.text).empty()) continue;
    size_t error_column = 0;
    if (!splitter_.Split(record.text, &error_column)) {
      SkipRow("row", "malformed CSV quoting at byte " + std::to_string(error_column + 1));
      continue;
    }
    const std::vector<std::string_view>& fields = splitter_.fields();
    if (fields.size() != header_fields_) {
      SkipRow("row", "expected " + std::to_string(header_fields_) + " fields, found " +
                         std::to_string(fields.size()));
      continue;
    }
    cells_.clear();
    for (std::string_view f : fields) cells_.push_back(Trim(f));
    return true;
  }
  return false;
}

void CsvFeedReader::SkipRow(std::string_view column, std::string_view reason) {
  ++report_.skipped_rows;
  if (report_.warnings.size() >= kMaxWarnings) return;
  std::string w = path_;
  w += ':';
  w += std::to_string(line_);
  w += ": ";
  w += column;
  w += ": ";
  w += reason;
  report_.warnings.push_back(std::move(w));
}

void CsvFeedReader::Warn(std::string message) {
  if (report_.warnings.size() >= kMaxWarnings) return;
  report_.warnings.push_back(path_ + ": " + message);
}

bool CsvFeedReader::ParseDate(std::string_view cell, TimeMicros& out) {
  if (cell.empty()) {
    out = kNoTime;
    return true;
  }
  std::optional<TimeMicros> t = ParseIsoTime(cell);
  if (!t) return false;
  out = *t;
  return true;
}

bool CsvFeedReader::ParseBool(std::string_view cell, bool& out) {
  if (cell.empty()) {
    out = false;
    return true;
  }
  for (std::string_view yes : {"1", "true", "yes"}) {
    if (EqualsIgnoreCase(cell, yes)) {
      out = true;
      return true;
    }
  }
  for (std::string_view no : {"0", "false", "no"}) {
    if (EqualsIgnoreCase(cell, no)) {
      out = false;
      return true;
    }
  }
  return false;
}

}  // namespace phi
