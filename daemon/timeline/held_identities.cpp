#include "daemon/timeline/held_identities.hpp"

namespace phi {

std::shared_ptr<const HeldIdentities> HeldIdentities::Of(const std::vector<LegalHold>& holds,
                                                         IndexTokenizer* tokens) {
  auto held = std::make_shared<HeldIdentities>();
  for (const LegalHold& h : holds) {
    if (h.released || h.subject.empty()) continue;
    auto& subjects = h.kind == LegalHoldKind::kPatient ? held->patients_ : held->users_;
    subjects.insert(h.subject);
    if (tokens != nullptr) subjects.insert(tokens->Of(h.subject));
  }
  return held;
}

std::shared_ptr<const HeldIdentities> HeldIdentities::Union(const HeldIdentities* a,
                                                            const HeldIdentities* b) {
  auto held = std::make_shared<HeldIdentities>();
  for (const HeldIdentities* part : {a, b}) {
    if (part == nullptr) continue;
    held->patients_.insert(part->patients_.begin(), part->patients_.end());
    held->users_.insert(part->users_.begin(), part->users_.end());
  }
  return held;
}

}  // namespace phi
