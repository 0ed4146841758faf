#include "collectors/tail/record_framer.hpp"

#include <algorithm>
#include <cstring>

#include "daemon/common/utf8_cut.hpp"

namespace phi {
namespace {

uint64_t CountLineBreaks(const char* begin, const char* end) {
  return static_cast<uint64_t>(std::count(begin, end, '\n'));
}

}  // namespace

RecordFramer::RecordFramer(Framing framing, size_t max_record_bytes, char delimiter)
    : framing_(framing), max_record_bytes_(max_record_bytes), delimiter_(delimiter) {}

void RecordFramer::Reset(uint64_t offset, uint64_t line) {
  buffer_.clear();
  start_ = scan_ = quote_start_ = 0;
  in_quotes_ = skipping_ = false;
  skipped_ = skipped_lines_ = 0;
  consumed_offset_ = offset;
  consumed_line_ = line;
}

void RecordFramer::Compact() {
  if (start_ == 0) return;
  buffer_.erase(0, start_);
  scan_ -= start_;
  quote_start_ = quote_start_ >= start_ ? quote_start_ - start_ : 0;
  start_ = 0;
}

void RecordFramer::Append(std::string_view bytes) {
  if (start_ > buffer_.size() / 2) Compact();
  buffer_.append(bytes);
}

RecordFramer::Scan RecordFramer::FindCsvEnd(bool flush, size_t& end) {
  // RFC 4180: a quote opens a quoted field only at the start of a field. Inside one, a quote
  // followed by a quote is a literal quote, followed by the delimiter or a line break it closes
  // the field, followed by anything else it is malformed. A stray quote in an unquoted field,
  // or a malformed close on the quote's own line, is left to the parser (a dead letter for that
  // row). A malformed close after a line break means the quote was a lone one: resynchronising
  // at the next line break would frame the quoted text as rows, so the caller falls back to
  // the quote's line instead.
  const char* data = buffer_.data();
  const size_t size = buffer_.size();
  auto crossed_line = [&](size_t i) {
    return std::memchr(data + quote_start_, '\n', i - quote_start_) != nullptr;
  };
  for (size_t i = scan_; i < size; ++i) {
    char c = data[i];
    if (in_quotes_) {
      if (c != '"') continue;
      if (i + 1 >= size) {
        scan_ = i;  // the next byte decides between a closing and a doubled quote
        return Scan::kMore;
      }
      char next = data[i + 1];
      if (next == '"') {
        ++i;
      } else if (next == delimiter_ || next == '\r' || next == '\n' || skipping_ ||
                 !crossed_line(i)) {
        in_quotes_ = false;
      } else {
        scan_ = i;
        return Scan::kUnclosedQuote;
      }
    } else if (c == '"') {
      bool field_start = i > start_ ? data[i - 1] == delimiter_ : !skipping_;
      if (field_start) {
        in_quotes_ = true;
        quote_start_ = i;
      }
    } else if (c == '\n') {
      scan_ = end = i;
      return Scan::kEnd;
    }
  }
  scan_ = size;
  // Nothing more is coming and the quote is still open past a line break: a lone quote.
  if (flush && in_quotes_ && !skipping_ && crossed_line(size)) return Scan::kUnclosedQuote;
  return Scan::kMore;
}

RecordFramer::Scan RecordFramer::FindRecordEnd(bool flush, size_t& end) {
  const char* data = buffer_.data();
  const size_t size = buffer_.size();
  switch (framing_) {
    case Framing::kLine: {
      const void* nl = std::memchr(data + scan_, '\n', size - scan_);
      if (nl == nullptr) {
        scan_ = size;
        return Scan::kMore;
      }
      scan_ = end = static_cast<size_t>(static_cast<const char*>(nl) - data);
      return Scan::kEnd;
    }
    case Framing::kCsvQuoted:
      return FindCsvEnd(flush, end);
    case Framing::kIndentedContinuation: {
      size_t i = scan_;
      while (true) {
        const void* nl = std::memchr(data + i, '\n', size - i);
        if (nl == nullptr) {
          scan_ = size;
          return Scan::kMore;
        }
        size_t pos = static_cast<size_t>(static_cast<const char*>(nl) - data);
        if (pos + 1 >= size) {
          scan_ = end = pos;  // the next byte decides; look again when it arrives
          return flush ? Scan::kEnd : Scan::kMore;
        }
        char next = data[pos + 1];
        if (next != '\t' && next != ' ') {
          scan_ = end = pos;
          return Scan::kEnd;
        }
        i = pos + 1;
      }
    }
  }
  return Scan::kMore;
}

void RecordFramer::Emit(size_t end, FramedRecord& record) {
  std::string_view text(buffer_.data() + start_, end - start_);
  record.offset = consumed_offset_;
  record.line = consumed_line_;
  record.oversized = text.size() > max_record_bytes_;
  consumed_line_ += 1 + CountLineBreaks(text.data(), text.data() + text.size());
  consumed_offset_ += text.size() + 1;
  start_ = scan_ = end + 1;
  in_quotes_ = false;
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (record.oversized) text = CutUtf8(text, max_record_bytes_);
  record.text = text;
}

bool RecordFramer::Next(FramedRecord& record, bool flush) {
  record.unclosed_quote = false;
  while (true) {
    if (scan_ < start_) scan_ = start_;
    size_t end = 0;
    Scan scan = FindRecordEnd(flush, end);
    if (skipping_) {
      if (scan == Scan::kMore) {
        // Discard what was scanned, keeping the last byte (a field starts after a delimiter).
        if (scan_ > start_ + 1) {
          size_t n = scan_ - 1 - start_;
          skipped_lines_ += CountLineBreaks(buffer_.data() + start_, buffer_.data() + start_ + n);
          skipped_ += n;
          start_ += n;
        }
        return false;
      }
      // Only now is the oversized record behind us: a checkpoint taken while skipping points
      // at its start, so a restart never parses the middle of it as a record.
      consumed_offset_ += skipped_ + (end + 1 - start_);
      consumed_line_ +=
          skipped_lines_ + CountLineBreaks(buffer_.data() + start_, buffer_.data() + end + 1);
      skipped_ = skipped_lines_ = 0;
      start_ = scan_ = end + 1;
      skipping_ = in_quotes_ = false;
      continue;
    }
    if (scan == Scan::kEnd) {
      Emit(end, record);
      record.unclosed_quote = false;
      return true;
    }
    if (scan == Scan::kUnclosedQuote) {
      // The record is the quote's line; everything after it is framed again from scratch.
      const char* nl = static_cast<const char*>(
          std::memchr(buffer_.data() + quote_start_, '\n', buffer_.size() - quote_start_));
      Emit(static_cast<size_t>(nl - buffer_.data()), record);
      record.unclosed_quote = true;
      return true;
    }
    bool quoted_lines =
        framing_ == Framing::kCsvQuoted && in_quotes_ &&
        std::memchr(buffer_.data() + quote_start_, '\n', buffer_.size() - quote_start_) != nullptr;
    size_t limit = framing_ == Framing::kCsvQuoted ? kQuotedBoundFactor * max_record_bytes_
                                                   : max_record_bytes_;
    if (buffered() <= limit) return false;
    if (quoted_lines) {
      // Past the bound without a valid close: take the quote as a lone one.
      const char* nl = static_cast<const char*>(
          std::memchr(buffer_.data() + quote_start_, '\n', buffer_.size() - quote_start_));
      Emit(static_cast<size_t>(nl - buffer_.data()), record);
      record.unclosed_quote = true;
      return true;
    }
    // Too long without an end: hand out the first max_record_bytes_ now and skip the rest up
    // to the true end of the record. A quote still open on this one line is a lone one too.
    record.text = CutUtf8(std::string_view(buffer_).substr(start_), max_record_bytes_);
    record.offset = consumed_offset_;
    record.line = consumed_line_;
    record.oversized = true;
    record.unclosed_quote = in_quotes_;
    in_quotes_ = false;
    skipping_ = true;
    return true;
  }
}

}  // namespace phi
