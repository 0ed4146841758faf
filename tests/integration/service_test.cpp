// phi-auditd as a systemd service: --check-config lists every error of a configuration (and
// passes a sound one); under Type=notify the daemon says READY=1 once it runs, WATCHDOG=1
// while its loop turns and STOPPING=1 on the way out.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "tests/integration/daemon_process.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

constexpr char kRule[] = R"(rules:
  - id: print_seen
    severity: low
    when: action == 'print'
    summary: "{user} printed"
)";

std::string Config(const ScratchDir& dir, const std::string& extra = "") {
  std::filesystem::create_directories(dir / "rules");
  std::filesystem::create_directories(dir / "logs");
  testing::WriteFile(dir / "rules" / "a.yaml", kRule);
  ::chmod((dir / "rules" / "a.yaml").c_str(), 0644);
  testing::WriteFile(dir / "logs" / "ehr.jsonl", "");
  std::string config = (dir / "phi.yaml").string();
  testing::WriteFile(config,
                     "data_dir: data\nlog_level: info\npoll_interval_ms: 20\nsources:\n"
                     "  - {name: ehr, format: phi-json, paths: [logs/ehr.jsonl]}\n"
                     "detection:\n  rules_dir: rules\n  alerts_file: alerts.jsonl\n" +
                         extra);
  return config;
}

TEST(CheckConfig, ASoundConfigurationPasses) {
  ScratchDir dir;
  auto r = RunProcess({PHI_AUDITD_BIN, "--check-config", Config(dir)});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("configuration OK"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "data"));  // checking creates nothing
}

TEST(CheckConfig, EveryErrorIsListedNotOnlyTheFirst) {
  ScratchDir dir;
  std::string config =
      Config(dir,
             "  context:\n    employees: feeds/employees.csv\n"
             "    patients: feeds/patients.csv\n    encounters: feeds/encounters.csv\n");
  testing::WriteFile(dir / "rules" / "b.yaml",
                     "rules:\n  - id: broken\n    severity: loud\n"
                     "    when: action == 'export'\n    summary: x\n");
  testing::WriteFile(dir / "rules" / "c.yaml",
                     "rules:\n  - id: unknown_field\n    severity: low\n"
                     "    when: no_such_field == 'x'\n    summary: x\n");
  std::filesystem::create_directories(dir / "data");
  ::chmod((dir / "data").c_str(), 0777);
  auto r = RunProcess({PHI_AUDITD_BIN, "--check-config", config});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("has mode 0777"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("b.yaml:3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("c.yaml"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("employees.csv: cannot open"), std::string::npos) << r.output;
}

// A datagram socket standing in for systemd's notification socket.
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path) : path_(path.string()) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~NotifySocket() { ::close(fd_); }
  bool bound() const { return bound_; }
  // Messages received until one contains `what` (true) or `seconds` pass (false).
  bool WaitFor(const std::string& what, int seconds = 10) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) continue;
      received_.append(buffer, static_cast<size_t>(n)).append("\n");
      if (std::string(buffer, static_cast<size_t>(n)).find(what) != std::string::npos) return true;
    }
    return false;
  }
  const std::string& received() const { return received_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
  std::string received_;
};

TEST(SystemdNotify, ReadyThenWatchdogWhileRunningThenStopping) {
  ScratchDir dir;
  std::string config = Config(dir);
  NotifySocket systemd(dir / "notify");
  ASSERT_TRUE(systemd.bound());
  ::setenv("NOTIFY_SOCKET", (dir / "notify").c_str(), 1);
  ::setenv("WATCHDOG_USEC", "200000", 1);
  testing::DaemonProcess daemon({PHI_AUDITD_BIN, "--config", config}, dir / "daemon.log");
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  EXPECT_TRUE(systemd.WaitFor("READY=1")) << systemd.received();
  EXPECT_TRUE(systemd.WaitFor("WATCHDOG=1")) << systemd.received();
  EXPECT_TRUE(systemd.WaitFor("WATCHDOG=1")) << systemd.received();  // again and again
  daemon.Signal(SIGTERM);
  EXPECT_TRUE(systemd.WaitFor("STOPPING=1")) << systemd.received();
  EXPECT_EQ(daemon.Wait(), 0);
}

}  // namespace
}  // namespace phi
