// Reads the three context feeds (CSV with a header row, PRODUCT.md) into a ContextSnapshot.
// A bad row is reported with file and line and skipped; a missing required column or an
// unreadable file is an error. Loading 10,000 employees, 1,000,000 patients and 2,000,000
// encounters takes a few seconds on one core.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/context/context_snapshot.hpp"

namespace phi {

struct ContextFeedPaths {
  std::string employees;
  std::string patients;
  std::string encounters;
};

struct ContextLoadReport {
  std::vector<std::string> warnings;  // "employees.csv:17: hired: expected an ISO 8601 date"
  size_t skipped_rows = 0;
};

class CsvFeedReader;

class ContextLoader {
 public:
  // Reads the three feeds (employees first: encounters refer to employees and patients).
  // Warnings for skipped rows are appended to `report`, at most 100, while skipped_rows
  // counts them all. Messages name files, lines and columns, never cell values (no PHI).
  static Result<std::shared_ptr<const ContextSnapshot>> Load(const ContextFeedPaths& paths,
                                                             const ContextOptions& options,
                                                             ContextLoadReport& report);

 private:
  static Status LoadEmployees(const std::string& path, ContextSnapshot& s,
                              ContextLoadReport& report);
  static Status LoadPatients(const std::string& path, ContextSnapshot& s,
                             ContextLoadReport& report);
  static Status LoadEncounters(const std::string& path, ContextSnapshot& s,
                               ContextLoadReport& report);
};

}  // namespace phi
