// Access log and incident label writers (see access_log_writer.hpp).
#include "daemon/demo/access_log_writer.hpp"

#include "daemon/common/json_writer.hpp"
#include "daemon/demo/buffered_output.hpp"
#include "daemon/demo/ehr_export_csv.hpp"
#include "daemon/demo/text_format.hpp"
#include "daemon/event/event_json.hpp"

namespace phi::demo {
namespace {

// Where an access came from: a department workstation, the VPN gateway, or the report server.
void AppendOrigin(const Hospital& h, const AccessEvent& e, std::string& workstation,
                  std::string& client_ip) {
  const Employee& user = h.employees[e.user];
  workstation.clear();
  client_ip.clear();
  if (user.role == Role::kService) {
    workstation = "SRV-RPT-01";
    client_ip = "10.1.0.15";
  } else if (e.flags & kAccessRemote) {
    workstation = "VPN-GW-01";
    client_ip = "10.250.";
    AppendDecimal(e.user / 250 % 250, client_ip);
    client_ip += '.';
    AppendDecimal(e.user % 250 + 2, client_ip);
  } else {
    AppendWorkstationId(e.unit, e.workstation, workstation);
    client_ip = "10.";
    AppendDecimal(16 + static_cast<uint64_t>(e.unit), client_ip);
    client_ip += '.';
    AppendDecimal(1 + e.workstation / 100, client_ip);
    client_ip += '.';
    AppendDecimal(20 + e.workstation % 100, client_ip);
  }
}

}  // namespace

Result<AccessLogCounts> WriteAccessLogs(const Hospital& h, const std::vector<AccessEvent>& events,
                                        const std::string& dir) {
  auto jsonl = BufferedOutput::Create(dir + "/ehr_access.jsonl");
  if (!jsonl.ok()) return jsonl.status();
  auto csv = BufferedOutput::Create(dir + "/ehr_export.csv");
  if (!csv.ok()) return csv.status();
  csv.value()->buffer() += EhrExportCsv::kHeader;

  AccessLogCounts counts;
  Event event;
  const EventJsonOptions options{.provenance = false};
  EhrExportCsv export_rows;
  for (const AccessEvent& e : events) {
    const Employee& user = h.employees[e.user];
    if (e.flags & kAccessAncillary) {
      AppendOrigin(h, e, event.workstation, event.client_ip);
      export_rows.AppendRow(
          {.ts = e.ts,
           .user_id = user.user_id,
           .mrn = e.patient >= 0 ? h.patients[static_cast<size_t>(e.patient)].mrn : 0,
           .action = e.action,
           .record_type = e.record_type,
           .workstation = event.workstation,
           .record_count = e.record_count},
          csv.value()->buffer());
      csv.value()->MaybeFlush();
      ++counts.export_rows;
      continue;
    }
    event.ts = e.ts;
    event.user = user.user_id;
    event.role = RoleName(user.role);
    event.department = DepartmentName(e.unit);
    event.action = ActionName(e.action);
    event.patient.clear();
    if (e.patient >= 0) AppendMrn(h.patients[static_cast<size_t>(e.patient)].mrn, event.patient);
    event.record_type = RecordTypeName(e.record_type);
    event.record_count = e.record_count;
    AppendOrigin(h, e, event.workstation, event.client_ip);
    event.outcome = (e.flags & kAccessFailure) ? "failure" : "success";
    event.event_id = "ehr-";
    AppendZeroPadded(++counts.jsonl_events, 9, event.event_id);
    std::string& out = jsonl.value()->buffer();
    AppendEventJson(event, options, out);
    out += '\n';
    jsonl.value()->MaybeFlush();
  }
  Status s = jsonl.value()->Close();
  Status c = csv.value()->Close();
  if (!s.ok()) return s;
  if (!c.ok()) return c;
  return counts;
}

Status WriteIncidents(const Hospital& h, const std::vector<Incident>& incidents,
                      const std::string& path) {
  auto file = BufferedOutput::Create(path);
  if (!file.ok()) return file.status();
  std::string& out = file.value()->buffer();
  std::string ts;
  for (const Incident& incident : incidents) {
    bool first = true;
    out += '{';
    AppendJsonMember("scenario", incident.scenario, first, out);
    AppendJsonMember("user", h.employees[incident.user].user_id, first, out);
    AppendJsonMember("patient",
                     incident.patient >= 0
                         ? MrnText(h.patients[static_cast<size_t>(incident.patient)].mrn)
                         : std::string(),
                     first, out);
    ts.clear();
    AppendIsoTime(incident.ts, ts);
    AppendJsonMember("ts", ts, first, out);
    AppendJsonMember("description", incident.description, first, out);
    out += "}\n";
  }
  return file.value()->Close();
}

}  // namespace phi::demo
