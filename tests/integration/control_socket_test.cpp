// phi-auditctl through the running daemon's control socket (issue 7, item 6): the same answers
// as from a secondary instance, a socket only the daemon's group may use, queries that keep
// working when the daemon is gone or crashed, and a daemon no client can wedge or crash.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <sstream>

#include <chrono>
#include <cstring>
#include <thread>

#include "daemon/control/control_protocol.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/phi_json_folder.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

constexpr char kEvents[] =
    R"({"ts":"2026-03-01T08:00:00Z","user":"u1","action":"view","patient":"MRN0000001"})"
    "\n"
    R"({"ts":"2026-03-01T09:00:00Z","user":"u2","action":"print","patient":"MRN0000001"})"
    "\n";

class ControlSocket : public testing::PhiJsonFolderTest {
 protected:
  void SetUp() override {
    PhiJsonFolderTest::SetUp();
    testing::WriteFile(dir_ / "logs" / "ehr.jsonl", kEvents);
  }
  std::filesystem::path socket() const { return dir_ / "data" / "control.sock"; }
  std::string DaemonLog() const {
    auto path = dir_ / log_name_;
    return std::filesystem::exists(path) ? testing::ReadFile(path) : "";
  }

  // Starts the daemon, its output in `log_name`, and waits until it answers with both events
  // committed.
  std::unique_ptr<testing::DaemonProcess> StartDaemon(std::string log_name = "daemon.out",
                                                      int events = 2) {
    log_name_ = log_name;
    auto daemon = std::make_unique<testing::DaemonProcess>(
        std::vector<std::string>{PHI_AUDITD_BIN, "--config", config_}, dir_ / log_name);
    for (int i = 0; i < 200; ++i) {
      if (DaemonLog().find("source ehr: following") != std::string::npos &&
          Ctl({"stats"}).output.find("events: " + std::to_string(events) + "\n") !=
              std::string::npos)
        return daemon;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the daemon did not answer: " << DaemonLog();
    return daemon;
  }

  // How many commands the daemon ran for phi-auditctl, as its log says.
  size_t CommandsRunByDaemon() const {
    std::string log = DaemonLog();
    size_t n = 0;
    for (size_t at = log.find("phi-auditctl "); at != std::string::npos;
         at = log.find("phi-auditctl ", at + 1)) {
      n += log.compare(at, 20, "phi-auditctl events ") == 0 ||
           log.compare(at, 19, "phi-auditctl stats ") == 0;
    }
    return n;
  }

  // A raw connection to the socket, with `bytes` sent.
  int ConnectAndSend(std::string_view bytes) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = socket().string();
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
    return fd;
  }

  // Sends raw bytes to the socket and returns everything the daemon answers.
  std::string RawExchange(std::string_view bytes) {
    int fd = ConnectAndSend(bytes);
    shutdown(fd, SHUT_WR);
    std::string reply;
    char buf[4096];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, n);
    close(fd);
    return reply;
  }

  std::string log_name_ = "daemon.out";
};

// Query output without the lines of phi-auditctl's own recorded reads (source phi-auditd).
std::string WithoutRecordedReads(const std::string& output) {
  std::istringstream lines(output);
  std::string line, kept;
  while (std::getline(lines, line)) {
    if (line.find(R"("source":"phi-auditd")") == std::string::npos) kept += line + "\n";
  }
  return kept;
}

TEST_F(ControlSocket, TheRunningDaemonAnswersAndASecondaryGivesTheSameAnswerOnceItStops) {
  auto daemon = StartDaemon();
  struct stat st;
  ASSERT_EQ(lstat(socket().c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660u) << "the daemon's user and group, nobody else";

  size_t before = CommandsRunByDaemon();
  auto live = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  ASSERT_EQ(live.exit_code, 0) << live.output;
  EXPECT_EQ(CommandsRunByDaemon(), before + 1) << "answered by the daemon: " << DaemonLog();
  EXPECT_EQ(std::count(live.output.begin(), live.output.end(), '\n'), 2) << live.output;
  EXPECT_EQ(DaemonLog().find("MRN0000001"), std::string::npos) << "no PHI in the log at info";
  // A usage error is the daemon's too, with the same status phi-auditctl itself would give.
  auto bad = Ctl({"events", "--format", "xml"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("--format must be table, json or csv"), std::string::npos)
      << bad.output;
  EXPECT_EQ(CommandsRunByDaemon(), before + 2) << DaemonLog();
  // No answer is built beyond 10,000 entries in the daemon's memory; --all pages through.
  auto huge = Ctl({"events", "--limit", "100000000"});
  EXPECT_NE(huge.exit_code, 0);
  EXPECT_NE(huge.output.find("--limit"), std::string::npos) << huge.output;

  daemon->Signal(SIGTERM);
  ASSERT_EQ(daemon->Wait(), 0) << DaemonLog();
  EXPECT_FALSE(std::filesystem::exists(socket())) << "removed on a clean stop";
  auto offline = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  ASSERT_EQ(offline.exit_code, 0) << offline.output;
  // The same accesses; and the read through the daemon is an access of its own now.
  EXPECT_EQ(WithoutRecordedReads(offline.output), live.output);
  EXPECT_NE(offline.output.find(R"("action":"audit","patient":"MRN0000001")"), std::string::npos)
      << offline.output;
}

TEST_F(ControlSocket, AfterACrashQueriesStillWorkAndTheNextStartReplacesTheStaleSocket) {
  auto daemon = StartDaemon();
  daemon->Signal(SIGKILL);
  daemon->Wait();
  ASSERT_TRUE(std::filesystem::exists(socket())) << "a crash leaves the socket file behind";
  auto offline = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  ASSERT_EQ(offline.exit_code, 0) << offline.output;
  EXPECT_EQ(std::count(offline.output.begin(), offline.output.end(), '\n'), 2) << offline.output;

  // The read made while the daemon was down was recorded, and is the third event now.
  auto restarted = StartDaemon("restarted.out", 3);
  size_t before = CommandsRunByDaemon();
  EXPECT_EQ(
      WithoutRecordedReads(Ctl({"events", "--patient", "MRN0000001", "--format", "json"}).output),
      offline.output);
  EXPECT_EQ(CommandsRunByDaemon(), before + 1) << DaemonLog();
}

TEST_F(ControlSocket, AFileWhereTheSocketGoesIsLeftAloneAndQueriesStillWork) {
  std::filesystem::create_directories(dir_ / "data");
  std::filesystem::permissions(dir_ / "data", std::filesystem::perms::owner_all |
                                                  std::filesystem::perms::group_read |
                                                  std::filesystem::perms::group_exec);
  testing::WriteFile(socket(), "not a socket");
  auto daemon = StartDaemon();
  EXPECT_NE(DaemonLog().find("exists and is not a socket"), std::string::npos) << DaemonLog();
  EXPECT_EQ(testing::ReadFile(socket()), "not a socket");
  auto r = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 2) << r.output;
  EXPECT_EQ(CommandsRunByDaemon(), 0u);
}

TEST_F(ControlSocket, HostileClientsGetAnErrorAndTheDaemonKeepsAnswering) {
  auto daemon = StartDaemon();
  auto exit_status = [](const std::string& reply) {
    return reply.size() >= 9 && reply[reply.size() - 9] == 'x'
               ? static_cast<unsigned char>(reply.back())
               : -1;
  };
  std::string http = RawExchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(http.find("not a phi-auditctl request"), std::string::npos) << http;
  EXPECT_EQ(exit_status(http), 2);
  EXPECT_NE(DaemonLog().find("refused: not a phi-auditctl request"), std::string::npos)
      << "a probe is logged: " << DaemonLog();
  std::string huge("PHC1\x00\x00\x00\x01\x7f\xff\xff\xff", 12);
  EXPECT_EQ(exit_status(RawExchange(huge)), 2);
  std::string cut = control::EncodeRequest({"events", "--patient", "MRN0000001"});
  std::string early = RawExchange(cut.substr(0, cut.size() - 3));  // leaves mid-request
  EXPECT_NE(early.find("left before its request was complete"), std::string::npos) << early;
  // Commands that are not the daemon's to run: a usage error, never a rule folder it would load.
  std::string rules = RawExchange(control::EncodeRequest({"rules", "check", "/etc"}));
  EXPECT_EQ(exit_status(rules), 2) << rules;
  std::string empty = RawExchange(control::EncodeRequest({}));
  EXPECT_EQ(exit_status(empty), 2) << empty;
  size_t before = CommandsRunByDaemon();
  auto r = Ctl({"events", "--patient", "MRN0000001", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 2) << r.output;
  EXPECT_EQ(CommandsRunByDaemon(), before + 1) << "still the daemon answering: " << DaemonLog();
}

// One command at a time: a client that drips its request, vanishes with a long answer unread,
// or stops reading it must not hold the socket for long, nor hold up a stop.
TEST_F(ControlSocket, SlowOrVanishingClientsAreDroppedAndNeverHoldUpAStop) {
  std::string lines;
  for (int i = 0; i < 20'000; ++i) {
    lines += R"({"ts":"2026-03-02T08:00:00Z","user":"u)" + std::to_string(i % 50) +
             R"(","action":"view","patient":"MRN)" + std::to_string(1000000 + i) + "\"}\n";
  }
  testing::AppendFile(dir_ / "logs" / "ehr.jsonl", lines);
  auto daemon = StartDaemon("daemon.out", 20'002);
  using Clock = std::chrono::steady_clock;

  // Dripping a byte every second: cut off at 10 s from the start, however much came.
  std::string request = control::EncodeRequest({"stats"});
  auto start = Clock::now();
  int drip = ConnectAndSend(request.substr(0, 1));
  for (size_t i = 1; i < request.size(); ++i) {  // 17 bytes: 16 s, unless cut off
    pollfd answer{drip, POLLIN, 0};
    if (poll(&answer, 1, 1000) != 0) break;
    send(drip, request.data() + i, 1, MSG_NOSIGNAL);
  }
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = recv(drip, buf, sizeof buf, 0)) > 0;) reply.append(buf, n);
  close(drip);
  EXPECT_NE(reply.find("no whole request within the timeout"), std::string::npos) << reply;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(12));

  // Gone with some 2 MB of answer unread: the daemon stops writing and answers the next one.
  size_t before = CommandsRunByDaemon();
  close(ConnectAndSend(control::EncodeRequest({"events", "--all"})));
  auto r = Ctl({"events", "--patient", "MRN1000007", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"user\":\"u7\""), std::string::npos) << r.output;
  EXPECT_EQ(CommandsRunByDaemon(), before + 2) << DaemonLog();

  // Reading nothing of a long answer while the daemon is asked to stop: it stops at once.
  int stalled = ConnectAndSend(control::EncodeRequest({"events", "--all"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // its socket buffer fills
  start = Clock::now();
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(), 0) << DaemonLog();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  close(stalled);
}

}  // namespace
}  // namespace phi
