// Maps what pgaudit says a statement did (its CLASS and COMMAND) onto the canonical `action` of
// an event, in one table, so that the three PostgreSQL log formats agree.
#pragma once

#include <string_view>

namespace phi {

//   CLASS      COMMAND                                  action
//   READ       COPY (log_rows' form of COPY ... TO)     export
//   READ       any, when the statement is COPY ... TO   export   (pgaudit logs it as READ,SELECT)
//   READ       SELECT, PREPARE, DECLARE CURSOR, ...     query
//   WRITE      INSERT                                   create
//   WRITE      UPDATE                                   update
//   WRITE      DELETE, TRUNCATE TABLE                   delete
//   WRITE      COPY (COPY ... FROM)                     create
//   WRITE      anything else (PREPARE, MERGE, ...)      write
//   DDL        any                                      ddl
//   ROLE       any                                      role
//   FUNCTION   any                                      execute
//   MISC, MISC_SET and unknown classes                  misc
//
// Returns one of these actions (a static string); matching is case-insensitive. Limit: an OBJECT
// line whose statement is `<previously logged>` (pgaudit.log_statement_once) cannot be recognised
// as COPY ... TO and maps to `query`; its SESSION line, when logged, says `export`.
std::string_view PgauditAction(std::string_view audit_class, std::string_view command,
                               std::string_view statement);

// True when `statement` is a `COPY ... TO ...` (leading blanks and case ignored).
bool IsCopyToStatement(std::string_view statement);

}  // namespace phi
