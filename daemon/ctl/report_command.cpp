#include "daemon/ctl/report_command.hpp"

#include <unistd.h>

#include <filesystem>

#include "daemon/common/os_user.hpp"
#include "daemon/ctl/read_audit.hpp"
#include "daemon/ctl/report_builder.hpp"
#include "daemon/ctl/timeline_commands.hpp"
#include "daemon/integrity/detached_signature.hpp"
#include "daemon/integrity/signed_file.hpp"
#include "daemon/integrity/signing_key.hpp"
#include "daemon/reports/report_csv_writer.hpp"
#include "daemon/reports/report_json_writer.hpp"
#include "daemon/reports/report_pdf_writer.hpp"

namespace phi {
namespace {

constexpr char kBundleMagic[] = "PHI-REPORT-BUNDLE 1 ";
constexpr TimeMicros kSixYears = (6 * 365 + 2) * 86400LL * kMicrosPerSecond;

int Fail(std::ostream& err, const std::string& message) {
  err << "phi-auditctl: " << message << "\n";
  return 1;
}

Result<std::string> Render(const AccessReport& report, const std::string& format) {
  if (format == "csv") return WriteReportCsv(report);
  if (format == "json") return WriteReportJson(report);
  return WriteReportPdf(report);
}

}  // namespace

void AddReportOptions(CLI::App& app, ReportOptions& options) {
  options.command = app.add_subcommand("report", "access reports for patients and investigators");
  options.command->require_subcommand(1);
  struct Kind {
    CLI::App** slot;
    const char* name;
    const char* help;
    const char* subject;
  };
  for (const Kind& k : {
           Kind{&options.patient_access, "patient-access", "every access to one patient's record",
                "the patient's MRN"},
           Kind{&options.user_activity, "user-activity", "everything one user did", "the user id"},
           Kind{&options.disclosures, "disclosures",
                "releases of one patient's information outside the organisation (45 CFR "
                "164.528; six years by default)",
                "the patient's MRN"},
       }) {
    CLI::App* sub = options.command->add_subcommand(k.name, k.help);
    sub->add_option("subject", options.subject, k.subject)->required();
    sub->add_option("--from", options.from, "from this time (inclusive; a date or RFC 3339)");
    sub->add_option("--to", options.to, "up to this time (exclusive)");
    sub->add_option("--format", options.format, "pdf, csv or json")
        ->check(CLI::IsMember({"pdf", "csv", "json"}))
        ->capture_default_str();
    sub->add_option("--output", options.output,
                    "write the report here and its signature beside it (FILE.sig)");
    sub->add_option("--bundle", options.bundle)->group("");  // phi-auditctl to the daemon
    *k.slot = sub;
  }
}

int RunReport(TimelineAccess& access, const ReportOptions& options, std::ostream& out,
              std::ostream& err) {
  ReportRequest request;
  request.kind = options.user_activity->parsed() ? ReportKind::kUserActivity
                 : options.disclosures->parsed() ? ReportKind::kDisclosures
                                                 : ReportKind::kPatientAccess;
  request.subject = options.subject;
  const TimeMicros now = WallClockNow();
  if (request.kind == ReportKind::kDisclosures) request.from = now - kSixYears;
  for (auto [text, into] :
       {std::pair{&options.from, &request.from}, std::pair{&options.to, &request.to}}) {
    if (text->empty()) continue;
    auto t = ParseIsoTime(*text);
    if (!t) return Fail(err, "cannot read time '" + *text + "' (expected 2024-03-01 or RFC 3339)");
    *into = *t;
  }
  if (options.format == "pdf" && options.output.empty() && options.bundle.empty())
    return Fail(err, "a PDF report needs --output FILE");
  const bool signed_copy = !options.output.empty() || !options.bundle.empty();
  std::optional<SigningKey> key;
  if (signed_copy) {
    auto loaded = SigningKey::Load(access.signing_key_path());
    if (!loaded.ok()) {
      return Fail(err, "cannot sign the report: " + loaded.status().message() +
                           " (run phi-auditctl while phi-auditd runs, or as its user)");
    }
    key.emplace(std::move(loaded.value()));
  }
  auto timeline = access.Open(Timeline::Families::kAll);
  if (!timeline.ok()) return Fail(err, timeline.status().message());
  auto context = access.Context();
  auto report = BuildAccessReport(*timeline.value(), context.get(), request);
  if (!report.ok()) return Fail(err, report.status().message());
  report.value().generated_at = now;
  report.value().generated_by = access.actor().empty() ? UserName(::geteuid()) : access.actor();
  if (key) report.value().integrity.key_fingerprint_hex = key->Fingerprint();
  auto bytes = Render(report.value(), options.format);
  if (!bytes.ok()) return Fail(err, bytes.status().message());

  // Recorded before anything leaves: a report nobody can see was made is not made.
  AuditedRead read = AuditedRead::Of(
      std::string("report ") + (request.kind == ReportKind::kUserActivity  ? "user-activity"
                                : request.kind == ReportKind::kDisclosures ? "disclosures"
                                                                           : "patient-access"),
      request.kind == ReportKind::kUserActivity ? "" : request.subject,
      request.kind == ReportKind::kUserActivity ? request.subject : "");
  read.actor = report.value().generated_by;
  read.returned = report.value().rows.size();
  const std::string data_dir = std::filesystem::path(access.timeline_path()).parent_path();
  Status recorded = RecordRead(data_dir, read);
  if (!recorded.ok()) return Fail(err, recorded.message());

  const ReportIntegrity& at = report.value().integrity;
  if (!options.bundle.empty()) {
    Status name = CheckDetachedSignatureInputs(options.bundle, at.chain_hash_hex);
    if (!name.ok()) return Fail(err, name.message());
    out << EncodeReportBundle(
        bytes.value(), MakeDetachedSignature(*key, bytes.value(), options.bundle, at.chain_link,
                                             at.chain_hash_hex, now));
    return out ? 0 : 1;
  }
  if (!options.output.empty()) {
    Status written = WriteFileWithSignature(options.output, bytes.value(), *key, at.chain_link,
                                            at.chain_hash_hex);
    if (!written.ok()) return Fail(err, written.message());
    out << "report: " << options.output << " (" << report.value().rows.size()
        << " accesses), signature: " << options.output << ".sig\n";
    return 0;
  }
  out << bytes.value();
  err << "phi-auditctl: not signed (give --output FILE for a signed copy)\n";
  return 0;
}

std::string EncodeReportBundle(std::string_view report, std::string_view signature) {
  std::string out = kBundleMagic;
  out += std::to_string(report.size()) + " " + std::to_string(signature.size()) + "\n";
  out.append(report);
  out.append(signature);
  return out;
}

bool DecodeReportBundle(std::string_view bundle, std::string& report, std::string& signature) {
  if (!bundle.starts_with(kBundleMagic)) return false;
  size_t eol = bundle.find('\n');
  if (eol == std::string_view::npos) return false;
  std::string header(bundle.substr(std::string_view(kBundleMagic).size(),
                                   eol - std::string_view(kBundleMagic).size()));
  unsigned long long report_size = 0, signature_size = 0;
  char tail = 0;
  if (std::sscanf(header.c_str(), "%llu %llu%c", &report_size, &signature_size, &tail) != 2)
    return false;
  std::string_view body = bundle.substr(eol + 1);
  if (body.size() != report_size + signature_size) return false;
  report.assign(body.substr(0, report_size));
  signature.assign(body.substr(report_size));
  return true;
}

}  // namespace phi
