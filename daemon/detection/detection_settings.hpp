// Settings that rules read through fields rather than hard-code: the time zone of "hour" and
// "weekday", what counts as bulk in this organisation, and the sensitive record classes
// (psychotherapy notes, substance-use-disorder records, reproductive and HIV records) by
// record_type (exact or by words) and source.
#pragma once

#include <string>
#include <vector>

#include "daemon/common/time_zone.hpp"

namespace phi {

struct SensitiveRecordClass {
  std::string name;                       // e.g. psychotherapy_notes
  std::string citation;                   // e.g. 45 CFR 164.508(a)(2)
  std::vector<std::string> record_types;  // exact record_type values
  // Words any of which, found in the record_type (case-insensitive, on word boundaries, "_"
  // and "-" count as spaces), put it in the class: "Psychotherapy Note", "psychotherapy_notes".
  std::vector<std::string> record_type_words;
  std::vector<std::string> sources;  // empty: any source
};

struct DetectionSettings {
  TimeZone time_zone;  // UTC unless configured
  // Bulk is relative to the organisation (PRODUCT.md): a read of bulk_share_percent of all
  // patients is bulk, but never fewer than bulk_min_records, and bulk_max_records always is
  // (org.bulk_threshold). 150 records are bulk in a practice of 2,000 clients; 1,000 in a
  // hospital of 50,000 patients.
  int64_t bulk_min_records = 100;
  int64_t bulk_max_records = 1000;
  int64_t bulk_share_permille = 20;
  std::vector<SensitiveRecordClass> sensitive_classes = {
      {"psychotherapy_notes",
       "45 CFR 164.508(a)(2)",
       {"psychotherapy_note"},
       {"psychotherapy", "psychotherapist", "process note", "process notes"},
       {}},
      {"substance_use_disorder",
       "42 CFR Part 2",
       {"sud_treatment"},
       {"sud", "substance", "part 2", "part2", "42 cfr", "addiction", "use disorder", "methadone",
        "buprenorphine", "detox"},
       {}},
      {"reproductive_health",
       "45 CFR 164.502(a)(5)(iii)",
       {"reproductive_health"},
       {"reproductive", "abortion", "contraception", "contraceptive", "family planning",
        "pregnancy termination"},
       {}},
      {"hiv", "state HIV confidentiality law", {"hiv_result"}, {"hiv", "aids"}, {}},
  };
};

}  // namespace phi
