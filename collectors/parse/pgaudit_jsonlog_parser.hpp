// Reads PostgreSQL 15+'s JSON server log (log_destination = 'jsonlog') with pgaudit entries: one
// JSON object per line, keys for null values left out. Parsed with simdjson's On-Demand API.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

// The messages read are those of pgaudit_message.hpp. user = `user`, client_ip = `remote_host`
// ("[local]" becomes "local"), workstation = `application_name`, event ids are keyed by
// `session_id`; a denied access takes its statement from `statement`.
// Times in a zone PostgreSQL names only by abbreviation (other than UTC/GMT) are read with
// options.utc_offset_seconds (see ParsePgTimestamp).
Result<ParserFactory> MakePgauditJsonlogParser(const ParserOptions& options);

}  // namespace phi
