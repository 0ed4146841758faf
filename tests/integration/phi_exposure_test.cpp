// PHI never leaves by accident: the real phi-auditd and phi-auditctl processes are not dumpable,
// tables do not pass control characters from audit logs to the reviewer's terminal, and a user
// who may not read the timeline gets a clear message instead of an abort.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/integration/phi_json_folder.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

// Root reads every file, so permission tests drop to `nobody` in the child when run as root.
struct Account {
  uid_t uid;
  gid_t gid;
};

Account Unprivileged() {
  if (geteuid() != 0) return {geteuid(), getegid()};
  const passwd* pw = getpwnam("nobody");
  return pw ? Account{pw->pw_uid, pw->pw_gid} : Account{65534, 65534};
}

// Starts argv as the unprivileged account with stdout and stderr in `output`; returns the pid.
pid_t SpawnUnprivileged(const std::vector<std::string>& argv, int output) {
  Account account = Unprivileged();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(output, 1);
    dup2(output, 2);
    if (geteuid() == 0 &&
        (setgroups(0, nullptr) != 0 || setgid(account.gid) != 0 || setuid(account.uid) != 0)) {
      _exit(126);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

testing::ProcessResult RunUnprivileged(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = SpawnUnprivileged(argv, fds[1]);
  close(fds[1]);
  testing::ProcessResult result;
  char buf[65536];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) result.output.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

uid_t ProcOwner(pid_t pid) {
  struct stat st;
  if (stat(("/proc/" + std::to_string(pid) + "/status").c_str(), &st) != 0) return -1;
  return st.st_uid;
}

std::string ProcCoreLimit(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("Max core file size")) return line;
  }
  return "";
}

using PhiExposure = testing::PhiJsonFolderTest;

// A crafted workstation (clear screen, home, retitle the window) and a crafted log file name
// reach every table: events, stats (checkpoint paths) and dead letters.
TEST_F(PhiExposure, TablesShowControlCharactersFromLogsInsteadOfSendingThem) {
  std::string crafted_name = "\x1b[2J\x1b]0;owned\x07.jsonl";
  testing::WriteFile(
      dir_ / "logs" / crafted_name,
      R"({"ts":"2026-03-01T08:00:00Z","user":"u1","action":"view","patient":"MRN0000001",)"
      R"("workstation":"\u001b[2J\u001b[Hws\r\u009b31m\u007f"})"
      "\nnot json\n");
  auto once = RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"});
  ASSERT_EQ(once.exit_code, 0) << once.output;
  auto events = Ctl({"events", "--patient", "MRN0000001"});
  ASSERT_EQ(events.exit_code, 0) << events.output;
  EXPECT_NE(events.output.find("\\x1b[2J\\x1b[Hws\\r\\u009b31m\\x7f"), std::string::npos)
      << events.output;
  auto stats = Ctl({"stats"});
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("\\x1b[2J\\x1b]0;owned\\x07.jsonl"), std::string::npos)
      << stats.output;
  auto dead = Ctl({"dead-letters"});
  ASSERT_EQ(dead.exit_code, 0) << dead.output;
  EXPECT_NE(dead.output.find("\\x1b[2J"), std::string::npos) << dead.output;
  for (const auto* out : {&events.output, &stats.output, &dead.output}) {
    EXPECT_EQ(out->find('\x1b'), std::string::npos) << *out;
    EXPECT_EQ(out->find('\x07'), std::string::npos) << *out;
    EXPECT_EQ(out->find('\r'), std::string::npos) << *out;
    EXPECT_EQ(out->find("\xC2\x9B"), std::string::npos) << *out;
  }
  // JSON keeps the value exactly, escaped.
  auto json = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  EXPECT_NE(json.output.find(R"("workstation":"\u001b[2J\u001b[Hws\r\u009b31m\u007f")"),
            std::string::npos)
      << json.output;
}

// /proc/<pid> files of a process that is not dumpable belong to root (proc(5)); a dumpable one,
// started the same way, is the control. /proc/<pid>/limits shows the core size limit.
TEST_F(PhiExposure, DaemonIsNotDumpableAndWritesNoCoreFile) {
  Account account = Unprivileged();
  ASSERT_EQ(chown(dir_.path().c_str(), account.uid, account.gid), 0);
  ASSERT_EQ(chown(config_.c_str(), account.uid, account.gid), 0);
  ASSERT_EQ(chown((dir_ / "logs").c_str(), account.uid, account.gid), 0);
  int out = open((dir_ / "daemon.out").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
  ASSERT_GE(out, 0);

  pid_t control = SpawnUnprivileged({"/bin/sleep", "30"}, out);
  pid_t daemon = SpawnUnprivileged({PHI_AUDITD_BIN, "--config", config_}, out);
  close(out);
  bool started = false;
  for (int i = 0; i < 200 && !started; ++i) {
    started = std::filesystem::exists(dir_ / "data" / "timeline" / "CURRENT");
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  uid_t control_owner = ProcOwner(control), daemon_owner = ProcOwner(daemon);
  std::string core_limit = ProcCoreLimit(daemon);
  kill(control, SIGKILL);
  kill(daemon, SIGKILL);  // it may still be starting: this test is not about a clean stop
  int status = 0;
  waitpid(control, &status, 0);
  waitpid(daemon, &status, 0);

  ASSERT_TRUE(started) << testing::ReadFile(dir_ / "daemon.out");
  EXPECT_EQ(control_owner, account.uid) << "the control process should be dumpable";
  EXPECT_EQ(daemon_owner, 0u) << "phi-auditd is still dumpable";
  EXPECT_NE(daemon_owner, account.uid);
  EXPECT_NE(core_limit.find(" 0 "), std::string::npos) << core_limit;
}

TEST(PhiExposurePackaging, SystemdUnitDisablesCoreDumps) {
  std::string unit = testing::ReadFile(testing::SourcePath("packaging/phi-auditd.service"));
  EXPECT_NE(unit.find("\nLimitCORE=0\n"), std::string::npos) << unit;
}

// Another user runs phi-auditctl against a timeline it may not read: every subcommand that
// opens the timeline ends with one clear line and exit status 1 (it aborted with 134 before).
TEST_F(PhiExposure, AnotherUserGetsAClearMessageInsteadOfAnAbort) {
  testing::WriteFile(dir_ / "logs" / "ehr.jsonl",
                     R"({"ts":"2026-03-01T08:00:00Z","user":"u1","patient":"MRN0000001"})"
                     "\n");
  ASSERT_EQ(RunProcess({PHI_AUDITD_BIN, "--config", config_, "--once"}).exit_code, 0);
  // The scratch folder is open; the data folder is the daemon's alone (what systemd's
  // StateDirectoryMode=0700 gives), and here even its owner has dropped every bit.
  ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
  ASSERT_EQ(chmod(config_.c_str(), 0644), 0);
  ASSERT_EQ(chmod((dir_ / "data").c_str(), 0000), 0);
  std::string data_dir = (dir_ / "data").string();
  for (std::vector<std::string> command :
       {std::vector<std::string>{"events", "--patient", "MRN0000001"},
        std::vector<std::string>{"events"}, std::vector<std::string>{"stats"},
        std::vector<std::string>{"alerts"}, std::vector<std::string>{"dead-letters"}}) {
    for (bool by_config : {true, false}) {
      std::vector<std::string> argv = {PHI_AUDITCTL_BIN};
      if (by_config) {
        argv.insert(argv.end(), {"--config", config_});
      } else {
        argv.insert(argv.end(), {"--data-dir", data_dir});
      }
      argv.insert(argv.end(), command.begin(), command.end());
      auto run = RunUnprivileged(argv);
      SCOPED_TRACE(command[0] + (by_config ? " --config" : " --data-dir"));
      EXPECT_NE(run.exit_code, 134) << run.output;
      EXPECT_EQ(run.exit_code, 1) << run.output;
      EXPECT_EQ(run.output.find("terminate called"), std::string::npos) << run.output;
      EXPECT_NE(run.output.find("phi-auditctl: cannot open the timeline at " + data_dir +
                                "/timeline: permission denied"),
                std::string::npos)
          << run.output;
      EXPECT_NE(run.output.find("run phi-auditctl as the daemon's user"), std::string::npos)
          << run.output;
      EXPECT_NE(run.output.find(data_dir + " belongs to user '"), std::string::npos) << run.output;
      EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
    }
  }
  ASSERT_EQ(chmod((dir_ / "data").c_str(), 0700), 0);
}

// Failures that do not depend on permissions: a data_dir that is a file, or that is missing.
TEST_F(PhiExposure, DataDirThatIsAFileOrMissingEndsWithAMessage) {
  testing::WriteFile(dir_ / "not-a-dir", "x");
  for (const std::string& data_dir : {(dir_ / "not-a-dir").string(), (dir_ / "missing").string()}) {
    auto run = RunProcess({PHI_AUDITCTL_BIN, "--data-dir", data_dir, "events"});
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("phi-auditctl: no timeline at " + data_dir + "/timeline"),
              std::string::npos)
        << run.output;
  }
}

}  // namespace
}  // namespace phi
