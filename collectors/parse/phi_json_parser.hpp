// The canonical `phi-json` format of PRODUCT.md: one JSON object per line with the Event fields
// (ts, user, role, department, action, patient, record_type, record_count, workstation,
// client_ip, outcome, event_id, statement). Unknown members are kept verbatim in Event::extra.
// The hot path of every JSON-lines source: simdjson On-Demand over a reused padded buffer.
#pragma once

#include "collectors/parse/parser_factory.hpp"

namespace phi {

// Field rules: `ts` is required (RFC 3339 / ISO 8601 with a time; without a zone the time is
// UTC plus options.utc_offset_seconds); string fields take strings or numbers (as written) and
// null (left empty); `record_count` takes a whole number >= 0 or such a number as a string,
// default 1. Blank lines are skipped.
Result<ParserFactory> MakePhiJsonParser(const ParserOptions& options);

}  // namespace phi
