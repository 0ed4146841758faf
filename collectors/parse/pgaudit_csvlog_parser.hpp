// Reads PostgreSQL's CSV server log (log_destination = 'csvlog') with pgaudit entries: one CSV
// row per record, quoted fields may span lines. PG12 writes 23 columns, PG13 24, PG14+ 26.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

// The messages read are those of pgaudit_message.hpp. user = user_name, client_ip =
// connection_from without its port ("[local]" becomes "local"), workstation = application_name,
// event ids are keyed by session_id; a denied access takes its statement from `query`.
// Times in a zone PostgreSQL names only by abbreviation (other than UTC/GMT) are read with
// options.utc_offset_seconds (see ParsePgTimestamp).
Result<ParserFactory> MakePgauditCsvlogParser(const ParserOptions& options);

}  // namespace phi
