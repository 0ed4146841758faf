// The patients and users whose events are under legal hold, as retention, the compaction filters
// and queries ask it: is this entry's patient or user held? Built once from the active holds and
// then only read (shared between threads as a const value). In a timeline encrypted at rest it
// holds each subject's index token as well, which is all the stored keys and values show
// without the key (daemon/timeline/at_rest_codec.hpp).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/integrity/index_token.hpp"
#include "daemon/timeline/legal_hold.hpp"

namespace phi {

class HeldIdentities {
 public:
  // Released holds are left out; a case hold holds its user. `tokens`: the timeline's index
  // tokens, when it is encrypted at rest.
  static std::shared_ptr<const HeldIdentities> Of(const std::vector<LegalHold>& holds,
                                                  IndexTokenizer* tokens = nullptr);
  // Everything either holds.
  static std::shared_ptr<const HeldIdentities> Union(const HeldIdentities* a,
                                                     const HeldIdentities* b);

  bool empty() const { return patients_.empty() && users_.empty(); }
  bool has_patients() const { return !patients_.empty(); }
  bool has_users() const { return !users_.empty(); }
  bool HoldsPatient(std::string_view mrn) const {
    return !mrn.empty() && patients_.find(mrn) != patients_.end();
  }
  bool HoldsUser(std::string_view user) const {
    return !user.empty() && users_.find(user) != users_.end();
  }
  bool Holds(std::string_view patient, std::string_view user) const {
    return HoldsPatient(patient) || HoldsUser(user);
  }

 private:
  std::set<std::string, std::less<>> patients_, users_;
};

}  // namespace phi
