#include "daemon/detection/explanation_memory.hpp"

#include <algorithm>

#include "daemon/common/fnv_hash.hpp"

namespace phi {

LearnedExplanation ExplanationMemory::Lookup(const AccessFacts& a,
                                             const uint64_t* current_departments,
                                             size_t departments, const uint64_t* clinicians,
                                             size_t n_clinicians) const {
  int64_t seen = returning_.Get(CombineHashes(a.user, a.patient));
  if (seen != INT64_MIN && a.day - seen <= options_.returning_days) {
    return {Explanation::kReturning, seen, 0};
  }
  for (uint64_t department : {a.department, a.working_department}) {
    if (department == 0) continue;
    seen = working_set_.Get(CombineHashes(department, a.patient));
    if (seen != INT64_MIN && a.day - seen <= options_.working_set_days) {
      return {Explanation::kDepartmentWorkingSet, seen, department};
    }
  }
  auto found = work_.find(a.user);
  if (found == work_.end()) return {};
  const RecentWork& w = found->second;
  int32_t last_day = 0;
  for (size_t d = 0; d < departments; ++d) {
    if (Works(w, static_cast<uint32_t>(current_departments[d]), a.day, options_.works_with_patients,
              options_.works_with_days, last_day)) {
      return {Explanation::kWorksWithDepartment, last_day, current_departments[d]};
    }
  }
  for (size_t c = 0; c < n_clinicians; ++c) {
    if (Works(w, static_cast<uint32_t>(clinicians[c]), a.day, options_.colleague_patients,
              options_.colleague_days, last_day)) {
      return {Explanation::kWorksWithColleague, last_day, clinicians[c]};
    }
  }
  return {};
}

bool ExplanationMemory::Works(const RecentWork& w, uint32_t partner, int64_t day, uint16_t visits,
                              int64_t window, int32_t& last_day) {
  if (partner == 0) return false;
  for (size_t i = 0; i < kWorkSlots; ++i) {
    if (w.department[i] == partner && w.visits[i] >= visits && day - w.last_day[i] <= window) {
      last_day = w.last_day[i];
      return true;
    }
  }
  return false;
}

void ExplanationMemory::LearnStrong(const AccessFacts& a, bool remember_pair, bool remember_team) {
  if (remember_pair) returning_.Put(CombineHashes(a.user, a.patient), a.day);
  if (remember_team && a.department != 0)
    working_set_.Put(CombineHashes(a.department, a.patient), a.day);
}

void ExplanationMemory::CountVisit(RecentWork& w, uint32_t partner, int64_t day, int64_t window) {
  if (partner == 0) return;
  size_t slot = kWorkSlots;
  for (size_t i = 0; i < kWorkSlots && slot == kWorkSlots; ++i) {
    if (w.department[i] == partner) slot = i;
  }
  if (slot == kWorkSlots) {  // a newcomer takes a free slot, else the stalest
    slot = 0;
    for (size_t i = 0; i < kWorkSlots; ++i) {
      if (w.department[i] == 0) {
        slot = i;
        break;
      }
      if (w.last_day[i] < w.last_day[slot]) slot = i;
    }
    w.department[slot] = partner;
    w.visits[slot] = 0;
  }
  if (day - w.last_day[slot] > window) w.visits[slot] = 0;
  if (w.visits[slot] < UINT16_MAX) ++w.visits[slot];
  w.last_day[slot] = static_cast<int32_t>(day);
}

void ExplanationMemory::LearnWork(const AccessFacts& a, const uint64_t* current_departments,
                                  size_t departments, const uint64_t* clinicians,
                                  size_t n_clinicians) {
  if (departments == 0 && n_clinicians == 0) return;
  RecentWork& w = work_[a.user];
  const auto patient = static_cast<uint32_t>(a.patient);
  if (w.last_patient == patient) return;  // the same chart: one visit
  w.last_patient = patient;
  for (size_t d = 0; d < departments; ++d) {
    if (current_departments[d] == a.department || current_departments[d] == a.working_department)
      continue;
    CountVisit(w, static_cast<uint32_t>(current_departments[d]), a.day, options_.works_with_days);
  }
  for (size_t c = 0; c < n_clinicians; ++c) {
    if (clinicians[c] == a.user) continue;
    CountVisit(w, static_cast<uint32_t>(clinicians[c]), a.day, options_.colleague_days);
  }
}

void ExplanationMemory::Sweep(int64_t today) {
  returning_.Sweep(today - options_.returning_days);
  working_set_.Sweep(today - options_.working_set_days);
  std::erase_if(work_, [&](const auto& kv) {
    for (int32_t day : kv.second.last_day) {
      if (today - day <= std::max(options_.works_with_days, options_.colleague_days)) return false;
    }
    return true;
  });
}

size_t ExplanationMemory::bytes() const {
  // unordered_map nodes: the value, the key, the next pointer and the cached hash.
  return returning_.bytes() + working_set_.bytes() +

         work_.size() * (sizeof(RecentWork) + 3 * sizeof(uint64_t)) +
         work_.bucket_count() * sizeof(void*);
}

void ExplanationMemory::Save(std::string& out) const {
  returning_.Save(out);
  working_set_.Save(out);
  PutVarint(work_.size(), out);
  for (const auto& [user, w] : work_) {
    PutFixed64BE(user, out);
    PutVarint(w.last_patient, out);
    for (size_t i = 0; i < kWorkSlots; ++i) {
      PutVarint(w.department[i], out);
      PutVarint(w.visits[i], out);
      PutSignedFixed64BE(w.last_day[i], out);
    }
  }
}

bool ExplanationMemory::Load(ByteReader& in) {
  uint64_t users;
  if (!returning_.Load(in) || !working_set_.Load(in) || !in.GetVarint(users)) return false;
  work_.clear();
  for (uint64_t u = 0; u < users; ++u) {
    uint64_t user, last_patient;
    RecentWork w;
    if (!in.GetFixed64BE(user) || !in.GetVarint(last_patient)) return false;
    w.last_patient = static_cast<uint32_t>(last_patient);
    for (size_t i = 0; i < kWorkSlots; ++i) {
      uint64_t department, visits;
      int64_t day;
      if (!in.GetVarint(department) || !in.GetVarint(visits) || !in.GetSignedFixed64BE(day))
        return false;
      w.department[i] = static_cast<uint32_t>(department);
      w.visits[i] = static_cast<uint16_t>(visits);
      w.last_day[i] = static_cast<int32_t>(day);
    }
    work_.emplace(user, w);
  }
  return true;
}

}  // namespace phi
