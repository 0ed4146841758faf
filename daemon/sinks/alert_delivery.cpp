#include "daemon/sinks/alert_delivery.hpp"

#include <algorithm>

#include "daemon/app/loggers.hpp"
#include "daemon/sinks/jsonl_sink.hpp"
#include "daemon/sinks/syslog_sink.hpp"
#include "daemon/sinks/webhook_sink.hpp"

namespace phi {
namespace {

Result<std::unique_ptr<AlertSink>> MakeSink(const SinkConfig& config) {
  switch (config.type) {
    case SinkConfig::Type::kJsonl:
      return std::unique_ptr<AlertSink>(std::make_unique<JsonlSink>(config.path));
    case SinkConfig::Type::kSyslog: {
      PayloadFormat format = config.format;
      SyslogOptions options = config.syslog;
      options.utf8_bom = format != PayloadFormat::kCef && format != PayloadFormat::kLeef;
      return std::unique_ptr<AlertSink>(std::make_unique<SyslogSink>(
          options,
          [format](const AlertRecord& r, std::string& out) { AppendPayload(format, r, out); },
          [format](const Event& e, std::string& out) { AppendEventPayload(format, e, out); }));
    }
    case SinkConfig::Type::kWebhook: {
      auto sink = WebhookSink::Create(config.webhook);
      if (!sink.ok()) return sink.status();
      return std::unique_ptr<AlertSink>(std::move(sink.value()));
    }
  }
  return Status::Invalid("sink " + config.runner.name + ": unknown type");
}

}  // namespace

Result<std::unique_ptr<AlertDelivery>> AlertDelivery::Start(const std::vector<SinkConfig>& sinks,
                                                            Timeline& timeline) {
  auto delivery = std::make_unique<AlertDelivery>();
  for (const SinkConfig& config : sinks) {
    auto sink = MakeSink(config);
    if (!sink.ok())
      return Status::Invalid("sink " + config.runner.name + ": " + sink.status().message());
    auto pseudonymiser = Pseudonymiser::Create(config.pseudonyms);
    if (!pseudonymiser.ok())
      return Status::Invalid("sink " + config.runner.name + ": " +
                             pseudonymiser.status().message());
    SinkRunnerOptions options = config.runner;
    if (pseudonymiser.value().active()) {
      auto p = std::make_shared<Pseudonymiser>(std::move(pseudonymiser.value()));
      options.rewrite = [p](AlertRecord& r) { p->Apply(r); };
      options.rewrite_event = [p](Event& e) { p->Apply(e); };
    }
    auto runner = std::make_unique<SinkRunner>(options, std::move(sink.value()), timeline);
    Status s = runner->Start();
    if (!s.ok()) return Status::Invalid("sink " + config.runner.name + ": " + s.message());
    delivery->sinks_.push_back({std::move(runner), config.drain_timeout_ms});
  }
  return delivery;
}

void AlertDelivery::Reopen() {
  for (Running& s : sinks_) s.runner->RequestReopen();
}

void AlertDelivery::DrainAndStop() {
  // The sinks deliver side by side: each gets its own timeout, all within the longest.
  const auto start = std::chrono::steady_clock::now();
  for (Running& s : sinks_) {
    const auto deadline = start + std::chrono::milliseconds(s.drain_timeout_ms);
    const auto left = std::max(std::chrono::steady_clock::duration::zero(),
                               deadline - std::chrono::steady_clock::now());
    auto waiting = s.runner->Drain(std::chrono::duration_cast<std::chrono::milliseconds>(left));
    if (!waiting.ok()) {
      SinkLogger()->warn("sink {}: {}", s.runner->name(), waiting.status().message());
    } else if (waiting.value()) {
      SinkLogger()->warn(
          "sink {}: {} position(s) of its stream not confirmed yet; they wait in the timeline "
          "and are sent when the daemon runs again",
          s.runner->name(), waiting.value());
    }
  }
  Stop();
}

void AlertDelivery::Stop() {
  for (Running& s : sinks_) s.runner->RequestStop();  // all at once: none starts a new send
  for (Running& s : sinks_) s.runner->Stop();
}

}  // namespace phi
