#include "tests/integration/rsyslog_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <simdjson.h>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/test_support.hpp"

namespace phi::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr milliseconds kStartTimeout(15000);

// The rsyslogd binary, and the folder with its modules beside it (usr/lib/<triplet>/rsyslog).
std::pair<fs::path, fs::path> FindRsyslogd() {
  std::vector<fs::path> roots;
  if (const char* env = std::getenv("PHI_RSYSLOGD")) {
    roots.push_back(fs::path(env).parent_path().parent_path().parent_path());
  }
  roots.push_back(PHI_RSYSLOG_ROOT);
  roots.push_back("/");
  for (const fs::path& root : roots) {
    fs::path binary = root / "usr/sbin/rsyslogd";
    std::error_code ec;
    if (!fs::exists(binary, ec)) continue;
    for (const auto& lib : fs::directory_iterator(root / "usr/lib", ec)) {
      if (fs::exists(lib.path() / "rsyslog/lmnsd_ossl.so", ec)) {
        return {binary, lib.path() / "rsyslog"};
      }
    }
  }
  throw std::runtime_error(
      "no rsyslogd with the ossl driver: run scripts/install-deps.sh (it unpacks rsyslog and "
      "rsyslog-openssl into build-deps/rsyslog) or set PHI_RSYSLOGD");
}

// A port the kernel hands out as free now; rsyslogd binds it a moment later (SO_REUSEADDR).
uint16_t FreeLoopbackPort(int type) {
  int fd = socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("no free loopback port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

bool TcpPortAnswers(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

void SendUdp(uint16_t port, const std::string& datagram) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  close(fd);
}

std::string String(simdjson::dom::element object, const char* key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return "";
  return std::string(value);
}

// One JSON object per message: every field rsyslog parsed, "sd" the SD elements taken apart.
constexpr char kOutputTemplate[] = R"(template(name="phi_fields" type="list") {
  constant(value="{")
  property(outname="input" name="inputname" format="jsonf") constant(value=",")
  property(outname="pri" name="pri" format="jsonf") constant(value=",")
  property(outname="version" name="protocol-version" format="jsonf") constant(value=",")
  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  constant(value=",")
  property(outname="hostname" name="hostname" format="jsonf") constant(value=",")
  property(outname="app_name" name="app-name" format="jsonf") constant(value=",")
  property(outname="procid" name="procid" format="jsonf") constant(value=",")
  property(outname="msgid" name="msgid" format="jsonf") constant(value=",")
  property(outname="structured_data" name="structured-data" format="jsonf") constant(value=",")
  property(outname="msg" name="msg" format="jsonf") constant(value=",\"sd\":")
  property(name="$!rfc5424-sd") constant(value="}\n")
}
)";

}  // namespace

RsyslogReceiver::RsyslogReceiver(const fs::path& dir) : dir_(dir) {
  std::tie(rsyslogd_, modules_) = FindRsyslogd();
  fs::create_directories(dir_ / "work");
  pki_ = MakeTestPki(dir_ / "pki");
  tcp_port_ = FreeLoopbackPort(SOCK_STREAM);
  tls_port_ = FreeLoopbackPort(SOCK_STREAM);
  mtls_port_ = FreeLoopbackPort(SOCK_STREAM);
  udp_port_ = FreeLoopbackPort(SOCK_DGRAM);
  WriteConfig();
  Start();
}

RsyslogReceiver::~RsyslogReceiver() {
  if (process_) Stop(SIGKILL);
}

void RsyslogReceiver::WriteConfig() const {
  auto q = [](const fs::path& p) { return "\"" + p.string() + "\""; };
  std::string conf;
  conf += "global(workDirectory=" + q(dir_ / "work") +
          " maxMessageSize=\"64k\" net.enableDNS=\"off\"\n"
          "  defaultNetstreamDriverCAFile=" +
          q(pki_.ca_cert) + " defaultNetstreamDriverCertFile=" + q(pki_.server_cert) +
          " defaultNetstreamDriverKeyFile=" + q(pki_.server_key) + ")\n";
  conf += "module(load=\"imtcp\")\nmodule(load=\"imudp\")\nmodule(load=\"mmpstrucdata\")\n";
  conf += kOutputTemplate;
  conf +=
      "ruleset(name=\"received\") {\n"
      "  if $msgid == \"ready\" then { action(type=\"omfile\" file=" +
      q(dir_ / "ready.log") +
      ") stop }\n"
      "  action(type=\"mmpstrucdata\")\n"
      "  action(type=\"omfile\" file=" +
      q(dir_ / "received.jsonl") + " template=\"phi_fields\")\n}\n";
  auto input = [&](const char* type, const char* name, uint16_t port, std::string extra) {
    return "input(type=\"" + std::string(type) + "\" name=\"" + name +
           "\" address=\"127.0.0.1\" port=\"" + std::to_string(port) + "\" ruleset=\"received\"" +
           extra + ")\n";
  };
  conf += input("imtcp", "tcp", tcp_port_, "");
  conf += input("imtcp", "tls", tls_port_,
                " streamDriver.name=\"ossl\" streamDriver.mode=\"1\""
                " streamDriver.authMode=\"anon\"");
  conf += input("imtcp", "mtls", mtls_port_,
                " streamDriver.name=\"ossl\" streamDriver.mode=\"1\""
                " streamDriver.authMode=\"x509/name\" permittedPeer=[\"" +
                    std::string(kTestClientName) + "\"]");
  conf += input("imudp", "udp", udp_port_, "");
  WriteFile(dir_ / "rsyslog.conf", conf);
}

void RsyslogReceiver::Start() {
  if (process_) throw std::logic_error("rsyslogd is running already");
  std::error_code ignored;
  fs::remove(dir_ / "rsyslogd.pid", ignored);  // left by a crash; rsyslogd would refuse to start
  process_ = std::make_unique<DaemonProcess>(
      std::vector<std::string>{rsyslogd_.string(), "-n", "-f", (dir_ / "rsyslog.conf").string(),
                               "-i", (dir_ / "rsyslogd.pid").string(), "-M", modules_.string()},
      dir_ / "rsyslogd.log");
  WaitUntilListening();
}

void RsyslogReceiver::WaitUntilListening() {
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  // rsyslogd binds every imtcp listener while it activates the configuration, before any input
  // runs, so the plain one stands for the TLS ones (a bare connect to those logs a TLS error).
  auto tcp_ready = [&] { return TcpPortAnswers(tcp_port_); };
  // UDP gives no sign of life: send a probe until rsyslogd writes it down.
  const size_t probes_before =
      fs::exists(dir_ / "ready.log") ? ReadFile(dir_ / "ready.log").size() : 0;
  auto udp_ready = [&] {
    SendUdp(udp_port_, "<14>1 - - phi-test - ready - probe");
    std::this_thread::sleep_for(milliseconds(20));
    return fs::exists(dir_ / "ready.log") && ReadFile(dir_ / "ready.log").size() > probes_before;
  };
  while (!(tcp_ready() && udp_ready())) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("rsyslogd did not start listening: " + Log());
    }
    std::this_thread::sleep_for(milliseconds(30));
  }
}

void RsyslogReceiver::Stop(int signal) {
  if (!process_) return;
  process_->Signal(signal);
  if (signal != SIGKILL) process_->Signal(SIGCONT);  // a frozen one handles SIGTERM only then
  process_->Wait();
  process_.reset();
}

void RsyslogReceiver::Freeze() {
  if (process_) process_->Signal(SIGSTOP);
}

std::vector<ReceivedSyslogMessage> RsyslogReceiver::Received() const {
  std::vector<ReceivedSyslogMessage> messages;
  std::ifstream in(dir_ / "received.jsonl", std::ios::binary);
  simdjson::dom::parser parser;
  std::string line;
  while (std::getline(in, line)) {
    simdjson::dom::element object;
    if (parser.parse(line).get(object) != simdjson::SUCCESS) {
      if (in.eof()) break;  // rsyslogd is still writing this one
      throw std::runtime_error("rsyslog wrote a line that is not JSON: " + line);
    }
    ReceivedSyslogMessage m;
    m.input = String(object, "input");
    m.pri = String(object, "pri");
    m.version = String(object, "version");
    m.timestamp = String(object, "timestamp");
    m.hostname = String(object, "hostname");
    m.app_name = String(object, "app_name");
    m.procid = String(object, "procid");
    m.msgid = String(object, "msgid");
    m.structured_data = String(object, "structured_data");
    m.msg = String(object, "msg");
    simdjson::dom::object sd;
    if (object["sd"].get_object().get(sd) == simdjson::SUCCESS) {
      for (auto [id, element] : sd) {
        simdjson::dom::object params;
        if (element.get_object().get(params) != simdjson::SUCCESS) continue;
        for (auto [name, value] : params) {
          std::string_view text;
          if (value.get_string().get(text) == simdjson::SUCCESS) {
            m.sd[std::string(id)][std::string(name)] = std::string(text);
          }
        }
      }
    }
    messages.push_back(std::move(m));
  }
  return messages;
}

std::vector<ReceivedSyslogMessage> RsyslogReceiver::WaitForMessages(size_t count,
                                                                    milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<ReceivedSyslogMessage> messages = Received();
  while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
    messages = Received();
  }
  return messages;
}

std::string RsyslogReceiver::Log() const {
  std::error_code ec;
  return fs::exists(dir_ / "rsyslogd.log", ec) ? ReadFile(dir_ / "rsyslogd.log") : "";
}

}  // namespace phi::testing
