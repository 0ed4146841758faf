// Reads the context feeds (CSV with a header row, PRODUCT.md: employees, patients, encounters
// and the optional appointments) into a ContextSnapshot.
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
  std::string appointments;  // optional: outpatient visits and orders

  // employees.csv, patients.csv, encounters.csv and, when it exists, appointments.csv in `dir`.
  static ContextFeedPaths InFolder(const std::string& dir);
};

struct ContextLoadReport {
  std::vector<std::string> warnings;  // "employees.csv:17: hired: expected an ISO 8601 date"
  size_t skipped_rows = 0;
};

class CsvFeedReader;

class ContextLoader {
 public:
  // Reads the feeds (employees first: encounters and appointments refer to both).
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
  // Encounters and appointments become the patients' care episodes.
  static Status LoadEpisodes(const ContextFeedPaths& paths, ContextSnapshot& s,
                             ContextLoadReport& report);
};

}  // namespace phi
