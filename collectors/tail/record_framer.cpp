#include "collectors/tail/record_framer.hpp"

#include <algorithm>
#include <cstring>

namespace phi {

RecordFramer::RecordFramer(Framing framing, size_t max_record_bytes, char delimiter)
    : framing_(framing), max_record_bytes_(max_record_bytes), delimiter_(delimiter) {}

void RecordFramer::Reset(uint64_t offset, uint64_t line) {
  buffer_.clear();
  start_ = scan_ = 0;
  in_quotes_ = skipping_ = false;
  skipped_ = 0;
  consumed_offset_ = offset;
  consumed_line_ = line;
}

void RecordFramer::Compact() {
  if (start_ == 0) return;
  buffer_.erase(0, start_);
  scan_ -= start_;
  start_ = 0;
}

void RecordFramer::Append(std::string_view bytes) {
  if (start_ > buffer_.size() / 2) Compact();
  buffer_.append(bytes);
}

size_t RecordFramer::FindRecordEnd(bool flush) {
  const char* data = buffer_.data();
  const size_t size = buffer_.size();
  switch (framing_) {
    case Framing::kLine: {
      const void* nl = std::memchr(data + scan_, '\n', size - scan_);
      if (nl == nullptr) {
        scan_ = size;
        return std::string::npos;
      }
      return static_cast<size_t>(static_cast<const char*>(nl) - data);
    }
    case Framing::kCsvQuoted: {
      // RFC 4180: a quote opens a quoted field only at the start of a field, and inside one a
      // doubled quote is a literal quote. A stray quote in an unquoted field is left to the
      // parser (a dead letter for that row), instead of swallowing the rows after it.
      for (size_t i = scan_; i < size; ++i) {
        char c = data[i];
        if (in_quotes_) {
          if (c != '"') continue;
          if (i + 1 >= size) {
            scan_ = i;  // the next byte decides between a closing and a doubled quote
            return std::string::npos;
          }
          if (data[i + 1] == '"') {
            ++i;
          } else {
            in_quotes_ = false;
          }
        } else if (c == '"') {
          in_quotes_ = i == start_ || data[i - 1] == delimiter_;
        } else if (c == '\n') {
          scan_ = i;
          return i;
        }
      }
      scan_ = size;
      return std::string::npos;
    }
    case Framing::kIndentedContinuation: {
      size_t i = scan_;
      while (true) {
        const void* nl = std::memchr(data + i, '\n', size - i);
        if (nl == nullptr) {
          scan_ = size;
          return std::string::npos;
        }
        size_t pos = static_cast<size_t>(static_cast<const char*>(nl) - data);
        if (pos + 1 >= size) {
          scan_ = pos;  // the next byte decides; look again when it arrives
          return flush ? pos : std::string::npos;
        }
        char next = data[pos + 1];
        if (next != '\t' && next != ' ') {
          scan_ = pos;
          return pos;
        }
        i = pos + 1;
      }
    }
  }
  return std::string::npos;
}

bool RecordFramer::Next(FramedRecord& record, bool flush) {
  while (true) {
    if (skipping_) {
      const void* nl = std::memchr(buffer_.data() + start_, '\n', buffer_.size() - start_);
      if (nl == nullptr) {
        skipped_ += buffer_.size() - start_;
        start_ = scan_ = buffer_.size();
        return false;
      }
      size_t end = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
      // Only now is the oversized record behind us: a checkpoint taken while skipping points
      // at its start, so a restart never parses the middle of it as a record.
      consumed_offset_ += skipped_ + (end - start_);
      skipped_ = 0;
      ++consumed_line_;
      start_ = scan_ = end;
      skipping_ = false;
      in_quotes_ = false;
    }
    if (scan_ < start_) scan_ = start_;
    size_t end = FindRecordEnd(flush);
    if (end == std::string::npos) {
      if (buffered() <= max_record_bytes_) return false;
      // Too long without an end: hand out the first max_record_bytes_ and skip the rest.
      record.text = std::string_view(buffer_).substr(start_, max_record_bytes_);
      record.offset = consumed_offset_;
      record.line = consumed_line_;
      record.oversized = true;
      skipped_ = buffered();
      start_ = scan_ = buffer_.size();
      skipping_ = true;
      return true;
    }
    std::string_view text(buffer_.data() + start_, end - start_);
    record.offset = consumed_offset_;
    record.line = consumed_line_;
    record.oversized = text.size() > max_record_bytes_;
    consumed_line_ += 1 + static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
    consumed_offset_ += text.size() + 1;
    start_ = scan_ = end + 1;
    in_quotes_ = false;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (record.oversized) text = text.substr(0, max_record_bytes_);
    record.text = text;
    return true;
  }
}

}  // namespace phi
