// Process-wide protections applied first thing by phi-auditd and phi-auditctl: both hold PHI in
// memory (events, statements, patient ids), so a crash must not write it to a core file and
// other processes of the same user must not read it through ptrace or /proc/<pid>/mem.
#pragma once

#include "daemon/common/status.hpp"

namespace phi {

// Sets the core file size limit to zero and marks the process not dumpable
// (prctl(PR_SET_DUMPABLE, 0)), which also makes /proc/<pid> files root-owned and refuses
// ptrace attach from unprivileged processes. Returns the first failure.
Status DisableCoreDumps();

}  // namespace phi
