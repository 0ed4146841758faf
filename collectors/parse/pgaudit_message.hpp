// Reads the message of one PostgreSQL server log record, whichever destination wrote it (stderr,
// csvlog, jsonlog), into the audit part of an Event: a pgaudit `AUDIT: ...` entry, or a
// `permission denied for table X` error (SQLSTATE 42501, which pgaudit never logs). Others: Skip.
#pragma once

#include <memory>
#include <string_view>

#include "collectors/parse/csv_fields.hpp"
#include "collectors/parse/parser_options.hpp"
#include "collectors/parse/patient_extractor.hpp"
#include "collectors/parse/record_parser.hpp"

namespace phi {

// What the record says besides its message; each destination fills what it carries. The views
// must stay valid during Parse().
struct PgLogContext {
  std::string_view severity;     // "LOG", "ERROR", ...
  std::string_view sql_state;    // empty when the destination does not carry it (stderr w/o %e)
  std::string_view backend;      // session id, else pid: pgaudit counts statement ids per backend
  std::string_view line_number;  // the session's line number; empty when unknown
  std::string_view statement;    // the failing statement of an ERROR (csvlog `query`, jsonlog)
  std::string_view database;
  // The record was cut at max_record_bytes: the AUDIT entry may end inside its statement or
  // parameter field (what was read of them is used) or lack its later fields.
  bool cut = false;
};

// One per parser instance (it keeps reusable buffers); not thread-safe.
//
// An AUDIT entry `AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,CLASS,COMMAND,OBJECT_TYPE,OBJECT_NAME,
// STATEMENT,PARAMETER[,ROWS]` fills: action (pgaudit_action.hpp), record_type = OBJECT_NAME (else
// options.record_type_default), statement (cut to options.statement_max_bytes at a UTF-8
// boundary; empty for `<not logged>` / `<previously logged>`), record_count = ROWS when logged,
// event_id = "<backend>:<statement id>:<substatement id>", patient = the first match of the
// patient pattern in PARAMETER, else in STATEMENT, outcome = success, and extra members
// audit_type, audit_class, command, object_type, database.
//
// A denied access fills action = query, outcome = failure, record_type = the table, statement
// and patient from context.statement, event_id = "<backend>:L<line number>" when the line number
// is known, and extra members sql_state, database.
class PgauditMessageParser {
 public:
  PgauditMessageParser(const ParserOptions& options,
                       std::shared_ptr<const PatientExtractor> patients);

  // REQUIRES: `event` was cleared. Error columns are offsets inside `message`; error reasons
  // never quote the message (it may hold PHI).
  ParseOutcome Parse(std::string_view message, const PgLogContext& context, Event& event);

  // The AUDIT entry alone: `payload` is the text after "AUDIT: ".
  ParseOutcome ParseAudit(std::string_view payload, const PgLogContext& context, Event& event);

 private:
  ParseOutcome ParsePermissionDenied(std::string_view message, const PgLogContext& context,
                                     Event& event);
  void SetStatement(std::string_view statement, Event& event) const;

  size_t statement_max_bytes_;
  std::string record_type_default_;
  std::shared_ptr<const PatientExtractor> patients_;
  CsvFieldSplitter fields_;
};

}  // namespace phi
