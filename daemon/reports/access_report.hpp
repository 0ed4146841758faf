// An access report as plain data: what a compliance officer hands to a patient (every access to
// their record) or an investigator (everything one user did) over a period, with the summaries
// and the proof of integrity. Built from the timeline and the context by the report commands and
// written as CSV, JSON or PDF by the writers beside it; nothing here touches a database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/common/time_util.hpp"

namespace phi {

enum class ReportKind {
  kPatientAccess,  // every access to one patient's record
  kUserActivity,   // everything one user did
  kDisclosures,    // releases of one patient's information outside the organisation (164.528)
};

// One access, as a reader understands it: names rather than ids wherever the context knows them.
struct AccessRow {
  TimeMicros ts = 0;
  uint64_t sequence = 0;     // the event's timeline sequence number
  std::string user;          // user id as the source logged it
  std::string user_name;     // "Dana Whitfield" (empty: not in the employees feed)
  std::string role;          // the event's role, else the employee's
  std::string department;    // the event's department, else the employee's
  std::string action;        // view, update, print, export, ...
  std::string patient;       // MRN (user-activity reports list many patients)
  std::string patient_name;  // filled only where the reader may see it (user-activity reports)
  std::string record_type;
  int64_t record_count = 1;
  std::string workstation;
  std::string outcome;  // success | failure | empty
  std::string source;   // which log it came from
  // Why this access happened, in plain words: "Treating clinician: attending for the patient's
  // stay in Cardiology (admitted 2026-03-02)." or "No care relationship on record."
  std::string explanation;
  // Disclosures only: who received the information and why.
  std::string recipient;
  std::string purpose;
};

// A count of accesses by one user or one department over the report's period.
struct AccessSummaryRow {
  std::string key;   // user id, or department name
  std::string name;  // the user's name (empty for departments, or when unknown)
  std::string role;  // the user's role (empty for departments)
  std::string department;
  uint64_t accesses = 0;
  TimeMicros first = 0, last = 0;
};

// Where the report stands in the timeline's hash chain: the trail it was read from.
struct ReportIntegrity {
  uint64_t chain_link = 0;          // the newest link when the report was read
  std::string chain_hash_hex;       // that link's hash (64 hex digits)
  std::string key_fingerprint_hex;  // SHA-256 of the signing public key (64 hex digits)
  bool chain_verified = false;      // the chain up to chain_link verified before reading
};

struct AccessReport {
  ReportKind kind = ReportKind::kPatientAccess;
  std::string organisation;     // from the configuration (empty: not set)
  std::string subject;          // the MRN or the user id
  std::string subject_name;     // the patient's or user's name (empty: unknown)
  TimeMicros from = 0, to = 0;  // the period covered, [from, to)
  TimeMicros generated_at = 0;
  std::string generated_by;     // OS user who ran the report
  std::vector<AccessRow> rows;  // oldest first
  std::vector<AccessSummaryRow> by_user;
  std::vector<AccessSummaryRow> by_department;
  ReportIntegrity integrity;
  bool truncated = false;  // more rows than the report's limit: only the first ones are listed
};

}  // namespace phi
