// Reads of PHI through phi-auditctl are audited themselves: each becomes one phi-json line in
// data_dir/audit/reads.jsonl (action "audit", record type "access_trail"), which the daemon
// reads as its own source "phi-auditd". So a read lands in the timeline, in the patient's access
// report and before the rules (who watches the watchers). The line is written, and synced,
// before anything is shown: a read that cannot be recorded is refused.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "daemon/common/status.hpp"

namespace phi {

struct AuditedRead {
  std::string actor;         // the OS user who asked (the control socket's peer, or this process's)
  std::string command;       // "events", "alerts show", "report patient-access", ...
  std::string patient;       // the patient whose data was shown, when the read names one
  std::string subject_user;  // the user whose activity was shown, when it names one
  uint64_t returned = 0;     // records shown

  static AuditedRead Of(std::string command, std::string patient = {},
                        std::string subject_user = {}) {
    AuditedRead read;
    read.command = std::move(command);
    read.patient = std::move(patient);
    read.subject_user = std::move(subject_user);
    return read;
  }
};

Status RecordRead(const std::string& data_dir, const AuditedRead& read);

}  // namespace phi
