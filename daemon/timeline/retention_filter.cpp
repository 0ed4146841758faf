#include "daemon/timeline/retention_filter.hpp"

#include <algorithm>

#include "daemon/timeline/at_rest_codec.hpp"
#include "daemon/timeline/timeline_keys.hpp"

namespace phi {

void RetentionFilterState::Advance(TimeMicros cutoff, std::shared_ptr<const HeldIdentities> held) {
  std::lock_guard lock(mutex_);
  view_.cutoff = std::max(view_.cutoff, cutoff);
  view_.held = std::move(held);
}

void RetentionFilterState::Keep(const HeldIdentities& held) {
  std::lock_guard lock(mutex_);
  view_.held = HeldIdentities::Union(view_.held.get(), &held);
}

RetentionView RetentionFilterState::view() const {
  std::lock_guard lock(mutex_);
  return view_;
}

bool RetentionFilter::Filter(int, const rocksdb::Slice& key, const rocksdb::Slice& value,
                             std::string*, bool*) const {
  std::string_view k(key.data(), key.size());
  const bool time_first = entries_ == Entries::kEvents || entries_ == Entries::kDeadLetters;
  TimeMicros filed =
      time_first ? timeline_keys::TimeOfEventKey(k) : timeline_keys::TimeOfSuffixedKey(k);
  if (filed >= view_.cutoff) return false;
  if (entries_ == Entries::kDeadLetters || !view_.any_held()) return true;
  const HeldIdentities& held = *view_.held;
  std::string_view identity;
  switch (entries_) {
    case Entries::kPatientIndex:
      // The key names the patient; only a user hold needs the value decoded.
      if (timeline_keys::IdentityOfIndexKey(k, identity) && held.HoldsPatient(identity))
        return false;
      return !held.has_users() || !HeldByValue(value);
    case Entries::kUserIndex:
      if (timeline_keys::IdentityOfIndexKey(k, identity) && held.HoldsUser(identity)) return false;
      return !held.has_patients() || !HeldByValue(value);
    case Entries::kEvents:
    case Entries::kDeadLetters:
      break;
  }
  return !HeldByValue(value);
}

bool RetentionFilter::HeldByValue(const rocksdb::Slice& value) const {
  std::string_view user, patient;
  if (!IdentitiesOfStoredEvent(std::string_view(value.data(), value.size()), event_, user,
                               patient)) {
    return true;
  }
  return view_.held->Holds(patient, user);
}

std::unique_ptr<rocksdb::CompactionFilter> RetentionFilterFactory::CreateCompactionFilter(
    const rocksdb::CompactionFilter::Context&) {
  return std::make_unique<RetentionFilter>(entries_, state_->view());
}

}  // namespace phi
