// Context feed CSV writers (see context_writer.hpp).
#include "daemon/demo/context_writer.hpp"

#include "daemon/demo/buffered_output.hpp"
#include "daemon/demo/text_format.hpp"

namespace phi::demo {
namespace {

void AppendDay(int64_t day, std::string& out) {
  if (day != kNoDay) AppendIsoDate(day, out);
}

Status WriteEmployees(const Hospital& h, const std::string& path) {
  auto file = BufferedOutput::Create(path);
  if (!file.ok()) return file.status();
  std::string& out = file.value()->buffer();
  out += "user_id,name,last_name,department,role,address,hired,terminated\n";
  for (const Employee& e : h.employees) {
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
    out += '\n';
    file.value()->MaybeFlush();
  }
  return file.value()->Close();
}

Status WritePatients(const Hospital& h, const std::string& path) {
  auto file = BufferedOutput::Create(path);
  if (!file.ok()) return file.status();
  std::string& out = file.value()->buffer();
  std::string contacts;
  out += "mrn,name,last_name,dob,address,vip,employee_user_id,deceased,contact_names\n";
  for (const Patient& p : h.patients) {
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
    for (const auto& name : p.contacts) {
      if (!contacts.empty()) contacts += ';';
      contacts += name;
    }
    AppendCsvField(contacts, out);
    out += '\n';
    file.value()->MaybeFlush();
  }
  return file.value()->Close();
}

Status WriteEncounters(const Hospital& h, const std::string& path) {
  auto file = BufferedOutput::Create(path);
  if (!file.ok()) return file.status();
  std::string& out = file.value()->buffer();
  TimeTextCache times(TimeLayout::kIso);
  out += "mrn,department,attending_user_id,admitted,discharged\n";
  for (const Encounter& e : h.encounters) {
    AppendMrn(h.patients[e.patient].mrn, out);
    out += ',';
    out += DepartmentName(e.department);
    out += ',';
    out += h.employees[e.attending].user_id;
    out += ',';
    times.Append(e.admitted, out);
    out += ',';
    if (e.discharged != kNever) times.Append(e.discharged, out);
    out += '\n';
    file.value()->MaybeFlush();
  }
  return file.value()->Close();
}

}  // namespace

Status WriteContextFeeds(const Hospital& h, const std::string& dir) {
  Status s = WriteEmployees(h, dir + "/employees.csv");
  if (s.ok()) s = WritePatients(h, dir + "/patients.csv");
  if (s.ok()) s = WriteEncounters(h, dir + "/encounters.csv");
  return s;
}

}  // namespace phi::demo
