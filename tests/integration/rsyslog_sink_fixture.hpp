// A scratch folder for the sinks' end-to-end tests: a daemon configuration that follows
// logs/*.jsonl with one rule (print_seen), a real rsyslog receiver, and the helpers to write
// accesses and to count what arrived by the id in the structured data.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/rsyslog_receiver.hpp"
#include "tests/test_support.hpp"

namespace phi::testing {

class RsyslogSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "logs");
    std::filesystem::create_directories(dir_ / "rules");
    WriteFile(dir_ / "rules" / "r.yaml", R"(rules:
  - id: print_seen
    severity: medium
    when: action == 'print'
    summary: "{user} printed the record of {patient}"
)");
    receiver_ = std::make_unique<RsyslogReceiver>(dir_ / "rsyslog");
  }
  // `count` accesses with `action` (print: one alert each), patients `mrn_base` + i.
  void AppendAccesses(int count, const std::string& action, int mrn_base) {
    std::string lines;
    for (int i = 0; i < count; ++i, ++written_) {
      lines += R"({"ts":"2026-03-01T08:)" + std::to_string(10 + written_ / 60 % 50) + ":" +
               std::to_string(10 + written_ % 50) + R"(Z","user":"u)" +
               std::to_string(written_ % 7) + R"(","action":")" + action + R"(","patient":"MRN)" +
               std::to_string(mrn_base + written_) + "\"}\n";
    }
    AppendFile(dir_ / "logs" / "ehr.jsonl", lines);
  }
  std::string Config(const std::string& sinks) const {
    return "data_dir: data\nlog_level: info\npoll_interval_ms: 10\n"
           "sources:\n  - {name: ehr, format: phi-json, paths: [logs/*.jsonl]}\n"
           "detection:\n  rules_dir: rules\n  alerts_file: alerts.jsonl\n"
           "  snapshot_interval_ms: 100\nsinks:\n" +
           sinks;
  }
  // The values of SD param `param` in the messages with `msgid` rsyslog parsed, each once.
  std::set<uint64_t> ReceivedIds(size_t at_least, const std::string& msgid,
                                 const std::string& param) const {
    std::set<uint64_t> out;
    for (const auto& m : receiver_->WaitForMessages(at_least, std::chrono::milliseconds(20'000))) {
      auto sd = m.sd.find("phi@32473");
      if (m.msgid == msgid && sd != m.sd.end() && sd->second.count(param))
        out.insert(std::stoull(sd->second.at(param)));
    }
    return out;
  }
  size_t LinesOf(const std::string& name) const {
    std::string text = ReadFile(dir_ / name);
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  static std::vector<uint64_t> Missing(const std::set<uint64_t>& received, uint64_t through) {
    std::vector<uint64_t> missing;
    for (uint64_t id = 1; id <= through; ++id)
      if (!received.count(id)) missing.push_back(id);
    return missing;
  }

  ScratchDir dir_;
  std::unique_ptr<RsyslogReceiver> receiver_;
  int written_ = 0;
};

}  // namespace phi::testing
