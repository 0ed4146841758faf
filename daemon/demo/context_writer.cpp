// Context feed CSV writers (see context_writer.hpp).
#include "daemon/demo/context_writer.hpp"

#include "daemon/demo/buffered_output.hpp"
#include "daemon/demo/text_format.hpp"

namespace phi::demo {
namespace {

void AppendDay(int64_t day, std::string& out) {
  if (day != kNoDay) AppendIsoDate(day, out);
}

// Writes `header`, then a line per item: the fields `append_fields` appends, and a newline.
template <typename Item, typename AppendFields>
Status WriteCsvFile(const std::string& path, std::string_view header,
                    const std::vector<Item>& items, AppendFields append_fields) {
  auto file = BufferedOutput::Create(path);
  if (!file.ok()) return file.status();
  std::string& out = file.value()->buffer();
  out += header;
  for (const Item& item : items) {
    append_fields(item, out);
    out += '\n';
    file.value()->MaybeFlush();
  }
  return file.value()->Close();
}

Status WriteEmployees(const Hospital& h, const std::string& path) {
  constexpr std::string_view kHeader =
      "user_id,name,last_name,department,role,address,hired,terminated\n";
  return WriteCsvFile(path, kHeader, h.employees, [](const Employee& e, std::string& out) {
    AppendCsvField(e.user_id, out);
    out += ',';
    AppendCsvField(e.first_name, out);
    out += ',';
    AppendCsvField(e.last_name, out);
    out += ',';
    out += DepartmentName(e.department);
    out += ',';
    out += RoleName(e.role);
    out += ',';
    AppendCsvField(e.address, out);
    out += ',';
    AppendDay(e.hired_day, out);
    out += ',';
    AppendDay(e.terminated_day, out);
  });
}

Status WritePatients(const Hospital& h, const std::string& path) {
  std::string contacts;
  constexpr std::string_view kHeader =
      "mrn,name,last_name,dob,address,vip,employee_user_id,deceased,contact_names\n";
  return WriteCsvFile(path, kHeader, h.patients, [&](const Patient& p, std::string& out) {
    AppendMrn(p.mrn, out);
    out += ',';
    AppendCsvField(p.first_name, out);
    out += ',';
    AppendCsvField(p.last_name, out);
    out += ',';
    AppendDay(p.dob_day, out);
    out += ',';
    AppendCsvField(p.address, out);
    out += p.vip ? ",1," : ",0,";
    if (p.employee >= 0) out += h.employees[static_cast<size_t>(p.employee)].user_id;
    out += ',';
    AppendDay(p.deceased_day, out);
    out += ',';
    contacts.clear();
    for (const auto& contact : p.contacts) {
      if (!contacts.empty()) contacts += ';';
      contacts += contact.name;
    }
    AppendCsvField(contacts, out);
  });
}

Status WriteEncounters(const Hospital& h, const std::string& path) {
  TimeTextCache times(TimeLayout::kIso);
  constexpr std::string_view kHeader = "mrn,department,attending_user_id,admitted,discharged\n";
  return WriteCsvFile(path, kHeader, h.encounters, [&](const Encounter& e, std::string& out) {
    AppendMrn(h.patients[e.patient].mrn, out);
    out += ',';
    out += DepartmentName(e.department);
    out += ',';
    out += h.employees[e.attending].user_id;
    out += ',';
    times.Append(e.admitted, out);
    out += ',';
    if (e.discharged != kNever) times.Append(e.discharged, out);
  });
}

Status WriteAppointments(const Hospital& h, const std::string& path) {
  TimeTextCache times(TimeLayout::kIso);
  constexpr std::string_view kHeader = "mrn,department,provider_user_id,scheduled_at\n";
  return WriteCsvFile(path, kHeader, h.appointments, [&](const Appointment& a, std::string& out) {
    AppendMrn(h.patients[a.patient].mrn, out);
    out += ',';
    out += DepartmentName(a.department);
    out += ',';
    out += h.employees[a.provider].user_id;
    out += ',';
    times.Append(a.scheduled, out);
  });
}

}  // namespace

Status WriteContextFeeds(const Hospital& h, const std::string& dir) {
  Status s = WriteEmployees(h, dir + "/employees.csv");
  if (s.ok()) s = WritePatients(h, dir + "/patients.csv");
  if (s.ok()) s = WriteEncounters(h, dir + "/encounters.csv");
  if (s.ok()) s = WriteAppointments(h, dir + "/appointments.csv");
  return s;
}

}  // namespace phi::demo
