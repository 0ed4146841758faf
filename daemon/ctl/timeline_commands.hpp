// The phi-auditctl commands that read the timeline (events, stats, dead-letters, alerts): their
// command-line options and how each runs, written to the streams given. phi-auditctl sends them
// to the running daemon over its control socket, which runs them here on the timeline it has
// open; with no daemon answering, phi-auditctl runs them itself on a secondary instance.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "daemon/alerts/alert_filter.hpp"
#include "daemon/context/context_snapshot.hpp"
#include "daemon/ctl/hold_commands.hpp"
#include "daemon/ctl/report_command.hpp"
#include "daemon/ctl/verify_command.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

// Where a command gets the timeline from.
class TimelineAccess {
 public:
  virtual ~TimelineAccess() = default;
  // The timeline with at least `families` readable (a secondary instance opens only those).
  virtual Result<Timeline*> Open(Timeline::Families families) = 0;
  // For people: the path shown by `stats`.
  virtual std::string timeline_path() const = 0;
  // Runs `job` where the timeline may be written (the daemon's ingest thread) and returns its
  // exit status; only the running daemon can. `actor` is who asked, as the daemon saw them.
  virtual Result<int> RunAsWriter(const std::function<int(Timeline&)>& /*job*/) {
    return Status::Invalid(
        "phi-auditd is not running here: alerts are acknowledged, assigned, noted and resolved, "
        "and legal holds placed and released, through the running daemon (its control socket), "
        "so that every change has one writer");
  }
  virtual std::string actor() const { return ""; }
  // Where `alerts resolve ID false_positive --except` adds exceptions ("": detection is off).
  virtual std::string exceptions_path() const { return ""; }
  virtual std::string rules_dir() const { return ""; }
  // Fills `options` so that verify checks checkpoint signatures: with the public key in
  // `public_key_file`, else the daemon's own signing key where this user can read it.
  virtual Status ChainSignatureCheck(const std::string& public_key_file,
                                     ChainVerifyOptions& options) const;
  // The context (staff, patients, care relationships) reports explain accesses with; null
  // when no feeds are configured.
  virtual std::shared_ptr<const ContextSnapshot> Context() { return nullptr; }
  // The daemon's private key, which signs reports (readable by the daemon's user only).
  virtual std::string signing_key_path() const {
    return std::filesystem::path(timeline_path()).parent_path() / "signing-key.pem";
  }
};

// The options of every timeline command, as CLI11 fills them in.
struct TimelineCommandLine {
  CLI::App* events = nullptr;
  CLI::App* stats = nullptr;
  CLI::App* verify = nullptr;
  VerifyOptions verify_options;
  ReportOptions report_options;
  CLI::App* dead_letters = nullptr;
  CLI::App* alerts = nullptr;
  CLI::App* cases = nullptr;
  CLI::App* case_show = nullptr;
  size_t case_limit = 50;
  std::string case_format = "table", case_user;
  EventQuery query;
  std::string patient, user, from, to, format = "table";
  bool oldest_first = false, all_pages = false;
  size_t dead_letter_limit = 50;
  CLI::App* alert_show = nullptr;
  // Triage: one of these subcommands, the alert, and what goes with the change.
  std::vector<std::pair<CLI::App*, std::string>> triage;  // subcommand, change kind
  std::string triage_text, triage_note;
  bool triage_except = false;  // resolve false_positive --except
  size_t alert_limit = 50;
  std::string alert_format = "table";
  std::string alert_severity, alert_since, alert_id;
  AlertFilter alert_filter;
  HoldCommandLine holds;  // hold add / release / list

  // Adds the subcommands and their options to `app`.
  void AddTo(CLI::App& app);
  // True when one of them was on the command line.
  bool parsed() const;
  // Runs the one that was.
  int Run(TimelineAccess& access, std::ostream& out, std::ostream& err);
};

// The daemon's side: parses `args` (phi-auditctl's arguments, global options included) and
// runs the timeline command they name. Anything else is a usage error, status 2.
int RunTimelineCommandLine(const std::vector<std::string>& args, TimelineAccess& access,
                           std::ostream& out, std::ostream& err);

}  // namespace phi
