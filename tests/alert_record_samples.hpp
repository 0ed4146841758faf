// Synthetic alert records for sink tests (made-up users and patients, never real PHI), and a
// secret file written the way sinks demand it (mode 0600).
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/alerts/alert_record.hpp"
#include "tests/test_support.hpp"

namespace phi::testing {

// Records at positions first, first+1, ...; record n changed at 1700000000.123456 + n seconds.
inline std::vector<AlertRecord> SampleAlertRecords(uint64_t first, size_t count) {
  std::vector<AlertRecord> records;
  for (uint64_t position = first; position < first + count; ++position) {
    AlertRecord record;
    record.position = position;
    record.change = "created";
    record.at = 1'700'000'000'123'456 + static_cast<TimeMicros>(position) * 1'000'000;
    record.by = kDetectionActor;
    record.alert.alert_id = std::to_string(1000 + position) + "-after-hours-access";
    record.alert.rule_id = "after-hours-access";
    record.alert.severity = Severity::kHigh;
    record.alert.ts = record.at;
    record.alert.last_ts = record.at;
    record.alert.user = "synthetic-user-" + std::to_string(position);
    record.alert.patients = {"synthetic-patient-7"};
    record.alert.summary = "Synthetic after-hours access";
    record.alert.evidence = "{\"hour\":3}";
    records.push_back(std::move(record));
  }
  return records;
}

inline void WriteSecretFile(const std::filesystem::path& path, std::string_view secret) {
  WriteFile(path, secret);
  ::chmod(path.c_str(), 0600);
}

}  // namespace phi::testing
