#include "daemon/ctl/daemon_control.hpp"

#include <algorithm>

#include "daemon/app/loggers.hpp"
#include "daemon/common/os_user.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/control/control_client.hpp"
#include "daemon/ctl/timeline_commands.hpp"

namespace phi {
namespace {

class OpenTimelineAccess : public TimelineAccess {
 public:
  OpenTimelineAccess(Timeline& timeline, std::string path, const DaemonConfig& config,
                     const WriterExecutor& on_writer, const ContextProvider& context,
                     std::string actor)
      : timeline_(timeline),
        path_(std::move(path)),
        exceptions_path_(config.detection.exceptions_file),
        rules_dir_(config.detection.rules_dir),
        signing_key_(config.integrity.signing_key),
        on_writer_(on_writer),
        context_(context),
        actor_(std::move(actor)) {}
  Result<Timeline*> Open(Timeline::Families) override { return &timeline_; }
  std::string timeline_path() const override { return path_; }
  Result<int> RunAsWriter(const std::function<int(Timeline&)>& job) override {
    return on_writer_([&] { return job(timeline_); });
  }
  std::string actor() const override { return actor_; }
  std::string exceptions_path() const override { return exceptions_path_; }
  std::string rules_dir() const override { return rules_dir_; }
  std::string signing_key_path() const override { return signing_key_; }
  std::shared_ptr<const ContextSnapshot> Context() override {
    return context_ ? context_() : nullptr;
  }

 private:
  Timeline& timeline_;
  std::string path_;
  std::string exceptions_path_, rules_dir_, signing_key_;
  const WriterExecutor& on_writer_;
  const ContextProvider& context_;
  std::string actor_;
};

// The command's name for the log (its arguments may name a patient: debug level only).
std::string CommandName(const std::vector<std::string>& args) {
  for (const char* name :
       {"events", "stats", "verify", "dead-letters", "alerts", "cases", "report", "hold"}) {
    if (std::find(args.begin(), args.end(), name) != args.end()) return name;
  }
  return "an unknown command";
}

}  // namespace

std::unique_ptr<control::ControlServer> StartDaemonControl(const DaemonConfig& config,
                                                           Timeline& timeline,
                                                           WriterExecutor on_writer,
                                                           ContextProvider context) {
  auto handler = [&timeline, path = config.timeline_path(), config,
                  on_writer = std::move(on_writer), context = std::move(context)](
                     const std::vector<std::string>& args, const control::Peer& peer,
                     std::ostream& out, std::ostream& err) {
    DaemonLogger()->info("phi-auditctl {} by {} (uid {}, pid {})", CommandName(args),
                         UserName(peer.uid), peer.uid, peer.pid);
    if (DaemonLogger()->should_log(spdlog::level::debug)) {
      std::string line;
      for (const auto& a : args) line += " " + TerminalSafe(a);  // no forged log lines
      DaemonLogger()->debug("phi-auditctl{}", line);
    }
    OpenTimelineAccess access(timeline, path, config, on_writer, context, UserName(peer.uid));
    return RunTimelineCommandLine(args, access, out, err);
  };
  std::string socket_path = control::ControlSocketPath(config.data_dir);
  auto on_reject = [](const control::Peer& peer, const std::string& reason) {
    DaemonLogger()->warn("control socket: request from {} (uid {}, pid {}) refused: {}",
                         UserName(peer.uid), peer.uid, peer.pid, reason);
  };
  auto server = control::ControlServer::Start(socket_path, handler, on_reject);
  if (!server.ok()) {
    DaemonLogger()->warn("no control socket ({}); phi-auditctl will open the timeline itself",
                         server.status().message());
    return nullptr;
  }
  DaemonLogger()->info("phi-auditctl commands answered on {}", socket_path);
  return std::move(server.value());
}

}  // namespace phi
