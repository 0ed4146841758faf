// Alert delivery over syslog (issue 8): N alert records already in the alert log go through a
// SinkRunner and a SyslogSink (TCP with octet counting, or TLS) to a receiver in this process
// that counts the frames. Prints alerts/s (wall clock, first send to last frame received), the
// CPU of the sending side (process CPU minus the receiver thread's), alerts per sending
// CPU-second, and peak RSS.
// Usage: phi_sink_delivery_bench WORK_DIR ALERTS tcp|tls [CERT KEY] [json|cef|leef|ocsf]
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "daemon/alerts/alert_store.hpp"
#include "daemon/sinks/payload_format.hpp"
#include "daemon/sinks/sink_runner.hpp"
#include "daemon/sinks/syslog_sink.hpp"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Counts octet-counted frames ("LEN SP MSG") in a byte stream.
struct FrameCounter {
  uint64_t frames = 0;
  uint64_t pending = 0;  // bytes of the current message still to skip
  std::string length;
  void Feed(const char* p, size_t n) {
    while (n) {
      if (pending) {
        size_t skip = std::min<uint64_t>(pending, n);
        pending -= skip, p += skip, n -= skip;
        if (!pending) ++frames;
        continue;
      }
      char c = *p++;
      --n;
      if (c == ' ') {
        pending = std::stoull(length);
        length.clear();
      } else {
        length += c;
      }
    }
  }
};

// Reads one connection until it closes (the bench closes it once everything is confirmed:
// closing earlier would make the sink send the unconfirmed records again).
template <typename Read>
void Receive(Read read, std::atomic<uint64_t>& received) {
  FrameCounter counter;
  std::vector<char> buffer(1 << 16);
  while (true) {
    size_t n = read(buffer);
    if (n == 0) break;
    counter.Feed(buffer.data(), n);
    received = counter.frames;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s WORK_DIR ALERTS tcp|tls [CERT KEY] [format]\n", argv[0]);
    return 2;
  }
  const std::string work = argv[1];
  const uint64_t alerts = std::stoull(argv[2]);
  const bool tls = std::string(argv[3]) == "tls";
  const std::string cert = tls && argc > 5 ? argv[4] : "", key = tls && argc > 5 ? argv[5] : "";
  phi::PayloadFormat format = phi::PayloadFormat::kJson;
  if (argc > (tls ? 6 : 4)) phi::ParsePayloadFormat(argv[tls ? 6 : 4], format);

  std::filesystem::remove_all(work);
  phi::TimelineOptions options;
  options.path = work + "/timeline";
  auto timeline = phi::Timeline::Open(options);
  if (!timeline.ok()) {
    std::fprintf(stderr, "%s\n", timeline.status().message().c_str());
    return 1;
  }
  phi::AlertStore store(*timeline.value());
  double fill_start = Now();
  for (uint64_t done = 0; done < alerts;) {
    std::vector<phi::AlertChange> batch;
    for (int i = 0; i < 1000 && done < alerts; ++i, ++done) {
      phi::Alert a;
      a.alert_id = std::to_string(done + 1) + "-family_member_access";
      a.rule_id = "family_member_access";
      a.severity = phi::Severity::kHigh;
      a.ts = a.last_ts = 1'780'000'000'000'000 + static_cast<int64_t>(done) * 1000;
      a.user = "u" + std::to_string(done % 5000);
      a.patients = {"MRN" + std::to_string(1'000'000 + done)};
      a.summary = a.user + " opened the record of a patient who shares their last name and address";
      a.explanation =
          "Shares the patient's last name and address. No encounter, appointment or caseload "
          "links the user to the patient, and the user's department has no episode of care.";
      a.evidence = R"({"last_name_match":true,"address_match":true,"explanations_checked":5})";
      a.event_ids = {done + 1};
      a.last_sequence = done + 1;
      batch.push_back({a});
    }
    if (auto s = store.Apply(batch, nullptr); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().message().c_str());
      return 1;
    }
  }
  std::printf("alert log: %llu records written in %.2f s\n",
              static_cast<unsigned long long>(alerts), Now() - fill_start);

  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::atomic<uint64_t> received = 0;
  std::atomic<double> receiver_cpu = 0;
  asio::ssl::context server_tls(asio::ssl::context::tls_server);
  if (tls) {
    server_tls.use_certificate_chain_file(cert);
    server_tls.use_private_key_file(key, asio::ssl::context::pem);
  }
  tcp::socket socket(io);
  std::thread receiver([&] {
    acceptor.accept(socket);
    boost::system::error_code ec;
    if (tls) {
      asio::ssl::stream<tcp::socket&> stream(socket, server_tls);
      stream.handshake(asio::ssl::stream_base::server, ec);
      if (!ec) {
        Receive([&](std::vector<char>& b) { return stream.read_some(asio::buffer(b), ec); },
                received);
      }
    } else {
      Receive([&](std::vector<char>& b) { return socket.read_some(asio::buffer(b), ec); },
              received);
    }
    receiver_cpu = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
  });

  phi::SyslogOptions syslog;
  syslog.transport =
      tls ? phi::SyslogOptions::Transport::kTls : phi::SyslogOptions::Transport::kTcp;
  syslog.host = "127.0.0.1";
  syslog.port = acceptor.local_endpoint().port();
  syslog.ca_file = cert;
  syslog.server_name = "localhost";
  syslog.settle_ms = 200;
  phi::SinkRunnerOptions runner_options;
  runner_options.name = "bench";
  runner_options.batch_records = 1000;
  runner_options.backlog_budget_bytes = 1ull << 40;  // the whole log is a backlog here
  auto sink = std::make_unique<phi::SyslogSink>(
      syslog, [format](const phi::AlertRecord& r, std::string& out) {
        phi::AppendPayload(format, r, out);
      });
  phi::SinkRunner runner(runner_options, std::move(sink), *timeline.value());
  const double cpu_start = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID), start = Now();
  if (auto s = runner.Start(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  while (received < alerts) std::this_thread::sleep_for(std::chrono::microseconds(200));
  const double delivered = Now();
  auto waiting = runner.Drain(std::chrono::milliseconds(30'000));
  const double confirmed = Now();
  runner.Stop();
  ::shutdown(socket.native_handle(), SHUT_RDWR);
  receiver.join();
  const double cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double wall = delivered - start, sender_cpu = cpu - receiver_cpu;
  std::printf(
      "%s, %s bodies: %llu alerts in %.2f s = %.0f alerts/s; all confirmed after %.2f s "
      "(settle 200 ms; %llu unconfirmed)\n"
      "CPU: %.2f s in all, receiver %.2f s, sending side %.2f s = %.0f alerts per sending "
      "CPU-second; peak RSS %.0f MB\n",
      tls ? "TLS" : "TCP", std::string(phi::PayloadFormatName(format)).c_str(),
      static_cast<unsigned long long>(received.load()), wall, received / wall, confirmed - start,
      static_cast<unsigned long long>(waiting.ok() ? waiting.value() : 0), cpu, receiver_cpu.load(),
      sender_cpu, received / sender_cpu, usage.ru_maxrss / 1024.0);
  return received == alerts ? 0 : 1;
}
