#include "collectors/parse/csv_export_parser.hpp"

#include "collectors/parse/csv_fields.hpp"
#include "collectors/parse/field_mapping_apply.hpp"
#include "collectors/parse/statement_limit.hpp"
#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr size_t kNoColumn = static_cast<size_t>(-1);

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The byte offset where field `index` starts in `record`, counting delimiters outside quotes.
// Only computed for error reports.
size_t FieldOffset(std::string_view record, char delimiter, size_t index) {
  bool quoted = false;
  size_t field = 0;
  for (size_t i = 0; i < record.size() && field < index; ++i) {
    if (record[i] == '"') quoted = !quoted;
    if (!quoted && record[i] == delimiter && ++field == index) return i + 1;
  }
  return index == 0 ? 0 : record.size();
}

std::string_view StripLineEnd(std::string_view record) {
  if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
  return record;
}

class CsvExportParser final : public RecordParser {
 public:
  CsvExportParser(std::shared_ptr<const CompiledFieldMapping> mapping, char delimiter,
                  size_t statement_max_bytes)
      : record_(std::move(mapping)),
        splitter_(delimiter),
        delimiter_(delimiter),
        statement_max_bytes_(statement_max_bytes) {}

  Framing framing() const override { return Framing::kCsvQuoted; }
  char field_delimiter() const override { return delimiter_; }
  bool wants_header() const override { return true; }

  ParseOutcome SetHeader(std::string_view record) override {
    header_ok_ = false;
    record = StripLineEnd(record);
    if (record.starts_with("\xEF\xBB\xBF")) record.remove_prefix(3);  // spreadsheet exports
    size_t error_column = 0;
    if (!splitter_.Split(record, &error_column)) {
      return ParseOutcome::Error("header row: malformed CSV quoting", error_column);
    }
    const auto& names = splitter_.fields();
    const CompiledFieldMapping& mapping = record_.mapping();

    rule_column_.assign(mapping.rule_count(), kNoColumn);
    for (size_t rule = 0; rule < mapping.rule_count(); ++rule) {
      const FieldRule& r = mapping.rule(rule);
      if (r.from.empty()) continue;  // a constant: its default applies
      for (size_t col = 0; col < names.size(); ++col) {
        if (TrimBlanks(names[col]) == r.from) {
          rule_column_[rule] = col;
          break;
        }
      }
      if (rule_column_[rule] == kNoColumn && r.default_value.empty()) {
        return ParseOutcome::Error("header row has no column '" + r.from + "' (mapped to " +
                                   std::string(EventFieldName(r.field)) + ")");
      }
    }
    // Unmapped columns keep their header name as the key in extra, escaped once here.
    extra_key_.assign(names.size(), std::string());
    if (mapping.keep_unmapped()) {
      for (size_t col = 0; col < names.size(); ++col) {
        if (!mapping.RulesFor(TrimBlanks(names[col])).empty()) continue;
        AppendJsonString(TrimBlanks(names[col]), extra_key_[col]);
        extra_key_[col] += ':';
      }
    }
    header_.assign(record);
    header_ok_ = true;
    return ParseOutcome::Skip();
  }

  ParseOutcome Parse(std::string_view record, Event& event) override {
    record = StripLineEnd(record);
    if (TrimBlanks(record).empty()) return ParseOutcome::Skip();
    if (!header_ok_) {
      return ParseOutcome::Error("no valid header row before this row (column names unknown)");
    }
    if (record == header_) return ParseOutcome::Skip();  // exports concatenated with headers
    size_t error_column = 0;
    if (!splitter_.Split(record, &error_column)) {
      return ParseOutcome::Error("malformed CSV quoting", error_column);
    }
    const auto& fields = splitter_.fields();
    const size_t width = extra_key_.size();  // the header's column count
    if (fields.size() != width) {
      size_t column =
          fields.size() > width ? FieldOffset(record, delimiter_, width) : record.size();
      return ParseOutcome::Error("row has " + std::to_string(fields.size()) +
                                     " fields, the header has " + std::to_string(width),
                                 column);
    }
    record_.Begin();
    for (size_t rule = 0; rule < rule_column_.size(); ++rule) {
      size_t col = rule_column_[rule];
      if (col == kNoColumn) continue;
      ParseOutcome outcome = record_.Set(rule, fields[col], event);
      if (outcome.code != ParseCode::kEvent) {
        outcome.column = FieldOffset(record, delimiter_, col);
        return outcome;
      }
    }
    for (size_t col = 0; col < fields.size(); ++col) {
      if (extra_key_[col].empty() || fields[col].empty()) continue;
      if (!event.extra.empty()) event.extra += ',';
      event.extra += extra_key_[col];
      AppendJsonString(fields[col], event.extra);
    }
    ParseOutcome finished = record_.Finish(event);  // a default may fill the statement
    LimitStatement(event.statement, statement_max_bytes_);
    return finished;
  }

 private:
  FieldMappingRecord record_;
  CsvFieldSplitter splitter_;
  char delimiter_;
  size_t statement_max_bytes_;
  bool header_ok_ = false;
  std::string header_;                  // the header row as read, to skip repeats of it
  std::vector<size_t> rule_column_;     // per mapping rule: its column, or kNoColumn
  std::vector<std::string> extra_key_;  // per header column: `"NAME":` if it goes to extra
};

}  // namespace

Result<ParserFactory> MakeCsvExportParser(const ParserOptions& options) {
  char d = options.csv_delimiter;
  if (d == '"' || d == '\n' || d == '\r' || d == '\0') {
    return Status::Invalid("csv: csv_delimiter cannot be a quote, a line break or NUL");
  }
  auto mapping = CompiledFieldMapping::Compile(options.mapping, options.utc_offset_seconds, "csv");
  if (!mapping.ok()) return mapping.status();
  std::shared_ptr<const CompiledFieldMapping> shared = mapping.value();
  size_t max = options.statement_max_bytes;
  return ParserFactory(
      [shared, d, max] { return std::make_unique<CsvExportParser>(shared, d, max); });
}

}  // namespace phi
