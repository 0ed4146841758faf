// Keeps the timeline's hash chain trustworthy while the daemon runs: loads (or, on the first
// start, creates) the Ed25519 signing key and publishes its public half beside it, checks the
// chain's tail on start (a break is logged and raised as a critical alert, and the daemon goes
// on recording), records the start and its configuration in the chain, and signs a checkpoint
// every interval and at stop. Called from the ingest thread only.
#pragma once

#include <memory>
#include <string>

#include "daemon/common/status.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/integrity/signing_key.hpp"
#include "daemon/timeline/timeline.hpp"

namespace phi {

class ChainKeeper {
 public:
  static Result<std::unique_ptr<ChainKeeper>> Start(const DaemonConfig& config, Timeline& timeline);
  // Signs a checkpoint when one is due and the chain grew since the last.
  void Maintain(int64_t now_ms);
  // The last checkpoint, at stop or at the end of --once.
  Status Finish();

  static std::string PublicKeyPath(const std::string& data_dir) {
    return data_dir + "/signing-key.pub";
  }

 private:
  ChainKeeper(const IntegrityConfig& config, Timeline& timeline, SigningKey key)
      : config_(config), timeline_(timeline), key_(std::move(key)) {}
  void VerifyTail();
  void RaiseIntegrityAlert(const std::string& problem);
  Status Checkpoint();

  IntegrityConfig config_;
  Timeline& timeline_;
  SigningKey key_;
  int64_t last_checkpoint_ms_ = 0;
  uint64_t signed_link_ = 0;
};

}  // namespace phi
