#include "collectors/parse/pgaudit_jsonlog_parser.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "collectors/parse/pgaudit_log_fields.hpp"
#include "collectors/parse/pgaudit_message.hpp"

namespace phi {
namespace {

constexpr std::string_view kAuditTag = "AUDIT: ";

// The keys we read from one jsonlog object; views into the simdjson parser's buffers.
struct JsonlogRecord {
  std::string_view timestamp, user, dbname, remote_host, session_id, error_severity, state_code,
      message, statement, application_name, pid, line_num;
};

class PgauditJsonlogParser : public RecordParser {
 public:
  PgauditJsonlogParser(const ParserOptions& options,
                       std::shared_ptr<const PatientExtractor> patients)
      : fallback_offset_seconds_(options.utc_offset_seconds),
        messages_(options, std::move(patients)) {}

  ParseOutcome Parse(std::string_view record, Event& event) override {
    return ParseRecord(record, false, event);
  }

  // A record cut inside its message (PostgreSQL writes the message after the fixed fields):
  // the object is closed where the cut fell, and read with the message it has.
  ParseOutcome ParseCut(std::string_view record, Event& event) override {
    constexpr std::string_view kMessageKey = "\"message\":\"";
    const size_t key = record.find(kMessageKey);
    if (key == std::string_view::npos) {
      return ParseOutcome::Error("jsonlog record cut before its message", record.size());
    }
    const size_t begin = key + kMessageKey.size();
    closed_.assign(record.substr(0, begin));
    std::string_view body = record.substr(begin);
    size_t i = 0;
    while (i < body.size() && body[i] != '"') i += body[i] == '\\' ? 2 : 1;
    const bool message_whole = i < body.size();  // then the cut lies in a later field
    if (message_whole) {
      closed_.append(body.substr(0, i + 1)).append("}");
    } else {
      closed_.append(body.substr(0, WholeEscapes(body))).append("\"}");
    }
    ParseOutcome outcome = ParseRecord(closed_, !message_whole, event);
    // An error found in what was appended to close the object lies at the cut.
    outcome.column = std::min(outcome.column, record.size());
    return outcome;
  }

 private:
  // How much of an unterminated JSON string's text holds whole escapes (a cut may fall inside
  // "\\" or "\\u00e9").
  static size_t WholeEscapes(std::string_view text) {
    size_t end = text.size();
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\\') continue;
      const size_t length = i + 1 < text.size() && text[i + 1] == 'u' ? 6 : 2;
      if (i + length > text.size()) {
        end = i;
        break;
      }
      i += length - 1;
    }
    return end;
  }

  ParseOutcome ParseRecord(std::string_view record, bool cut, Event& event) {
    while (!record.empty() && (record.back() == '\r' || record.back() == ' ')) {
      record.remove_suffix(1);
    }
    if (record.find_first_not_of(" \t") == std::string_view::npos) return ParseOutcome::Skip();
    JsonlogRecord r;
    ParseOutcome outcome = Read(record, r);
    if (outcome.code != ParseCode::kEvent) return outcome;
    if (r.message.substr(0, kAuditTag.size()) != kAuditTag && r.error_severity != "ERROR") {
      return ParseOutcome::Skip();
    }
    PgLogContext context;
    context.severity = r.error_severity;
    context.sql_state = r.state_code;
    context.backend = r.session_id.empty() ? r.pid : r.session_id;
    context.line_number = r.line_num;
    context.statement = r.statement;
    context.database = r.dbname;
    context.cut = cut;
    outcome = messages_.Parse(r.message, context, event);
    if (outcome.code == ParseCode::kError) {
      // The message is unescaped; point at its key, which is as close as we can get.
      size_t key = record.find("\"message\"");
      outcome.column += key == std::string_view::npos ? 0 : key;
      outcome.user.assign(r.user);
      return outcome;
    }
    if (outcome.code != ParseCode::kEvent) return outcome;

    auto ts = ParsePgTimestamp(r.timestamp, fallback_offset_seconds_);
    if (!ts) {
      size_t key = record.find("\"timestamp\"");
      return ParseOutcome::Error(
          "timestamp is missing or not a time stamp like '2023-02-03 20:29:44.139 GMT'",
          key == std::string_view::npos ? 0 : key);
    }
    event.ts = *ts;
    event.user.assign(r.user);
    event.client_ip.assign(PgClientHost(r.remote_host));
    event.workstation.assign(r.application_name);
    return outcome;
  }

  ParseOutcome Read(std::string_view record, JsonlogRecord& r) {
    // On-Demand does not look past the object's end; a record must be that object alone.
    if (record.back() != '}') {
      return ParseOutcome::Error("jsonlog record does not end with '}'", record.size());
    }
    padded_.reserve(record.size() + simdjson::SIMDJSON_PADDING);
    padded_.assign(record);
    simdjson::padded_string_view view(padded_.data(), padded_.size(), padded_.capacity());
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (auto error = json_.iterate(view).get(doc); error) return Fail(error, nullptr);
    if (auto error = doc.get_object().get(object); error) return Fail(error, &doc);
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key); error) return Fail(error, &doc);
      simdjson::ondemand::value value;
      if (auto error = field.value().get(value); error) return Fail(error, &doc);
      std::string_view* target = StringTarget(key, r);
      simdjson::error_code error = simdjson::SUCCESS;
      if (target != nullptr) {
        error = value.get_string().get(*target);
      } else if (key == "pid") {
        error = Number(value, pid_, r.pid);
      } else if (key == "line_num") {
        error = Number(value, line_num_, r.line_num);
      }
      if (error) return Fail(error, &doc);
    }
    return ParseOutcome::Event();
  }

  static std::string_view* StringTarget(std::string_view key, JsonlogRecord& r) {
    if (key == "timestamp") return &r.timestamp;
    if (key == "user") return &r.user;
    if (key == "dbname") return &r.dbname;
    if (key == "remote_host") return &r.remote_host;
    if (key == "session_id") return &r.session_id;
    if (key == "error_severity") return &r.error_severity;
    if (key == "state_code") return &r.state_code;
    if (key == "message") return &r.message;
    if (key == "statement") return &r.statement;
    if (key == "application_name") return &r.application_name;
    return nullptr;
  }

  // Reads an integer into `buffer` as decimal text.
  static simdjson::error_code Number(simdjson::ondemand::value& value, std::array<char, 24>& buffer,
                                     std::string_view& out) {
    int64_t n = 0;
    if (auto error = value.get_int64().get(n); error) return error;
    auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), n);
    out = std::string_view(buffer.data(), static_cast<size_t>(result.ptr - buffer.data()));
    return simdjson::SUCCESS;
  }

  // `doc` is null when iterate() failed: it then has no position to report.
  ParseOutcome Fail(simdjson::error_code error, simdjson::ondemand::document* doc) {
    size_t column = 0;
    const char* location = nullptr;
    if (doc != nullptr && doc->current_location().get(location) == simdjson::SUCCESS &&
        location != nullptr) {
      column = static_cast<size_t>(location - padded_.data());
    }
    return ParseOutcome::Error(
        std::string("jsonlog record is not a valid JSON object: ") + simdjson::error_message(error),
        column);
  }

  int32_t fallback_offset_seconds_;
  PgauditMessageParser messages_;
  simdjson::ondemand::parser json_;  // reused: keeps its buffers across records
  std::string padded_;               // the record plus SIMDJSON_PADDING bytes of capacity
  std::string closed_;               // a cut record, closed after its message
  std::array<char, 24> pid_{};
  std::array<char, 24> line_num_{};
};

}  // namespace

Result<ParserFactory> MakePgauditJsonlogParser(const ParserOptions& options) {
  auto patients = PatientExtractor::Compile(options.patient_pattern);
  if (!patients.ok()) return patients.status();
  return ParserFactory([options, patients = *patients] {
    return std::unique_ptr<RecordParser>(new PgauditJsonlogParser(options, patients));
  });
}

}  // namespace phi
