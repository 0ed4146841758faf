// Explanations learned from the timeline itself (explanation-based auditing: Fabbri and
// LeFevre), for accesses the context feeds leave unexplained:
//  - returning: the user's own earlier access to the patient was strongly explained;
//  - department_working_set: colleagues of the user's department opened the patient's record
//    with a strong explanation;
//  - works_with_department: the user has lately been working on the patients of the
//    department now treating this patient (float staff, rotating residents, cross-cover,
//    consultants who see a department's patients often);
//  - works_with_colleague: the user has lately been working on the patients of this patient's
//    own clinician (supervision, covering a colleague's caseload, a shared group: the
//    collaborative groups of explanation-based auditing, and what counts in a small practice
//    where the department explains nothing).
// All four are weak. Only what the context cannot derive again is remembered (a strong
// explanation through the user's own department or caseload comes back as a follow-up), so
// the memory is small; it is built incrementally from the stream, swept daily and saved in
// the engine's snapshot. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "daemon/common/binary_codec.hpp"
#include "daemon/context/context_snapshot.hpp"
#include "daemon/detection/day_stamp_table.hpp"

namespace phi {

struct ExplanationMemoryOptions {
  int64_t returning_days = 30;       // a strongly explained access explains the next 30 days
  int64_t working_set_days = 14;     // a colleague's strong access explains 14 days for the team
  int64_t works_with_days = 7;       // recent work on a department's patients...
  uint16_t works_with_patients = 8;  // ...on at least this many patient visits
  int64_t colleague_days = 14;       // recent work on a colleague's patients...
  uint16_t colleague_patients = 6;   // ...on at least this many patient visits
};

// What the memory needs to know of one access; the engine fills it from the EventView.
struct AccessFacts {
  uint64_t user = 0;                // hash of the user id
  uint64_t patient = 0;             // hash of the MRN
  uint64_t department = 0;          // hash of the user's department (employee record), or 0
  uint64_t working_department = 0;  // hash of the department the event names, or 0
  int64_t day = 0;                  // local day
};

// Why a learned explanation holds, for the alert text.
struct LearnedExplanation {
  Explanation explanation = Explanation::kNone;
  int64_t since_day = 0;    // the day of the access it rests on
  uint64_t department = 0;  // works_with_department: the department's hash
};

class ExplanationMemory {
 public:
  explicit ExplanationMemory(ExplanationMemoryOptions options = {}) : options_(options) {}

  // The learned explanation for an access, if any. `current_departments` are the hashes of
  // the departments treating the patient now (the context's strong windows).
  // `clinicians` are the hashes of the patient's own clinicians (the caseload windows).
  LearnedExplanation Lookup(const AccessFacts& a, const uint64_t* current_departments,
                            size_t departments, const uint64_t* clinicians,
                            size_t n_clinicians) const;

  // After an access was strongly explained: remember what the context cannot derive again,
  // the pair for the user (`remember_pair`: not their own episode) and the patient for the
  // user's department (`remember_team`: an episode of another department than the user's).
  void LearnStrong(const AccessFacts& a, bool remember_pair, bool remember_team);
  // After an access the context did not explain through the user's department: counts the
  // departments now treating the patient (other than the user's) and the patient's clinicians
  // (other than the user) toward works_with_department and works_with_colleague.
  void LearnWork(const AccessFacts& a, const uint64_t* current_departments, size_t departments,
                 const uint64_t* clinicians, size_t n_clinicians);

  void Sweep(int64_t today);
  size_t bytes() const;
  size_t users() const { return work_.size(); }

  void Save(std::string& out) const;
  bool Load(ByteReader& in);

 private:
  static constexpr size_t kWorkSlots = 6;
  // One user's recent work on other departments' and colleagues' patients: a few of them
  // (the low 32 bits of the department's or the colleague's hash) with a count of patient
  // visits (a change of patient counts once) and the day of the last one.
  struct RecentWork {
    std::array<uint32_t, kWorkSlots> department{};  // a department or a colleague; 0 = free
    std::array<uint16_t, kWorkSlots> visits{};
    std::array<int32_t, kWorkSlots> last_day{};
    uint32_t last_patient = 0;
  };

  // Counts a visit to the patients of `partner`; the count starts again after `window` days.
  static void CountVisit(RecentWork& w, uint32_t partner, int64_t day, int64_t window);
  static bool Works(const RecentWork& w, uint32_t partner, int64_t day, uint16_t visits,
                    int64_t window, int32_t& last_day);

  ExplanationMemoryOptions options_;
  DayStampTable returning_;                        // hash(user, patient)
  DayStampTable working_set_;                      // hash(department, patient)
  std::unordered_map<uint64_t, RecentWork> work_;  // by user hash
};

}  // namespace phi
