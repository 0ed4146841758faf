// Reads PostgreSQL's plain-text server log (log_destination = 'stderr', usually via the logging
// collector) with pgaudit entries: each line is log_line_prefix, a severity and a message; a
// multi-line message continues on lines that start with a TAB, which the collector joins.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

// Compiles options.log_line_prefix and options.patient_pattern once; each parser made by the
// factory serves one file. The messages read are those of pgaudit_message.hpp; the event's user,
// client_ip and workstation come from %u, %h (or %r) and %a. Severities must be in English.
// Times in a zone PostgreSQL names only by abbreviation (other than UTC/GMT) are read with
// options.utc_offset_seconds (see ParsePgTimestamp).
Result<ParserFactory> MakePgauditStderrParser(const ParserOptions& options);

}  // namespace phi
