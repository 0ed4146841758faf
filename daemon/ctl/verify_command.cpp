#include "daemon/ctl/verify_command.hpp"

#include <filesystem>

#include "daemon/ctl/timeline_commands.hpp"
#include "daemon/integrity/public_key.hpp"
#include "daemon/timeline/chain_verifier.hpp"

namespace phi {
namespace {

int Fail(std::ostream& err, const std::string& message) {
  err << "phi-auditctl: " << message << "\n";
  return 1;
}

std::string Plural(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void AddVerifyOptions(CLI::App& app, VerifyOptions& options) {
  options.command = app.add_subcommand(
      "verify",
      "check the hash chain and its signed checkpoints: every link, event, index entry, dead "
      "letter and alert record");
  options.command->add_option("--from", options.from,
                              "re-read only the records of links written from this time");
  options.command->add_option("--to", options.to, "... up to this time (exclusive)");
  options.command->add_option("--public-key", options.public_key,
                              "check signatures with this public key (PEM); default: the "
                              "daemon's own signing key");
}

int RunVerify(TimelineAccess& access, const VerifyOptions& options, std::ostream& out,
              std::ostream& err) {
  ChainVerifyOptions run;
  for (auto [text, into] : {std::pair{&options.from, &run.from}, {&options.to, &run.to}}) {
    if (text->empty()) continue;
    auto t = ParseIsoTime(*text);
    if (!t) return Fail(err, "cannot read time '" + *text + "'");
    *into = *t;
  }
  if (Status key = access.ChainSignatureCheck(options.public_key, run); !key.ok())
    return Fail(err, key.message());
  auto timeline = access.Open(Timeline::Families::kAll);
  if (!timeline.ok()) return Fail(err, timeline.status().message());
  ChainVerification v;
  Status s = timeline.value()->VerifyChain(run, v);
  if (!s.ok()) return Fail(err, s.message());
  if (!v.intact) {
    err << "phi-auditctl: the timeline was altered: " << v.problem << "\n";
    if (v.broken_link != 0) err << "first broken link: " << v.broken_link << "\n";
    return 1;
  }
  out << "timeline: " << access.timeline_path() << "\nchain intact: links " << v.first_link
      << " to " << v.last_link << " (" << v.links << " links";
  if (v.links > 0)
    out << ", " << FormatIsoTime(v.first_time) << " to " << FormatIsoTime(v.last_time);
  out << ")\n";
  if (run.from != INT64_MIN || run.to != INT64_MAX)
    out << "records re-read for links written in the range: " << v.links_checked << " links\n";
  if (v.first_sequence != 0)
    out << "events: sequences " << v.first_sequence << " to " << v.last_sequence << ", "
        << v.events_checked << " re-read and matched their links\n";
  out << "index entries matched to their events: " << v.index_entries << "\n"
      << "dead letters and alert records matched: " << v.sealed_records << "\n";
  out << "signatures: " << Plural(v.checkpoints, "checkpoint", "checkpoints") << ", "
      << v.signatures << "\n";
  if (options.public_key.empty() && run.check_signature)
    out << "  (the public key in data_dir was used: against someone who can write there, pass "
           "--public-key with a copy kept elsewhere)\n";
  if (v.last_signed_link != 0) {
    out << "newest signed link: " << v.last_signed_link << " (" << FormatIsoTime(v.last_signed_at)
        << ")";
    if (v.last_link > v.last_signed_link)
      out << "; " << Plural(v.last_link - v.last_signed_link, "link", "links")
          << " after it are not signed yet";
    out << "\n";
  }
  if (v.events_past_retention != 0)
    out << "removed by retention (recorded in the chain): " << v.events_past_retention
        << " events, before " << FormatIsoTime(v.removed_before) << "\n";
  if (v.events_before_chain != 0)
    out << "events written before the chain began (not covered): " << v.events_before_chain << "\n";
  return 0;
}

}  // namespace phi

namespace phi {

Status TimelineAccess::ChainSignatureCheck(const std::string& public_key_file,
                                           ChainVerifyOptions& options) const {
  std::string path = public_key_file;
  if (path.empty()) {
    // The daemon publishes its key's public half in data_dir, beside the timeline.
    path = std::filesystem::path(timeline_path()).parent_path() / "signing-key.pub";
    if (!std::filesystem::exists(path)) return Status::Ok();  // no key yet: nothing signed
  }
  auto key = PublicKey::FromFile(path);
  if (!key.ok()) return key.status();
  options.key_fingerprint_hex = key.value().Fingerprint();
  options.check_signature = [key = key.value()](std::string_view message,
                                                std::string_view signature) {
    return key.Verify(message, signature);
  };
  return Status::Ok();
}

}  // namespace phi
