// A scratch folder with a daemon configuration that follows logs/*.jsonl (phi-json), for the
// integration tests that run phi-auditd and phi-auditctl against it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace phi::testing {

class PhiJsonFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "logs");
    config_ = (dir_ / "phi.yaml").string();
    WriteFile(config_,
              "data_dir: data\nlog_level: info\npoll_interval_ms: 20\n"
              "sources:\n  - name: ehr\n    format: phi-json\n"
              "    paths: [logs/*.jsonl]\n");
  }
  // phi-auditctl on this folder's configuration.
  ProcessResult Ctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {PHI_AUDITCTL_BIN, "--config", config_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }

  ScratchDir dir_;
  std::string config_;
};

}  // namespace phi::testing
