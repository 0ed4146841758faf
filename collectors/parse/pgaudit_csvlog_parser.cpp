#include "collectors/parse/pgaudit_csvlog_parser.hpp"

#include "collectors/parse/csv_fields.hpp"
#include "collectors/parse/pgaudit_log_fields.hpp"
#include "collectors/parse/pgaudit_message.hpp"

namespace phi {
namespace {

// csvlog's columns (PostgreSQL's csvlog.c); the later ones are absent in older versions.
enum Column : size_t {
  kLogTime = 0,
  kUserName = 1,
  kDatabaseName = 2,
  kProcessId = 3,
  kConnectionFrom = 4,
  kSessionId = 5,
  kSessionLineNum = 6,
  kErrorSeverity = 11,
  kSqlStateCode = 12,
  kMessage = 13,
  kQuery = 19,
  kApplicationName = 22,
  kMinColumns = 23,  // PostgreSQL 12 and older: ends at application_name
};

constexpr std::string_view kAuditTag = "AUDIT: ";

// Byte offset where column `index` starts in `record` (error reports only).
size_t ColumnStart(std::string_view record, size_t index) {
  bool quoted = false;
  size_t column = 0;
  for (size_t i = 0; i < record.size(); ++i) {
    if (column == index) return i;
    if (record[i] == '"') quoted = !quoted;
    if (record[i] == ',' && !quoted) ++column;
  }
  return record.size();
}

class PgauditCsvlogParser : public RecordParser {
 public:
  PgauditCsvlogParser(const ParserOptions& options,
                      std::shared_ptr<const PatientExtractor> patients)
      : fallback_offset_seconds_(options.utc_offset_seconds),
        messages_(options, std::move(patients)) {}

  Framing framing() const override { return Framing::kCsvQuoted; }

  ParseOutcome Parse(std::string_view record, Event& event) override {
    return ParseRecord(record, false, event);
  }

  // A row cut inside its message (a statement of many kilobytes): the columns up to the
  // message are there; the query and application name after it are lost.
  ParseOutcome ParseCut(std::string_view record, Event& event) override {
    return ParseRecord(record, true, event);
  }

 private:
  static std::string_view Column(const std::vector<std::string_view>& f, size_t index) {
    return index < f.size() ? f[index] : std::string_view();
  }

  ParseOutcome ParseRecord(std::string_view record, bool cut, Event& event) {
    if (record.find_first_not_of(" \t\r\n") == std::string_view::npos) return ParseOutcome::Skip();
    size_t error_column = 0;
    if (!fields_.Split(record, &error_column, cut)) {
      return ParseOutcome::Error("csvlog row: unterminated or stray quote", error_column);
    }
    const auto& f = fields_.fields();
    if (cut && f.size() <= kMessage) {
      return ParseOutcome::Error("csvlog row cut before its message", record.size());
    }
    if (!cut && f.size() < kMinColumns) {
      return ParseOutcome::Error(
          "csvlog row has " + std::to_string(f.size()) +
              " columns, expected at least 23 (PostgreSQL 12: 23, 13: 24, 14+: 26)",
          record.size());
    }
    std::string_view severity = f[kErrorSeverity];
    std::string_view message = f[kMessage];
    if (message.substr(0, kAuditTag.size()) != kAuditTag && severity != "ERROR") {
      return ParseOutcome::Skip();
    }
    PgLogContext context;
    context.severity = severity;
    context.sql_state = f[kSqlStateCode];
    context.backend = f[kSessionId].empty() ? f[kProcessId] : f[kSessionId];
    context.line_number = f[kSessionLineNum];
    context.statement = Column(f, kQuery);
    context.database = f[kDatabaseName];
    context.cut = cut && f.size() == kMessage + 1;  // the message itself was cut
    ParseOutcome outcome = messages_.Parse(message, context, event);
    if (outcome.code == ParseCode::kError) {
      outcome.column += ColumnStart(record, kMessage);
      outcome.user.assign(f[kUserName]);
      return outcome;
    }
    if (outcome.code != ParseCode::kEvent) return outcome;

    auto ts = ParsePgTimestamp(f[kLogTime], fallback_offset_seconds_);
    if (!ts) {
      return ParseOutcome::Error("log_time is not a time stamp like '2023-02-03 20:29:44.139 GMT'",
                                 0);
    }
    event.ts = *ts;
    event.user.assign(f[kUserName]);
    event.client_ip.assign(PgClientHostFromConnection(f[kConnectionFrom]));
    event.workstation.assign(Column(f, kApplicationName));
    return outcome;
  }

  int32_t fallback_offset_seconds_;
  CsvFieldSplitter fields_;
  PgauditMessageParser messages_;
};

}  // namespace

Result<ParserFactory> MakePgauditCsvlogParser(const ParserOptions& options) {
  auto patients = PatientExtractor::Compile(options.patient_pattern);
  if (!patients.ok()) return patients.status();
  return ParserFactory([options, patients = *patients] {
    return std::unique_ptr<RecordParser>(new PgauditCsvlogParser(options, patients));
  });
}

}  // namespace phi
