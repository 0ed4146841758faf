#include "collectors/parse/pgaudit_stderr_parser.hpp"

#include <array>

#include "collectors/parse/pgaudit_line_prefix.hpp"
#include "collectors/parse/pgaudit_log_fields.hpp"
#include "collectors/parse/pgaudit_message.hpp"

namespace phi {
namespace {

// elog.c's severities as written to the log; the detail lines (STATEMENT, DETAIL, ...) too.
constexpr std::array<std::string_view, 19> kSeverities = {
    "LOG",    "ERROR",  "WARNING", "NOTICE", "INFO",    "FATAL",  "PANIC",
    "DEBUG",  "DEBUG1", "DEBUG2",  "DEBUG3", "DEBUG4",  "DEBUG5", "STATEMENT",
    "DETAIL", "HINT",   "CONTEXT", "QUERY",  "LOCATION"};
constexpr std::string_view kSeparator = ":  ";
constexpr std::string_view kAuditTag = "AUDIT: ";

// Finds "<SEVERITY>:  " in the first line; sets where the severity and the message start.
bool FindSeverity(std::string_view line, size_t& severity_begin, size_t& message_begin) {
  for (size_t colon = line.find(kSeparator); colon != std::string_view::npos;
       colon = line.find(kSeparator, colon + 1)) {
    for (std::string_view severity : kSeverities) {
      if (colon >= severity.size() &&
          line.substr(colon - severity.size(), severity.size()) == severity) {
        severity_begin = colon - severity.size();
        message_begin = colon + kSeparator.size();
        return true;
      }
    }
  }
  return false;
}

class PgauditStderrParser : public RecordParser {
 public:
  PgauditStderrParser(const ParserOptions& options, std::shared_ptr<const PgLogLinePrefix> prefix,
                      std::shared_ptr<const PatientExtractor> patients)
      : prefix_(std::move(prefix)), messages_(options, std::move(patients)) {}

  Framing framing() const override { return Framing::kIndentedContinuation; }

  ParseOutcome Parse(std::string_view record, Event& event) override {
    return ParseRecord(record, false, event);
  }

  ParseOutcome ParseCut(std::string_view record, Event& event) override {
    return ParseRecord(record, true, event);
  }

 private:
  ParseOutcome ParseRecord(std::string_view record, bool cut, Event& event) {
    if (record.find_first_not_of(" \t\r\n") == std::string_view::npos) return ParseOutcome::Skip();
    std::string_view first_line = record.substr(0, record.find('\n'));
    size_t severity_begin = 0;
    size_t message_begin = 0;
    if (!FindSeverity(first_line, severity_begin, message_begin)) {
      return ParseOutcome::Error("no severity such as 'LOG:  ' or 'ERROR:  ' after the prefix", 0);
    }
    PgPrefixFields fields;
    std::string reason;
    size_t column = 0;
    if (!prefix_->Match(record.substr(0, severity_begin), fields, reason, column)) {
      return ParseOutcome::Error(std::move(reason), column);
    }
    std::string_view severity =
        record.substr(severity_begin, message_begin - kSeparator.size() - severity_begin);
    std::string_view message = record.substr(message_begin);
    // Most lines are neither AUDIT entries nor errors: leave before unfolding anything.
    if (message.substr(0, kAuditTag.size()) != kAuditTag && severity != "ERROR") {
      return ParseOutcome::Skip();
    }
    message = Unfold(message);

    PgLogContext context;
    context.severity = severity;
    context.sql_state = fields.sql_state;
    context.backend = fields.session_id.empty() ? fields.pid : fields.session_id;
    context.line_number = fields.line_number;
    context.database = PgKnownValue(fields.database);
    context.cut = cut;
    ParseOutcome outcome = messages_.Parse(message, context, event);
    if (outcome.code == ParseCode::kError) {
      outcome.column += message_begin;
      outcome.user.assign(PgKnownValue(fields.user));
    }
    if (outcome.code != ParseCode::kEvent) return outcome;

    event.ts = fields.ts;
    event.user.assign(PgKnownValue(fields.user));
    event.client_ip.assign(fields.client_host);
    event.workstation.assign(PgKnownValue(fields.application));
    return outcome;
  }

  // Drops the TAB that the server puts at the start of each continuation line.
  std::string_view Unfold(std::string_view message) {
    if (message.find("\n\t") == std::string_view::npos) return message;
    unfolded_.clear();
    size_t start = 0;
    for (size_t nl = message.find('\n'); nl != std::string_view::npos;
         nl = message.find('\n', nl + 1)) {
      unfolded_.append(message.substr(start, nl + 1 - start));
      start = nl + 1;
      if (start < message.size() && message[start] == '\t') ++start;
    }
    unfolded_.append(message.substr(start));
    return unfolded_;
  }

  std::shared_ptr<const PgLogLinePrefix> prefix_;
  PgauditMessageParser messages_;
  std::string unfolded_;  // reused across records
};

}  // namespace

Result<ParserFactory> MakePgauditStderrParser(const ParserOptions& options) {
  auto prefix = PgLogLinePrefix::Compile(options.log_line_prefix, options.utc_offset_seconds);
  if (!prefix.ok()) return prefix.status();
  auto patients = PatientExtractor::Compile(options.patient_pattern);
  if (!patients.ok()) return patients.status();
  return ParserFactory([options, prefix = *prefix, patients = *patients] {
    return std::unique_ptr<RecordParser>(new PgauditStderrParser(options, prefix, patients));
  });
}

}  // namespace phi
