// phi-auditd: the daemon. `--config FILE` runs in the foreground until SIGTERM or SIGINT;
// `--once` reads every source to its current end and exits. Start-up is a short list of steps
// (configuration, logging, timeline, sources), each failing with a clear message and exit 1.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <iostream>
#include <memory>

#include "daemon/app/config_check.hpp"
#include "daemon/app/ingest_pipeline.hpp"
#include "daemon/app/loggers.hpp"
#include "daemon/app/process_hardening.hpp"
#include "daemon/app/progress_display.hpp"
#include "daemon/app/systemd_notify.hpp"
#include "daemon/ctl/daemon_control.hpp"

namespace {

using phi::DaemonLogger;

constexpr auto kRetentionInterval = std::chrono::hours(1);
constexpr auto kRetryAfterError = std::chrono::seconds(1);

int64_t MonotonicMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
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
             const phi::DaemonConfig& config, phi::SystemdNotifier& systemd)
      : io_(io),
        systemd_(systemd),
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
      systemd_.Notify("STOPPING=1");
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
      systemd_.KeepAlive(MonotonicMs());  // only while the loop turns
      if (more.ok()) {
        phi::Status flushed = pipeline_.FlushWhenIdle(MonotonicMs());
        if (!flushed.ok()) more = flushed;
      }
      if (!more.ok() && more.status().code() == phi::Status::Code::kCorruption) {
        // The timeline is gone or replaced: nothing more may be written; stop at once.
        DaemonLogger()->critical("{}", more.status().message());
        failed_ = stopping_ = true;
        io_.stop();
        return;
      }
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
      DaemonLogger()->info("SIGHUP received: reloading the rules and reopening alert files");
      pipeline_.ReloadRules();
      WaitForReload();
    });
  }

  void ApplyRetention() {
    phi::Status s = pipeline_.timeline().ApplyRetention(phi::WallClockNow());
    if (!s.ok()) DaemonLogger()->error("retention: {}", s.message());
    retention_timer_.expires_after(kRetentionInterval);
    retention_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stopping_) ApplyRetention();
    });
  }

  boost::asio::io_context& io_;
  phi::SystemdNotifier& systemd_;
  phi::IngestPipeline& pipeline_;
  const phi::DaemonConfig& config_;
  boost::asio::steady_timer poll_timer_;
  boost::asio::steady_timer retention_timer_;
  boost::asio::signal_set signals_;
  boost::asio::signal_set reload_;
  bool stopping_ = false;
  bool failed_ = false;

 public:
  bool failed() const { return failed_; }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"phi-auditd: PHI access audit monitoring daemon"};
  std::string config_path, check_path;
  bool once = false;
  auto* config_option = app.add_option("-c,--config", config_path, "configuration file (YAML)");
  app.add_option("--check-config", check_path,
                 "validate a configuration, its rules and feeds; list every error and exit")
      ->excludes(config_option);
  app.add_flag("--once", once, "read every source to its current end, then exit");
  CLI11_PARSE(app, argc, argv);
  if (!check_path.empty()) {
    auto errors = phi::CheckConfig(check_path);
    for (const auto& e : errors) std::cerr << "phi-auditd: " << e << "\n";
    if (errors.empty()) std::cout << check_path << ": configuration OK\n";
    return errors.empty() ? 0 : 1;
  }
  if (config_path.empty()) {
    std::cerr << "phi-auditd: --config FILE is required (or --check-config FILE)\n";
    return 2;
  }

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
  // A command that writes (alert triage) runs on this thread, between batches; the control
  // thread waits for it, or gives up once the loop has stopped and will run nothing more.
  auto on_writer = [&io](std::function<int()> job) -> phi::Result<int> {
    auto done = std::make_shared<std::promise<int>>();
    std::future<int> result = done->get_future();
    boost::asio::post(io, [job = std::move(job), done] { done->set_value(job()); });
    while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      if (io.stopped()) return phi::Status::IoError("phi-auditd is stopping; nothing was changed");
    }
    return result.get();
  };
  // Destroyed before the pipeline (and its timeline): the command in flight finishes first.
  phi::IngestPipeline* running = pipeline.value().get();
  auto control = phi::StartDaemonControl(config.value(), running->timeline(), on_writer,
                                         [running] { return running->context(); });
  phi::SystemdNotifier systemd;
  DaemonLoop loop(io, *pipeline.value(), config.value(), systemd);
  loop.Start();
  systemd.Notify("READY=1\nSTATUS=following " + std::to_string(config->sources.size()) +
                 " source(s)");
  io.run();
  if (loop.failed()) return 1;
  DaemonLogger()->info("stopped");
  return 0;
}
