// The one event model every collector produces and every later stage consumes: the canonical
// `phi-json` fields of PRODUCT.md plus provenance (source, raw offset) and the timeline id that
// the timeline assigns at commit. Parsers fill a reused Event; Clear() keeps string capacity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/time_util.hpp"

namespace phi {

struct Event {
  TimeMicros ts = 0;
  std::string user;
  std::string role;
  std::string department;
  std::string action;   // view, create, update, delete, print, export, query, login, ...
  std::string patient;  // MRN; empty when the event touches no single patient
  std::string record_type;
  int64_t record_count = 1;
  std::string workstation;
  std::string client_ip;
  std::string outcome;    // success | failure (empty: unknown)
  std::string event_id;   // the source's own id
  std::string statement;  // database statement text, truncated to the source's limit
  std::string extra;      // unknown fields, as the members of a JSON object without braces
  // The record was longer than the source's max_record_bytes: only its start was parsed, so
  // the statement and later fields may be missing (an evasion signal in itself).
  bool truncated = false;

  // Provenance, set by the collector and the timeline, not by parsers.
  std::string source;
  uint64_t offset = 0;    // byte offset of the record in its file
  uint64_t sequence = 0;  // timeline sequence number, unique and increasing
  // Set by the timeline at commit when `ts` is outside the plausible range (before 1990, or more
  // than a day ahead of the clock by default): the event is then filed under the time it was
  // received, so queries find it and retention counts from then; `ts` stays as the source said.
  bool implausible_time = false;

  void Clear();
};

// The field names of the canonical model, in one table that parsers, mappings and queries share.
enum class EventField {
  kTs,
  kUser,
  kRole,
  kDepartment,
  kAction,
  kPatient,
  kRecordType,
  kRecordCount,
  kWorkstation,
  kClientIp,
  kOutcome,
  kEventId,
  kStatement,
};

// Returns the field for a canonical name ("user", "record_count", ...), or false.
bool LookupEventField(std::string_view name, EventField& field);
std::string_view EventFieldName(EventField field);
// The string member behind a field (not kTs / kRecordCount).
std::string* EventStringField(Event& event, EventField field);

}  // namespace phi
