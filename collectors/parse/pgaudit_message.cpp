#include "collectors/parse/pgaudit_message.hpp"

#include <array>

#include "collectors/parse/pgaudit_action.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/common/utf8_cut.hpp"

namespace phi {
namespace {

constexpr std::string_view kAuditTag = "AUDIT: ";
constexpr std::string_view kPermissionDenied = "permission denied for ";
// The objects whose denial is a failed attempt to read or change rows (PostgreSQL < 11 says
// "relation"). Schemas, sequences and functions are left out: they hold no patient data.
constexpr std::array<std::string_view, 5> kDeniedObjects = {"table ", "relation ", "view ",
                                                            "materialized view ", "foreign table "};

// pgaudit's fields, in order.
enum AuditField : size_t {
  kAuditType,
  kStatementId,
  kSubstatementId,
  kClass,
  kCommand,
  kObjectType,
  kObjectName,
  kStatement,
  kParameter,
  kRows,
};

bool IsMarker(std::string_view value) {
  return value == "<not logged>" || value == "<previously logged>" || value == "<none>";
}

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int64_t ToInt(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// Offset of `field` in `text` when it is a view into it (unquoted CSV fields are), else 0.
size_t OffsetIn(std::string_view text, std::string_view field) {
  if (field.data() >= text.data() && field.data() <= text.data() + text.size()) {
    return static_cast<size_t>(field.data() - text.data());
  }
  return 0;
}

}  // namespace

PgauditMessageParser::PgauditMessageParser(const ParserOptions& options,
                                           std::shared_ptr<const PatientExtractor> patients)
    : statement_max_bytes_(options.statement_max_bytes),
      record_type_default_(options.record_type_default),
      patients_(std::move(patients)) {}

void PgauditMessageParser::SetStatement(std::string_view statement, Event& event) const {
  if (IsMarker(statement)) return;
  event.statement.assign(CutUtf8(statement, statement_max_bytes_));
}

ParseOutcome PgauditMessageParser::Parse(std::string_view message, const PgLogContext& context,
                                         Event& event) {
  if (message.substr(0, kAuditTag.size()) == kAuditTag) {
    ParseOutcome outcome = ParseAudit(message.substr(kAuditTag.size()), context, event);
    if (outcome.code == ParseCode::kError) outcome.column += kAuditTag.size();
    return outcome;
  }
  if (context.severity == "ERROR" &&
      message.substr(0, kPermissionDenied.size()) == kPermissionDenied &&
      (context.sql_state.empty() || context.sql_state == "42501")) {
    return ParsePermissionDenied(message, context, event);
  }
  return ParseOutcome::Skip();
}

ParseOutcome PgauditMessageParser::ParseAudit(std::string_view payload, const PgLogContext& context,
                                              Event& event) {
  size_t error_column = 0;
  if (!fields_.Split(payload, &error_column, context.cut)) {
    return ParseOutcome::Error("AUDIT entry: unterminated or stray quote in a CSV field",
                               error_column);
  }
  const auto& f = fields_.fields();
  const size_t min_fields = context.cut ? kStatement + 1 : kParameter + 1;
  if (f.size() < min_fields || f.size() > kRows + 1) {
    return ParseOutcome::Error("AUDIT entry has " + std::to_string(f.size()) +
                                   " fields, expected 9 (10 with pgaudit.log_rows)",
                               payload.size());
  }
  if (f[kAuditType] != "SESSION" && f[kAuditType] != "OBJECT") {
    return ParseOutcome::Error("AUDIT entry: audit type is neither SESSION nor OBJECT", 0);
  }
  if (!AllDigits(f[kStatementId]) || !AllDigits(f[kSubstatementId])) {
    size_t bad = AllDigits(f[kStatementId]) ? kSubstatementId : kStatementId;
    return ParseOutcome::Error("AUDIT entry: statement ids must be numbers",
                               OffsetIn(payload, f[bad]));
  }
  if (f.size() > kRows) {
    if (!AllDigits(f[kRows])) {
      return ParseOutcome::Error("AUDIT entry: ROWS must be a number", OffsetIn(payload, f[kRows]));
    }
    event.record_count = ToInt(f[kRows]);
  }

  event.action.assign(PgauditAction(f[kClass], f[kCommand], f[kStatement]));
  event.outcome.assign("success");
  event.record_type.assign(f[kObjectName].empty() ? std::string_view(record_type_default_)
                                                  : f[kObjectName]);
  SetStatement(f[kStatement], event);

  event.event_id.clear();
  if (!context.backend.empty()) {
    event.event_id.append(context.backend);
    event.event_id += ':';
  }
  event.event_id.append(f[kStatementId]);
  event.event_id += ':';
  event.event_id.append(f[kSubstatementId]);

  if (patients_ && patients_->enabled()) {
    std::string_view patient;
    if (f.size() > kParameter && !IsMarker(f[kParameter]))
      patient = patients_->Extract(f[kParameter]);
    if (patient.empty() && !IsMarker(f[kStatement])) patient = patients_->Extract(f[kStatement]);
    event.patient.assign(patient);
  }

  bool first = event.extra.empty();
  AppendJsonMember("audit_type", f[kAuditType], first, event.extra);
  AppendJsonMember("audit_class", f[kClass], first, event.extra);
  AppendJsonMember("command", f[kCommand], first, event.extra);
  if (!f[kObjectType].empty()) AppendJsonMember("object_type", f[kObjectType], first, event.extra);
  if (!context.database.empty()) {
    AppendJsonMember("database", context.database, first, event.extra);
  }
  return ParseOutcome::Event();
}

ParseOutcome PgauditMessageParser::ParsePermissionDenied(std::string_view message,
                                                         const PgLogContext& context,
                                                         Event& event) {
  std::string_view rest = message.substr(kPermissionDenied.size());
  std::string_view object;
  for (std::string_view kind : kDeniedObjects) {
    if (rest.substr(0, kind.size()) == kind) {
      object = rest.substr(kind.size());
      break;
    }
  }
  while (!object.empty() && (object.back() == ' ' || object.back() == '\n'))
    object.remove_suffix(1);
  if (object.empty()) return ParseOutcome::Skip();

  event.action.assign("query");
  event.outcome.assign("failure");
  event.record_type.assign(object);
  SetStatement(context.statement, event);
  if (patients_ && patients_->enabled())
    event.patient.assign(patients_->Extract(context.statement));
  event.event_id.clear();
  if (!context.line_number.empty()) {
    event.event_id.append(context.backend);
    event.event_id.append(":L");
    event.event_id.append(context.line_number);
  }
  bool first = event.extra.empty();
  AppendJsonMember("sql_state", "42501", first, event.extra);
  if (!context.database.empty()) {
    AppendJsonMember("database", context.database, first, event.extra);
  }
  return ParseOutcome::Event();
}

}  // namespace phi
