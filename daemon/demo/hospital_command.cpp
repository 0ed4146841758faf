// The `hospital` subcommand's steps, in order (see hospital_command.hpp).
#include "daemon/demo/hospital_command.hpp"

#include <filesystem>
#include <map>

#include "daemon/demo/access_log_writer.hpp"
#include "daemon/demo/context_writer.hpp"
#include "daemon/demo/output_self_check.hpp"
#include "daemon/demo/synthetic_world.hpp"

namespace phi::demo {
namespace {

Status MakeDirectory(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return Status::IoError("cannot create directory " + path + ": " + error.message());
  return Status::Ok();
}

}  // namespace

Status GenerateHospital(const HospitalOptions& options, const std::string& out_dir,
                        std::string& summary) {
  for (const char* sub : {"/context", "/logs"}) {
    Status s = MakeDirectory(out_dir + sub);
    if (!s.ok()) return s;
  }

  auto world = BuildSyntheticWorld(options);
  const Hospital& hospital = world->hospital;
  const auto& incidents = world->incidents;
  Status s = CheckGeneratedOutput(hospital, *world->history, incidents.incidents, world->events);
  if (!s.ok()) return s;
  s = WriteContextFeeds(hospital, out_dir + "/context");
  if (!s.ok()) return s;
  auto counts = WriteAccessLogs(hospital, world->events, out_dir + "/logs");
  if (!counts.ok()) return counts.status();
  s = WriteIncidents(hospital, incidents.incidents, out_dir + "/incidents.jsonl");
  if (!s.ok()) return s;

  std::map<std::string, int> per_scenario;
  for (const auto& incident : incidents.incidents) ++per_scenario[incident.scenario];
  summary = "phi-demo-gen: wrote " + out_dir + " (" + std::string(ProfileName(options.profile)) +
            "): " + std::to_string(hospital.employees.size()) + " employees, " +
            std::to_string(hospital.patients.size()) + " patients, " +
            std::to_string(hospital.encounters.size()) + " encounters, " +
            std::to_string(hospital.appointments.size()) + " appointments, " +
            std::to_string(counts->jsonl_events) + " ehr_access.jsonl events, " +
            std::to_string(counts->export_rows) + " ehr_export.csv rows, " +
            std::to_string(incidents.incidents.size()) + " incidents in " +
            std::to_string(per_scenario.size()) + " scenarios";
  for (const auto& skipped : incidents.skipped) summary += "\nphi-demo-gen: skipped " + skipped;
  return Status::Ok();
}

}  // namespace phi::demo
