#include "daemon/app/chain_keeper.hpp"
#include "daemon/integrity/text_encoding.hpp"

#include <fstream>
#include <sstream>

#include "daemon/alerts/alert_record.hpp"
#include "daemon/alerts/alert_store.hpp"
#include "daemon/app/loggers.hpp"
#include "daemon/common/atomic_file.hpp"
#include "daemon/common/json_writer.hpp"
#include "daemon/integrity/sha256.hpp"

namespace phi {
namespace {

std::string FileSha256Hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "unreadable";
  std::stringstream bytes;
  bytes << in.rdbuf();
  return Sha256Hex(bytes.str());
}

}  // namespace

Result<std::unique_ptr<ChainKeeper>> ChainKeeper::Start(const DaemonConfig& config,
                                                        Timeline& timeline) {
  auto key = SigningKey::LoadOrCreate(config.integrity.signing_key);
  if (!key.ok()) return key.status();
  // Published for phi-auditctl verify and verify-report; a copy kept off this host is what
  // proves the trail to someone who could also write here.
  const std::string public_path = PublicKeyPath(config.data_dir);
  Status published = WriteFileAtomically(public_path, key.value().PublicKeyPem(), 0640);
  if (!published.ok()) return published;
  DaemonLogger()->info(
      "timeline checkpoints are signed with the Ed25519 key {} (public key {}, fingerprint {}); "
      "keep a copy of the public key elsewhere",
      config.integrity.signing_key, public_path, key.value().Fingerprint());
  std::unique_ptr<ChainKeeper> keeper(
      new ChainKeeper(config.integrity, timeline, std::move(key.value())));
  if (config.integrity.verify_on_start) keeper->VerifyTail();
  Status recorded = timeline.RecordConfigChange(
      "phi-auditd started with configuration " + config.config_path + " (sha256 " +
      FileSha256Hex(config.config_path) + "), signing key " + keeper->key_.Fingerprint());
  if (!recorded.ok()) return recorded;
  Status signed_now = keeper->Checkpoint();
  if (!signed_now.ok()) return signed_now;
  return keeper;
}

void ChainKeeper::VerifyTail() {
  ChainVerifyOptions options;
  options.tail_only = true;
  options.key_fingerprint_hex = key_.Fingerprint();
  const PublicKey& public_key = key_.public_key();
  options.check_signature = [&public_key](std::string_view message, std::string_view signature) {
    return public_key.Verify(message, signature);
  };
  ChainVerification v;
  Status s = timeline_.VerifyChain(options, v);
  if (!s.ok()) {
    TimelineLogger()->error("cannot check the timeline's hash chain: {}", s.message());
    return;
  }
  if (!v.intact) {
    TimelineLogger()->error(
        "the timeline was altered: {}; phi-auditd goes on recording, run phi-auditctl verify for "
        "the whole chain",
        v.problem);
    RaiseIntegrityAlert(v.problem);
    return;
  }
  if (v.links == 0) return;  // a new timeline
  TimelineLogger()->info("hash chain checked from link {} to {}: {} links, {} events re-read{}",
                         v.started_at_link != 0 ? v.started_at_link : v.first_link, v.last_link,
                         v.links_checked, v.events_checked,
                         v.started_at_link != 0
                             ? " since the newest signed checkpoint"
                             : " (no signed checkpoint yet: the newest links only)");
}

void ChainKeeper::RaiseIntegrityAlert(const std::string& problem) {
  Alert a;
  const TimeMicros at = WallClockNow();
  a.alert_id = "timeline-integrity-" + std::to_string(at);
  a.rule_id = "timeline_integrity";
  a.severity = Severity::kCritical;
  a.ts = a.last_ts = at;
  a.user = kDetectionActor;
  a.summary = "The timeline was altered outside phi-auditd: its hash chain is broken.";
  a.explanation =
      "On start, phi-auditd re-read the newest part of the timeline and found that it no longer "
      "matches its hash chain: " +
      problem +
      ". Someone with access to the data directory may have changed, removed or added audit "
      "records. Keep the data directory as it is, run phi-auditctl verify with a copy of the "
      "public key kept elsewhere, and compare with your backups.";
  bool first = true;
  a.evidence = "{";
  AppendJsonMember("problem", problem, first, a.evidence);
  AppendJsonMember("key_fingerprint", key_.Fingerprint(), first, a.evidence);
  a.evidence += '}';
  a.tags = {"integrity"};
  a.last_sequence = 1;
  AlertStore store(timeline_);
  auto stored = store.Apply({AlertChange{.alert = std::move(a)}}, nullptr);
  if (!stored.ok())
    TimelineLogger()->error("cannot store the integrity alert: {}", stored.status().message());
}

Status ChainKeeper::Checkpoint() {
  if (timeline_.chain_head().number == signed_link_) return Status::Ok();
  ChainCheckpoint written;
  Status s = timeline_.WriteSignedCheckpoint(
      key_.Fingerprint(), [this](std::string_view message) { return key_.Sign(message); },
      &written);
  if (!s.ok()) return s;
  signed_link_ = written.link;
  // In the daemon's log (journald, a SIEM): a copy of the chain's state outside this host.
  TimelineLogger()->info("signed checkpoint: link {}, hash {}, newest event {}", written.link,
                         LowerHex(written.link_hash), written.last_sequence);
  return Status::Ok();
}

void ChainKeeper::Maintain(int64_t now_ms) {
  if (now_ms - last_checkpoint_ms_ < config_.checkpoint_interval_ms) return;
  last_checkpoint_ms_ = now_ms;
  Status s = Checkpoint();
  if (!s.ok()) TimelineLogger()->error("{}", s.message());
}

Status ChainKeeper::Finish() {
  return Checkpoint();
}

}  // namespace phi
