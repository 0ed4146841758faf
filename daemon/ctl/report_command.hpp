// `phi-auditctl report patient-access MRN | user-activity USER | disclosures MRN [--from T]
// [--to T] [--format csv|json|pdf] [--output FILE]`: the access report a compliance officer
// hands over, written as FILE with its detached signature FILE.sig (the daemon's key, the chain
// position it was read at). The read is itself recorded (read_audit.hpp). Through the control
// socket the daemon sends both files back in one bundle and phi-auditctl writes them.
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

namespace phi {

class TimelineAccess;

struct ReportOptions {
  CLI::App* command = nullptr;
  CLI::App* patient_access = nullptr;
  CLI::App* user_activity = nullptr;
  CLI::App* disclosures = nullptr;
  std::string subject, from, to, format = "pdf", output;
  std::string bundle;  // set by phi-auditctl for the daemon: the file name to sign under
};

void AddReportOptions(CLI::App& app, ReportOptions& options);
int RunReport(TimelineAccess& access, const ReportOptions& options, std::ostream& out,
              std::ostream& err);

// The bundle's wire form: a header line, the report's bytes, the signature file's text.
std::string EncodeReportBundle(std::string_view report, std::string_view signature);
bool DecodeReportBundle(std::string_view bundle, std::string& report, std::string& signature);

}  // namespace phi
