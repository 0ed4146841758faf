// phi-auditd: the daemon. `--config FILE` runs in the foreground until SIGTERM or SIGINT;
// `--once` reads every source to its current end and exits. Start-up is a short list of steps
// (configuration, logging, timeline, sources), each failing with a clear message and exit 1.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <chrono>
#include <iostream>

#include "daemon/app/ingest_pipeline.hpp"
#include "daemon/app/loggers.hpp"
#include "daemon/app/process_hardening.hpp"
#include "daemon/app/progress_display.hpp"

namespace {

using phi::DaemonLogger;

constexpr auto kRetentionInterval = std::chrono::hours(1);
constexpr auto kRetryAfterError = std::chrono::seconds(1);

phi::TimeMicros WallNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int RunOnce(phi::IngestPipeline& pipeline) {
  phi::ProgressDisplay display;
  while (true) {
    auto more = pipeline.PollOnce(true);
    if (!more.ok()) {
      DaemonLogger()->error("{}", more.status().message());
      return 1;
    }
    display.Update(pipeline.Progress());
    if (!more.value()) break;
  }
  phi::Status finished = pipeline.Finish();
  display.Finish(pipeline.Progress());
  if (!finished.ok()) {
    DaemonLogger()->error("{}", finished.message());
    return 1;
  }
  return 0;
}

// Polls on the Asio thread: right away while sources have more, else every poll interval.
class DaemonLoop {
 public:
  DaemonLoop(boost::asio::io_context& io, phi::IngestPipeline& pipeline,
             const phi::DaemonConfig& config)
      : io_(io),
        pipeline_(pipeline),
        config_(config),
        poll_timer_(io),
        retention_timer_(io),
        signals_(io, SIGINT, SIGTERM),
        reload_(io, SIGHUP) {}

  void Start() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      DaemonLogger()->info("signal {} received: finishing the batch in flight and stopping",
                           signal);
      stopping_ = true;
      poll_timer_.cancel();
      retention_timer_.cancel();
      reload_.cancel();
      phi::Status finished = pipeline_.Finish();
      if (!finished.ok()) DaemonLogger()->error("{}", finished.message());
    });
    WaitForReload();
    ApplyRetention();
    SchedulePoll(std::chrono::milliseconds(0));
  }

 private:
  void SchedulePoll(std::chrono::milliseconds delay) {
    if (stopping_) return;
    poll_timer_.expires_after(delay);
    poll_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      auto more = pipeline_.PollOnce(false);
      if (!more.ok()) {
        DaemonLogger()->error("{}; retrying", more.status().message());
        SchedulePoll(std::chrono::duration_cast<std::chrono::milliseconds>(kRetryAfterError));
        return;
      }
      SchedulePoll(more.value() ? std::chrono::milliseconds(0)
                                : std::chrono::milliseconds(config_.poll_interval_ms));
    });
  }

  void WaitForReload() {
    reload_.async_wait([this](const boost::system::error_code& ec, int) {
      if (ec || stopping_) return;
      DaemonLogger()->info("SIGHUP received: reloading the rules");
      pipeline_.ReloadRules();
      WaitForReload();
    });
  }

  void ApplyRetention() {
    phi::Status s = pipeline_.timeline().ApplyRetention(WallNow());
    if (!s.ok()) DaemonLogger()->error("retention: {}", s.message());
    retention_timer_.expires_after(kRetentionInterval);
    retention_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stopping_) ApplyRetention();
    });
  }

  boost::asio::io_context& io_;
  phi::IngestPipeline& pipeline_;
  const phi::DaemonConfig& config_;
  boost::asio::steady_timer poll_timer_;
  boost::asio::steady_timer retention_timer_;
  boost::asio::signal_set signals_;
  boost::asio::signal_set reload_;
  bool stopping_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"phi-auditd: PHI access audit monitoring daemon"};
  std::string config_path;
  bool once = false;
  app.add_option("-c,--config", config_path, "configuration file (YAML)")->required();
  app.add_flag("--once", once, "read every source to its current end, then exit");
  CLI11_PARSE(app, argc, argv);

  // Before anything holds PHI: no core files, no ptrace or /proc/<pid>/mem by other processes.
  if (phi::Status hardened = phi::DisableCoreDumps(); !hardened.ok()) {
    std::cerr << "phi-auditd: " << hardened.message() << "\n";
    return 1;
  }
  umask(027);  // files we create: 0640 at most, directories 0750
  auto config = phi::LoadConfig(config_path);
  if (!config.ok()) {
    std::cerr << "phi-auditd: " << config.status().message() << "\n";
    return 1;
  }
  phi::ConfigureLogging(config->log_level);
  auto pipeline = phi::IngestPipeline::Create(config.value());
  if (!pipeline.ok()) {
    DaemonLogger()->error("{}", pipeline.status().message());
    return 1;
  }
  DaemonLogger()->info("timeline {} open; {} source(s)", config->timeline_path(),
                       config->sources.size());
  if (once) return RunOnce(*pipeline.value());

  boost::asio::io_context io;
  DaemonLoop loop(io, *pipeline.value(), config.value());
  loop.Start();
  io.run();
  DaemonLogger()->info("stopped");
  return 0;
}
