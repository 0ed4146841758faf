// MariaDB / MySQL server_audit plugin logs (format `mariadb-audit`), from its own file
//   YYYYMMDD
//   HH:MM:SS,serverhost,username,host,connectionid,queryid,operation,database,object,retcode
// (local time, options.utc_offset_seconds) or received through syslog:
//   <PRI>Mon dd hh:mm:ss [host] ident: [info] serverhost,username,host,...,object,retcode
// (the year is inferred: the latest one that does not put the line more than a week ahead of
// now). QUERY objects are single-quoted with \' \\ \n \t \r escapes and may hold commas, so the
// object is what lies between the eighth comma and the last one.
//
//   operation                action          outcome
//   CONNECT, CHANGEUSER,     login           retcode 0: success, else failure
//     PROXY_CONNECT
//   FAILED_CONNECT           login           failure
//   DISCONNECT               logout          success
//   READ (TABLE event)       query           success     record_type = database.table
//   WRITE (TABLE event)      update          success     record_type = database.table
//   CREATE, ALTER, DROP,     ddl             success     record_type = database.table
//     RENAME (TABLE events)
//   QUERY*                   by SQL verb     retcode 0: success, else failure (1142: denied)
//
//   SQL verb (after blanks, '(' and comments; inside /*! ... */ version comments)   action
//   SELECT ... INTO OUTFILE | DUMPFILE                                              export
//   SELECT, WITH, TABLE, VALUES, SHOW, DESCRIBE, DESC, EXPLAIN, HANDLER             query
//   INSERT, REPLACE, LOAD (DATA / XML)                                              create
//   UPDATE                                                                          update
//   DELETE, TRUNCATE                                                                delete
//   GRANT, REVOKE, SET PASSWORD, SET ROLE, SET DEFAULT ROLE,
//     CREATE | ALTER | DROP | RENAME  USER | ROLE                                   role
//   CREATE, ALTER, DROP, RENAME (other objects)                                     ddl
//   CALL, DO, EXECUTE                                                               execute
//   anything else (SET, USE, BEGIN, COMMIT, PREPARE, LOCK, FLUSH, KILL, ...)        misc
// (role, execute and misc are the words the pgaudit parsers use for the same statements.)
//
// Other fields: user = username, client_ip = host, event_id = "connectionid:queryid" (not unique:
// a query's TABLE lines share it, and CONNECT/DISCONNECT have query id 0), statement = the
// unescaped QUERY object cut to options.statement_max_bytes, patient = options.patient_pattern's
// first match in the whole statement, record_type = options.record_type_default unless a TABLE
// event names the table. Event::extra holds server_host, database, operation and, for a non-zero
// retcode, error_code.
#pragma once

#include <functional>
#include <string_view>

#include "collectors/parse/parser_factory.hpp"
#include "daemon/common/time_util.hpp"

namespace phi {

Result<ParserFactory> MakeMariadbAuditParser(const ParserOptions& options);

// The same, with the clock that dates syslog lines (they carry no year); for tests.
Result<ParserFactory> MakeMariadbAuditParser(const ParserOptions& options,
                                             std::function<TimeMicros()> now);

// The action of a QUERY's statement, from the table above (a static string).
std::string_view MariadbStatementAction(std::string_view statement);

}  // namespace phi
