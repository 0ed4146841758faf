// Settings that rules read through fields rather than hard-code: the time zone of "hour" and
// "weekday", and the sensitive record classes (psychotherapy notes, substance-use-disorder
// records, reproductive and HIV records) by record_type and source.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/time_zone.hpp"

namespace phi {

struct SensitiveRecordClass {
  std::string name;                       // e.g. psychotherapy_notes
  std::string citation;                   // e.g. 45 CFR 164.508(a)(2)
  std::vector<std::string> record_types;  // exact record_type values
  std::vector<std::string> sources;       // empty: any source
};

struct DetectionSettings {
  TimeZone time_zone;  // UTC unless configured
  std::vector<SensitiveRecordClass> sensitive_classes = {
      {"psychotherapy_notes", "45 CFR 164.508(a)(2)", {"psychotherapy_note"}, {}},
      {"substance_use_disorder", "42 CFR Part 2", {"sud_treatment"}, {}},
      {"reproductive_health", "45 CFR 164.502(a)(5)(iii)", {"reproductive_health"}, {}},
      {"hiv", "state HIV confidentiality law", {"hiv_result"}, {}},
  };
};

}  // namespace phi
