// Generates consults and consult orders (see consult_generator.hpp).
#include "daemon/demo/consult_generator.hpp"

#include <algorithm>
#include <array>

#include "daemon/demo/world_rates.hpp"

namespace phi::demo {
namespace {

constexpr std::array<Role, 1> kPhysician = {Role::kPhysician};

struct ConsultDemand {
  Department department;
  int weight;
};

// Who a department usually asks for a consult.
std::span<const ConsultDemand> ConsultedBy(Department d) {
  static constexpr ConsultDemand kEmergency[] = {
      {Department::kCardiology, 25},       {Department::kPsychiatry, 25},
      {Department::kInternalMedicine, 20}, {Department::kOncology, 5},
      {Department::kObstetrics, 10},       {Department::kPediatrics, 15}};
  static constexpr ConsultDemand kMedicine[] = {{Department::kCardiology, 35},
                                                {Department::kOncology, 20},
                                                {Department::kPsychiatry, 25},
                                                {Department::kObstetrics, 5}};
  static constexpr ConsultDemand kCardiology[] = {{Department::kInternalMedicine, 40},
                                                  {Department::kPsychiatry, 20},
                                                  {Department::kOncology, 10}};
  static constexpr ConsultDemand kOncology[] = {{Department::kInternalMedicine, 30},
                                                {Department::kCardiology, 30},
                                                {Department::kPsychiatry, 30}};
  static constexpr ConsultDemand kPediatrics[] = {{Department::kCardiology, 30},
                                                  {Department::kPsychiatry, 40},
                                                  {Department::kInternalMedicine, 10}};
  static constexpr ConsultDemand kPsychiatry[] = {{Department::kInternalMedicine, 70},
                                                  {Department::kCardiology, 20}};
  static constexpr ConsultDemand kObstetrics[] = {{Department::kInternalMedicine, 40},
                                                  {Department::kCardiology, 20},
                                                  {Department::kPsychiatry, 30},
                                                  {Department::kPediatrics, 10}};
  switch (d) {
    case Department::kEmergency:
      return kEmergency;
    case Department::kCardiology:
      return kCardiology;
    case Department::kOncology:
      return kOncology;
    case Department::kPediatrics:
      return kPediatrics;
    case Department::kPsychiatry:
      return kPsychiatry;
    case Department::kObstetrics:
      return kObstetrics;
    default:
      return kMedicine;
  }
}

void ConsultOn(Hospital& h, const Roster& roster, uint32_t index, int64_t day, DemoRandom& rng) {
  const Encounter& e = h.encounters[index];
  const TimeMicros end = std::min(e.discharged, h.End());
  // In daytime when the stay allows, otherwise whenever the patient is there.
  TimeMicros from =
      std::max(e.admitted + 30 * kMicrosPerMinute, h.DayStart(day) + 8 * kMicrosPerHour);
  TimeMicros to = std::min(end - 30 * kMicrosPerMinute, h.DayStart(day) + 18 * kMicrosPerHour);
  if (to <= from) {
    from = std::max(e.admitted + 20 * kMicrosPerMinute, h.DayStart(day));
    to = std::min(end - 20 * kMicrosPerMinute, h.DayStart(day + 1));
    if (to <= from) return;
  }
  auto demand = ConsultedBy(e.department);
  std::array<int, 8> weights{};
  for (size_t k = 0; k < demand.size(); ++k) weights[k] = demand[k].weight;
  const Department by =
      demand[rng.Weighted(std::span<const int>(weights.data(), demand.size()))].department;
  const TimeMicros t = rng.Between(from, to);
  const Patient& patient = h.patients[e.patient];
  auto consultant = roster.OnDuty(by, kPhysician, t, rng, 30 * kMicrosPerMinute, [&](uint32_t u) {
    return !IsPersonallyLinked(u, h.employees[u], patient);  // one would hand that over
  });
  if (!consultant) return;
  Consult c;
  c.patient = e.patient;
  c.encounter = static_cast<int32_t>(index);
  c.department = by;
  c.consultant = *consultant;
  c.at = t - t % 1000;
  c.recorded = rng.Chance(h.options.consult_order_share);
  h.consults.push_back(c);
  if (!c.recorded) return;
  Appointment order;
  order.patient = c.patient;
  order.department = by;
  order.kind = AppointmentKind::kConsultOrder;
  order.provider = c.consultant;
  order.scheduled = c.at;
  order.encounter = c.encounter;
  h.appointments.push_back(order);
}

}  // namespace

void GenerateConsults(Hospital& h, const Roster& roster) {
  for (uint32_t i = 0; i < h.encounters.size(); ++i) {
    const Encounter& e = h.encounters[i];
    DemoRandom rng(DeriveSeed(h.options.seed, {Salt("consults"), i}));
    const int64_t first = std::max<int64_t>(h.WindowDay(e.admitted), -kHistoryDays);
    const int64_t last =
        std::min<int64_t>(h.WindowDay(std::min(e.discharged, h.End()) - 1), h.options.days - 1);
    if (e.department == Department::kEmergency) {
      if (rng.Chance(kConsultPerStayDay)) ConsultOn(h, roster, i, first, rng);
      continue;
    }
    for (int64_t day = first; day <= last; ++day) {
      if (rng.Chance(kConsultPerStayDay)) ConsultOn(h, roster, i, day, rng);
    }
  }
}

}  // namespace phi::demo
