// A field mapping: how the columns of a CSV export or the keys of a foreign JSON shape become
// canonical Event fields (source name, time format, value translation, default). Compiled once
// from the configuration; applied per record without parsing any string twice.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/common/time_util.hpp"
#include "daemon/event/event.hpp"

namespace phi {

struct FieldRule {
  EventField field = EventField::kUser;
  std::string from;  // CSV column name, or JSON key (dotted path "actor.id" for nested objects)
  std::optional<TimeFormat> time_format;                // kTs only; unset means ISO 8601 / RFC 3339
  std::unordered_map<std::string, std::string> values;  // e.g. VIEW -> view
  bool values_exhaustive = false;  // a value missing from `values` is an error (else kept as is)
  std::string default_value;       // used when the column or key is absent or empty
};

struct FieldMapping {
  std::vector<FieldRule> rules;
  int32_t utc_offset_seconds = 0;  // for time stamps that carry no zone
  bool keep_unmapped = true;       // unmapped columns or keys go to Event::extra
};

}  // namespace phi
