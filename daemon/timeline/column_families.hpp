// The timeline's column families, in one table: the position of a family here is its number in
// the hash chain's encoding, so families are only ever appended. Internal to daemon/timeline.
#pragma once

namespace phi::timeline_families {

enum ColumnFamily {
  kEvents,
  kByPatient,
  kByUser,
  kCheckpoints,
  kDeadLetters,
  kMeta,
  kBySequence,
  kAlerts,
  kChain,  // schema version 2
  kCount
};
constexpr const char* kColumnFamilyNames[kCount] = {"default",     "by_patient",   "by_user",
                                                    "checkpoints", "dead_letters", "meta",
                                                    "by_sequence", "alerts",       "chain"};

// Alert log records (alerts family) are written once under this prefix and sealed in the chain:
// the verifier counts them (daemon/alerts/alert_store.cpp writes them).
constexpr char kSealedAlertRecordPrefix[] = "rec/";

// Families whose keys start with time and which retention removes with DeleteRange.
inline bool StartsWithTime(int family) {
  return family == kEvents || family == kDeadLetters;
}

}  // namespace phi::timeline_families
