// phi-auditctl: the operator's tool. Timeline commands go to the running daemon's control
// socket; with no daemon answering, it reads the timeline itself through a RocksDB secondary
// instance. Every failure ends in Fail(): one line on stderr and exit status 1, never an
// uncaught exception.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "daemon/app/process_hardening.hpp"
#include "daemon/common/atomic_file.hpp"
#include "daemon/common/os_user.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/context/context_store.hpp"
#include "daemon/control/control_client.hpp"
#include "daemon/ctl/detection_commands.hpp"
#include "daemon/ctl/report_command.hpp"
#include "daemon/ctl/rotate_key_command.hpp"
#include "daemon/ctl/timeline_commands.hpp"
#include "daemon/ctl/verify_report_command.hpp"

namespace {

constexpr char kDefaultConfig[] = "/etc/phi-auditd/phi-auditd.yaml";

int Fail(const std::string& message) {
  std::cerr << "phi-auditctl: " << message << "\n";
  return 1;
}

struct Target {
  std::string config_path = kDefaultConfig;
  std::string data_dir;
};

using phi::GroupName;
using phi::UserName;

// Why a permission error happened and what to do: who owns the nearest folder on the way to
// the timeline that this user can see, and who may read it (see docs/access.md).
std::string AccessAdvice(const std::string& timeline_path) {
  std::string advice = " (phi-auditctl runs as user '" + UserName(geteuid()) + "')";
  std::string path = timeline_path;
  struct stat st;
  while (!path.empty() && stat(path.c_str(), &st) != 0) {
    size_t slash = path.rfind('/');
    path = slash == std::string::npos || slash == 0 ? "" : path.substr(0, slash);
  }
  if (path.empty()) return advice;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  std::string owner = UserName(st.st_uid), group = GroupName(st.st_gid);
  advice += ". " + path + " belongs to user '" + owner + "' and group '" + group + "' (mode " +
            mode + "): run phi-auditctl as the daemon's user, e.g. sudo -u " + owner +
            " phi-auditctl ...";
  if ((st.st_mode & 0050) == 0050) {
    advice += ", or as a member of group '" + group + "'";
  }
  return advice + "; see docs/access.md";
}

// Opens a secondary instance when the daemon does not answer: only the families the command
// reads, since every table of an opened family is opened on start.
class SecondaryAccess : public phi::TimelineAccess {
 public:
  // `config`: the daemon's configuration when phi-auditctl was given one (its context feeds
  // and signing key), else null.
  SecondaryAccess(std::string data_dir, const phi::DaemonConfig* config)
      : data_dir_(std::move(data_dir)), path_(data_dir_ + "/timeline"), config_(config) {}
  std::shared_ptr<const phi::ContextSnapshot> Context() override {
    if (config_ == nullptr || !config_->detection.has_context()) return nullptr;
    auto store =
        phi::ContextStore::Open(config_->detection.context, config_->detection.context_options);
    if (!store.ok()) return nullptr;  // the report then says no context explained it
    return store.value()->Current();
  }
  std::string signing_key_path() const override {
    return config_ != nullptr ? config_->integrity.signing_key
                              : phi::TimelineAccess::signing_key_path();
  }
  phi::Result<phi::Timeline*> Open(phi::Timeline::Families families) override {
    auto timeline = phi::Timeline::OpenSecondary(path_, families, AtRestKeys());
    if (!timeline.ok() && timeline.status().code() == phi::Status::Code::kPermissionDenied) {
      return phi::Status::PermissionDenied("cannot open the timeline at " + path_ +
                                           ": permission denied" + AccessAdvice(path_));
    }
    if (!timeline.ok()) return timeline.status();
    timeline_ = std::move(timeline.value());
    return timeline_.get();
  }
  std::string timeline_path() const override { return path_; }

 private:
  // The key file a timeline encrypted at rest is read with; none when it is absent or cannot be
  // used (stats and verify still work, and reading events says what is missing).
  std::shared_ptr<const phi::AtRestKeyRing> AtRestKeys() const {
    auto keys = phi::AtRestKeyRing::Load(config_ != nullptr
                                             ? config_->integrity.at_rest_key
                                             : phi::DaemonConfig::default_at_rest_key(data_dir_));
    if (keys.ok()) return std::make_shared<const phi::AtRestKeyRing>(std::move(keys.value()));
    // Absent, or not this user's to open: said when an event needs it. Refused for its mode,
    // owner or contents: said now, since nothing later would say why.
    if (keys.status().code() != phi::Status::Code::kNotFound &&
        keys.status().code() != phi::Status::Code::kIoError)
      std::cerr << "phi-auditctl: note: " << keys.status().message() << "\n";
    return nullptr;
  }

  std::string data_dir_;
  std::string path_;
  const phi::DaemonConfig* config_;
  std::unique_ptr<phi::Timeline> timeline_;
};

// `report ... --output FILE` through the daemon: the daemon signs and sends both files in one
// bundle (it writes nowhere on the client's behalf); they are written here, as this user.
std::optional<std::string> ReportOutput(std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "report") == args.end()) return std::nullopt;
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] != "--output") continue;
    std::string file = args[i + 1];
    args[i] = "--bundle";
    args[i + 1] = std::filesystem::path(file).filename().string();
    return file;
  }
  return std::nullopt;
}

int WriteReportBundle(const std::string& file, const std::string& bundle) {
  std::string report, signature;
  if (!phi::DecodeReportBundle(bundle, report, signature))
    return Fail("the daemon's answer is not a report bundle");
  for (auto [path, bytes] : {std::pair{file, &report}, std::pair{file + ".sig", &signature}}) {
    phi::Status written = phi::WriteFileAtomically(path, *bytes, 0640);
    if (!written.ok()) return Fail(written.message());
  }
  std::cout << "report: " << file << ", signature: " << file << ".sig\n";
  return 0;
}

// File names on the command line, made absolute: the daemon that reads them runs elsewhere.
std::vector<std::string> WithAbsolutePaths(std::vector<std::string> args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const bool is_path_option = args[i] == "--public-key";
    if (is_path_option && i + 1 < args.size() && !args[i + 1].empty()) {
      args[i + 1] = std::filesystem::absolute(args[i + 1]).string();
    } else if (args[i].starts_with("--public-key=")) {
      const std::string value = args[i].substr(std::string_view("--public-key=").size());
      if (!value.empty()) args[i] = "--public-key=" + std::filesystem::absolute(value).string();
    }
  }
  return args;
}

// A timeline command: run by the daemon when it answers on its control socket (no database to
// open, nothing to replay, and it sees every commit), else here on a secondary instance.
int RunTimelineCommand(const Target& target, phi::TimelineCommandLine& commands,
                       const std::vector<std::string>& args) {
  std::string data_dir = target.data_dir;
  std::optional<phi::DaemonConfig> config;
  if (data_dir.empty()) {
    auto loaded = phi::LoadConfig(target.config_path);
    if (!loaded.ok()) return Fail(loaded.status().message());
    config = std::move(loaded.value());
    data_dir = config->data_dir;
  }
  std::vector<std::string> daemon_args = WithAbsolutePaths(args);
  const std::optional<std::string> report_file = ReportOutput(daemon_args);
  std::ostringstream bundle;
  auto in_daemon = phi::control::RunInDaemon(
      phi::control::ControlSocketPath(data_dir), daemon_args,
      report_file ? static_cast<std::ostream&>(bundle) : std::cout, std::cerr);
  if (in_daemon.ok()) {
    if (report_file && in_daemon.value() == 0) return WriteReportBundle(*report_file, bundle.str());
    return in_daemon.value();
  }
  auto code = in_daemon.status().code();
  if (code != phi::Status::Code::kNotFound && code != phi::Status::Code::kPermissionDenied)
    return Fail(in_daemon.status().message());
  SecondaryAccess access(data_dir, config ? &*config : nullptr);
  return commands.Run(access, std::cout, std::cerr);
}

int Run(int argc, char** argv) {
  CLI::App app{"phi-auditctl: query and operate phi-auditd"};
  app.require_subcommand(1);
  Target target;
  app.add_option("-c,--config", target.config_path, "the daemon's configuration file")
      ->capture_default_str();
  app.add_option("--data-dir", target.data_dir, "the daemon's data_dir (instead of --config)");

  phi::TimelineCommandLine commands;
  commands.AddTo(app);

  auto* rules = app.add_subcommand("rules", "check and test detection rules");
  rules->require_subcommand(1);
  auto* check = rules->add_subcommand("check", "validate a rule folder and run its test cases");
  std::string check_dir;
  check->add_option("dir", check_dir, "the rule folder")->required();
  auto* test = rules->add_subcommand("test", "replay a recorded log through the rules, offline");
  phi::OfflineReplayOptions replay;
  std::string replay_format = "table", time_zone = "UTC";
  test->add_option("--rules", replay.rules_dir, "the rule folder")->required();
  test->add_option("--context", replay.context_dir,
                   "folder with employees/patients/encounters.csv");
  test->add_option("--input", replay.input, "the log file")->required();
  test->add_option("--format", replay.format,
                   "the log's format (phi-json, csv, pgaudit-stderr, ...)")
      ->capture_default_str();
  test->add_option("--patient-pattern", replay.patient_pattern, "RE2 pattern for patient ids");
  test->add_option("--time-zone", time_zone, "zone of hour and weekday")->capture_default_str();
  test->add_option("--output", replay_format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  auto* verify_report = app.add_subcommand(
      "verify-report", "check a report against its signature (FILE.sig), offline");
  std::string report_file, report_key;
  verify_report->add_option("file", report_file, "the report")->required();
  verify_report->add_option("--public-key", report_key,
                            "the daemon's public key (default: the one in its data_dir)");

  auto* rotate_key = app.add_subcommand(
      "rotate-at-rest-key",
      "add a new key in front of the timeline's at-rest key file (used from the daemon's next "
      "start)");

  CLI11_PARSE(app, argc, argv);
  if (rotate_key->parsed()) {
    std::string key_file = phi::DaemonConfig::default_at_rest_key(target.data_dir);
    if (target.data_dir.empty()) {
      auto config = phi::LoadConfig(target.config_path);
      if (!config.ok()) return Fail(config.status().message());
      key_file = config->integrity.at_rest_key;
    }
    return phi::RunRotateAtRestKey(key_file, std::cout, std::cerr);
  }
  if (verify_report->parsed()) {
    std::string data_dir = target.data_dir;
    if (data_dir.empty() && report_key.empty()) {
      auto config = phi::LoadConfig(target.config_path);
      if (config.ok()) data_dir = config->data_dir;
    }
    return phi::RunVerifyReport(report_file, report_key,
                                data_dir.empty() ? "" : data_dir + "/signing-key.pub", std::cout,
                                std::cerr);
  }
  if (check->parsed()) return phi::RunRulesCheck(check_dir);
  if (test->parsed()) {
    auto zone = phi::TimeZone::Load(time_zone);
    if (!zone.ok()) return Fail(zone.status().message());
    replay.settings.time_zone = zone.value();
    return phi::RunRulesTest(replay, replay_format);
  }
  if (commands.parsed())
    return RunTimelineCommand(target, commands, std::vector<std::string>(argv + 1, argv + argc));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // phi-auditctl prints PHI too: no core files of it either.
  if (phi::Status hardened = phi::DisableCoreDumps(); !hardened.ok())
    return Fail(hardened.message());
  // RocksDB, the file system library and the standard library may throw; whatever escapes a
  // subcommand still ends as one message and exit status 1, not std::terminate's abort.
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    return Fail(std::string("unexpected error: ") + e.what());
  } catch (...) {
    return Fail("unexpected error");
  }
}
