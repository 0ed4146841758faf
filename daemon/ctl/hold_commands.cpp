#include "daemon/ctl/hold_commands.hpp"

#include <optional>

#include "daemon/common/json_writer.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/ctl/timeline_commands.hpp"

namespace phi {
namespace {

int Fail(std::ostream& err, const std::string& message) {
  err << "phi-auditctl: " << message << "\n";
  return 1;
}

void WriteHoldLine(const LegalHold& h, std::ostream& out) {
  out << h.id << "  " << (h.released ? "released" : "active  ") << "  " << LegalHoldKindName(h.kind)
      << " " << TerminalSafe(h.subject) << "  placed " << FormatIsoTime(h.placed_at) << " by "
      << TerminalSafe(h.placed_by) << ": " << TerminalSafe(h.reason);
  if (h.released) {
    out << "; released " << FormatIsoTime(h.released_at) << " by " << TerminalSafe(h.released_by)
        << ": " << TerminalSafe(h.release_reason);
  }
  out << "\n";
}

void WriteHoldJson(const LegalHold& h, std::ostream& out) {
  std::string line = "{";
  bool first = true;
  AppendJsonMember("hold_id", static_cast<int64_t>(h.id), first, line);
  AppendJsonMember("status", h.released ? "released" : "active", first, line);
  AppendJsonMember("kind", LegalHoldKindName(h.kind), first, line);
  AppendJsonMember("subject", h.subject, first, line);
  AppendJsonMember("reason", h.reason, first, line);
  AppendJsonMember("placed_by", h.placed_by, first, line);
  AppendJsonMember("placed_at", FormatIsoTime(h.placed_at), first, line);
  if (h.released) {
    AppendJsonMember("released_by", h.released_by, first, line);
    AppendJsonMember("released_at", FormatIsoTime(h.released_at), first, line);
    AppendJsonMember("release_reason", h.release_reason, first, line);
  }
  out << line << "}\n";
}

int RunList(TimelineAccess& access, const std::string& format, std::ostream& out,
            std::ostream& err) {
  auto timeline = access.Open(Timeline::Families::kAll);
  if (!timeline.ok()) return Fail(err, timeline.status().message());
  auto holds = timeline.value()->LegalHolds();
  if (!holds.ok()) return Fail(err, holds.status().message());
  for (const LegalHold& h : holds.value()) {
    if (format == "json") {
      WriteHoldJson(h, out);
    } else {
      WriteHoldLine(h, out);
    }
  }
  if (holds.value().empty() && format != "json") out << "no legal holds\n";
  return 0;
}

}  // namespace

void HoldCommandLine::AddTo(CLI::App& app) {
  hold = app.add_subcommand(
      "hold", "legal holds: the events of a patient, a user or a case kept past retention");
  hold->require_subcommand(1);
  add = hold->add_subcommand(
      "add",
      "place a legal hold (through the running daemon): `patient MRN` keeps every access to "
      "that patient's records, `user ID` every access by that user, and `case USER` the case "
      "of that user (a case is a user's alerts, see `cases`), which keeps every access by that "
      "user as a user hold does; kept until the hold is released");
  add->add_option("kind", kind, "patient, user or case")
      ->required()
      ->check(CLI::IsMember({"patient", "user", "case"}));
  add->add_option("subject", subject, "the patient's MRN, or the user id")->required();
  add->add_option("--reason", reason, "why (litigation, investigation, request reference)")
      ->required();
  release = hold->add_subcommand(
      "release",
      "release a legal hold (through the running daemon): its events past retention go at "
      "the next retention pass");
  release->add_option("id", id, "the hold's id (hold list)")->required();
  release->add_option("--reason", reason, "why it is released")->required();
  list = hold->add_subcommand("list", "every legal hold, active and released, with its history");
  list->add_option("--format", format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
}

int HoldCommandLine::Run(TimelineAccess& access, std::ostream& out, std::ostream& err) {
  if (list->parsed()) return RunList(access, format, out, err);
  // The job only writes: what it says is printed here, never from the writer's thread.
  std::optional<Result<LegalHold>> changed;
  Result<int> ran = Status::Ok();
  if (add->parsed()) {
    auto hold_kind = ParseLegalHoldKind(kind);
    if (!hold_kind) return Fail(err, "the kind of hold must be patient, user or case");
    if (subject.empty()) return Fail(err, "a legal hold needs a patient or user id");
    ran = access.RunAsWriter([&](Timeline& writable) {
      changed =
          writable.PlaceLegalHold(*hold_kind, subject, reason, access.actor(), WallClockNow());
      return changed->ok() ? 0 : 1;
    });
  } else {
    ran = access.RunAsWriter([&](Timeline& writable) {
      changed = writable.ReleaseLegalHold(id, reason, access.actor(), WallClockNow());
      return changed->ok() ? 0 : 1;
    });
  }
  // Without the daemon: refused, with the reason (holds have one writer, as alerts do).
  if (!ran.ok()) return Fail(err, ran.status().message());
  if (!changed || !changed->ok())
    return Fail(err, changed ? changed->status().message() : "the daemon ran nothing");
  const LegalHold& h = changed->value();
  out << "legal hold " << h.id << " " << (h.released ? "released" : "placed") << ": "
      << LegalHoldKindName(h.kind) << " " << TerminalSafe(h.subject) << "\n";
  return ran.value();
}

}  // namespace phi
