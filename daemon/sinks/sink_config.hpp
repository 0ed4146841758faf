// One configured sink: where it delivers (a JSON lines file, syslog, a webhook), what it
// delivers (the alert log, with its filter, or the event stream: runner.stream), how patient
// identifiers reach it, and how its runner retries and budgets its backlog.
#pragma once

#include <string>

#include "daemon/sinks/payload_format.hpp"
#include "daemon/sinks/pseudonymiser.hpp"
#include "daemon/sinks/sink_runner.hpp"
#include "daemon/sinks/syslog_sink.hpp"
#include "daemon/sinks/webhook_sink.hpp"

namespace phi {

struct SinkConfig {
  enum class Type { kJsonl, kSyslog, kWebhook };
  Type type = Type::kJsonl;
  SinkRunnerOptions runner;  // runner.name is the sink's name; rewrite is set at start
  PseudonymOptions pseudonyms;
  int64_t drain_timeout_ms = 5'000;  // at stop and at the end of --once
  std::string path;                  // jsonl
  SyslogOptions syslog;
  PayloadFormat format = PayloadFormat::kJson;  // syslog's message body (alerts or events)
  WebhookOptions webhook;
};

}  // namespace phi
