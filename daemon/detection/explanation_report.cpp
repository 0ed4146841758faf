#include "daemon/detection/explanation_report.hpp"

#include <algorithm>
#include <vector>

namespace phi {
namespace {

constexpr TimeMicros kDay = 86400LL * kMicrosPerSecond;

std::string Days(TimeMicros d) {
  int64_t days = d / kDay;
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

std::string_view Name(EventView& v, InternId id) {
  return v.context() ? v.context()->strings().Name(id) : std::string_view();
}

// "a stay from 2026-10-01 to 2026-10-05", "an appointment on 2026-10-01", "a stay since ...".
std::string EpisodeText(const EncounterRecord& e) {
  if (e.appointment) return "an appointment on " + ReadableDate(e.admitted);
  if (e.discharged == kNoTime) return "an encounter open since " + ReadableDate(e.admitted);
  return "an encounter from " + ReadableDate(e.admitted) + " to " + ReadableDate(e.discharged);
}

// The episode nearest in time to `ts` among those `select` picks, or nullptr.
template <typename Select>
const EncounterRecord* Nearest(std::span<const EncounterRecord> episodes, TimeMicros ts,
                               Select select) {
  const EncounterRecord* best = nullptr;
  TimeMicros best_gap = 0;
  for (const EncounterRecord& e : episodes) {
    if (!select(e)) continue;
    TimeMicros end = e.discharged == kNoTime ? ts : e.discharged;
    TimeMicros gap = ts < e.admitted ? e.admitted - ts : (ts > end ? ts - end : 0);
    if (!best || gap < best_gap) {
      best = &e;
      best_gap = gap;
    }
  }
  return best;
}

// "ended 120 days before" / "begins 40 days after".
std::string Distance(const EncounterRecord& e, TimeMicros ts) {
  TimeMicros end = e.discharged == kNoTime ? ts : e.discharged;
  if (ts < e.admitted) return Days(e.admitted - ts) + " after the access";
  if (ts > end) return Days(ts - end) + " before the access";
  return "at the time of the access";
}

void Sentence(std::string_view s, std::string& out) {
  AppendSentence(s, out);
}

// Why the explanation that holds does: one sentence.
std::string WhyItHolds(EventView& v) {
  const Event& ev = v.event();
  const Explanation x = v.explanation();
  const EncounterRecord* ep = v.explanation_episode();
  const ContextOptions* o = v.context() ? &v.context()->options() : nullptr;
  std::string dept = ep ? std::string(Name(v, ep->department)) : std::string();
  switch (x) {
    case Explanation::kNone:
      return {};
    case Explanation::kAttending:
      return ev.user + " is the attending of " + EpisodeText(*ep) + " of the patient";
    case Explanation::kAppointmentProvider:
      return ev.user + " is the provider of " + EpisodeText(*ep) + " of the patient";
    case Explanation::kDepartmentEncounter:
    case Explanation::kDepartmentAppointment:
      return "The user's department, " + dept + ", has " + EpisodeText(*ep) + " of the patient";
    case Explanation::kCaseload:
      return ev.user + " was the patient's clinician in " + EpisodeText(*ep) + " (" +
             Distance(*ep, ev.ts) + ")";
    case Explanation::kOperationsRole:
      return "The user's role (" + std::string(v.role()) +
             ") works on patients with recent care, " + "and the patient had " + EpisodeText(*ep) +
             " in " + dept + " (" + Distance(*ep, ev.ts) + ")";
    case Explanation::kDepartmentFollowUp:
      return "Only a weak explanation holds: " + dept + " treated the patient in " +
             EpisodeText(*ep) + " (" + Distance(*ep, ev.ts) + "), within the follow-up window of " +
             (o ? Days(o->follow_up_after) : std::string("some days")) + " after or " +
             (o ? Days(o->follow_up_before) : std::string("some days")) + " before";
    case Explanation::kServiceDepartment:
      return "Only a weak explanation holds: the user's department (" +
             std::string(v.department()) +
             ") serves the patients of every department, and the patient is in care (" +
             EpisodeText(*ep) + " in " + dept + ")";
    case Explanation::kRecordsReview:
      if (!ep) {
        return "Only a weak explanation holds: the user's role (" + std::string(v.role()) +
               ") reviews the use of any record (privacy, compliance, audit)";
      }
      return "Only a weak explanation holds: the user's role (" + std::string(v.role()) +
             ") reviews records of past care, and the patient had " + EpisodeText(*ep) + " in " +
             dept + " (" + Distance(*ep, ev.ts) + ")";
    case Explanation::kInpatientCover:
      return "Only a weak explanation holds: the patient was in the hospital at the time (" +
             EpisodeText(*ep) + " in " + dept +
             "), where clinicians of other departments consult and cover";
    case Explanation::kReturning:
      return "Only a weak explanation holds: " + ev.user +
             " had a strongly explained access to the patient on " +
             ReadableDate(v.learned().since_day * kDay);
    case Explanation::kDepartmentWorkingSet:
      return "only a weak explanation holds: a colleague in " + std::string(v.department()) +
             " opened the record with a care reason on " +
             ReadableDate(v.learned().since_day * kDay);
    case Explanation::kWorksWithColleague:
      return "Only a weak explanation holds: " + ev.user +
             " has lately been working on the patients of this patient's own clinician "
             "(supervision, cover or a shared group)";
    case Explanation::kWorksWithDepartment:
      return "Only a weak explanation holds: " + ev.user +
             " has lately been working on the patients of the department treating this patient "
             "(cross-cover or float work)";
  }
  return {};
}

}  // namespace

void AppendSentence(std::string_view s, std::string& out) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  if (s.empty()) return;
  out += s;
  out += ". ";
}

std::string ReadableDate(TimeMicros t) {
  std::string out = FormatIsoTime(t);
  return out.substr(0, 10);
}

std::string ReadableTime(TimeMicros t) {
  std::string out = FormatIsoTime(t);
  return out.substr(0, 10) + " " + out.substr(11, 5) + " UTC";
}

void AppendExplanationReport(EventView& v, std::string& out) {
  const Event& ev = v.event();
  if (ev.patient.empty() || ev.user.empty()) return;
  if (v.explanation() != Explanation::kNone) {
    Sentence(WhyItHolds(v), out);
    return;
  }
  const EmployeeRecord* e = v.employee();
  const PatientRecord* p = v.patient();
  if (!v.context()) {
    Sentence("No context feeds are loaded, so no care relationship could be checked", out);
    return;
  }
  if (!e) {
    Sentence(ev.user + " is not in the employees feed, so no care relationship could be checked",
             out);
    return;
  }
  if (!p) {
    Sentence(ev.patient + " is not in the patients feed, so no care relationship could be checked",
             out);
    return;
  }
  const ContextOptions& o = v.context()->options();
  auto episodes = v.context()->EncountersOf(*p);
  const uint32_t me = v.context()->EmployeeIndex(ev.user);
  const InternId dept = e->department;
  const InternId working = v.working_department();
  std::string dept_name(Name(v, dept));
  if (dept_name.empty()) dept_name = "the user's department";
  std::vector<std::string> checks;
  // The user's own episodes with the patient.
  const EncounterRecord* own =
      Nearest(episodes, ev.ts, [&](const EncounterRecord& x) { return x.attending == me; });
  if (own) {
    checks.push_back(ev.user + " was the patient's clinician in " + EpisodeText(*own) + ", " +
                     Distance(*own, ev.ts) + ", outside the " + Days(o.follow_up_after) +
                     " follow-up window");
  } else if (episodes.empty()) {
    checks.push_back("the patient has no encounter or appointment on file, with " + ev.user +
                     " or anyone");
  } else {
    checks.push_back(ev.user + " is not the attending or provider of any of the patient's " +
                     std::to_string(episodes.size()) + " encounters and appointments");
  }
  // The user's department (and the department the event names).
  const EncounterRecord* team = Nearest(episodes, ev.ts, [&](const EncounterRecord& x) {
    return x.department != 0 && (x.department == dept || x.department == working);
  });
  if (v.context()->IsWholeOrganisation(dept)) {
    checks.push_back(dept_name +
                     " holds half the staff or more: belonging to it explains nothing, the "
                     "clinician's own caseload does");
  } else if (team) {
    checks.push_back(std::string(Name(v, team->department)) + " last treated the patient in " +
                     EpisodeText(*team) + ", " + Distance(*team, ev.ts) +
                     ", outside the follow-up window (" + Days(o.follow_up_after) + " after, " +
                     Days(o.follow_up_before) + " before)");
  } else if (!episodes.empty()) {
    std::vector<std::string> others;
    for (const EncounterRecord& x : episodes) {
      std::string n(Name(v, x.department));
      if (!n.empty() && std::find(others.begin(), others.end(), n) == others.end() &&
          others.size() < 3)
        others.push_back(n);
    }
    std::string where;
    for (size_t i = 0; i < others.size(); ++i) where += (i ? ", " : "") + others[i];
    checks.push_back(dept_name + " never treated the patient" +
                     (where.empty() ? std::string() : " (their care was with " + where + ")"));
  }
  // Operations and records roles.
  if (e->role_class == RoleClass::kOperations || e->role_class == RoleClass::kRecords) {
    checks.push_back("the user's role (" + std::string(v.role()) +
                     ") explains work on patients with an encounter or appointment within " +
                     Days(o.operations_window) + ", and the patient has none");
  }
  const ExplanationMemoryOptions learned;
  checks.push_back("no colleague in " + dept_name +
                   " opened the record with a care reason in the last " +
                   std::to_string(learned.working_set_days) + " days");
  checks.push_back(ev.user + " had no earlier explained access to the patient in " +
                   std::to_string(learned.returning_days) + " days");
  checks.push_back(ev.user +
                   " has not lately been working with the department now treating "
                   "the patient");
  std::string text = "No explanation holds. Checked: ";
  for (size_t i = 0; i < checks.size(); ++i) {
    text += "(" + std::to_string(i + 1) + ") " + checks[i] + (i + 1 < checks.size() ? "; " : "");
  }
  Sentence(text, out);
}

}  // namespace phi
