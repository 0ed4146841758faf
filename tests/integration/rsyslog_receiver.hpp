// A real rsyslogd for the syslog sink's tests, run without privileges from a private folder:
// loopback listeners for TCP, TLS (ossl driver, server authentication only), mutual TLS (the
// client's certificate checked by name) and UDP, and one output file in which rsyslog writes,
// for every message it PARSED as RFC 5424, the fields it parsed and the SD params it took apart
// (mmpstrucdata) as one JSON object a line. Stop() and Start() again keep the same ports.
// The binary: $PHI_RSYSLOGD, else the copy scripts/install-deps.sh unpacks into
// build-deps/rsyslog, else /usr/sbin/rsyslogd.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/daemon_process.hpp"
#include "tests/integration/test_pki.hpp"

namespace phi::testing {

struct ReceivedSyslogMessage {
  std::string input;  // the listener: "tcp", "tls", "mtls" or "udp"
  std::string pri, version, timestamp, hostname, app_name, procid, msgid;
  std::string structured_data;                                   // as sent
  std::map<std::string, std::map<std::string, std::string>> sd;  // SD-ID → param → value
  std::string msg;                                               // with the BOM, if one was sent
};

class RsyslogReceiver {
 public:
  // Makes the certificates (MakeTestPki), picks free ports and starts rsyslogd. Throws with
  // rsyslogd's own output when it does not come up.
  explicit RsyslogReceiver(const std::filesystem::path& dir);
  ~RsyslogReceiver();
  RsyslogReceiver(const RsyslogReceiver&) = delete;
  RsyslogReceiver& operator=(const RsyslogReceiver&) = delete;

  // Starts rsyslogd and waits until every listener answers.
  void Start();
  // SIGTERM (a clean stop) or SIGKILL (a crash), and waits for the exit.
  void Stop(int signal = SIGTERM);
  // SIGSTOP: rsyslogd reads nothing more, while its kernel still takes and acknowledges bytes
  // (a receiver stalled just before it dies). Stop() ends a frozen receiver too.
  void Freeze();

  uint16_t tcp_port() const { return tcp_port_; }
  uint16_t tls_port() const { return tls_port_; }
  uint16_t mtls_port() const { return mtls_port_; }
  uint16_t udp_port() const { return udp_port_; }
  const TestPki& pki() const { return pki_; }

  // Everything written to the output file so far.
  std::vector<ReceivedSyslogMessage> Received() const;
  // Waits until at least `count` messages are there or `timeout` passes; returns what is there.
  std::vector<ReceivedSyslogMessage> WaitForMessages(size_t count,
                                                     std::chrono::milliseconds timeout) const;
  // rsyslogd's own stderr, for failure messages.
  std::string Log() const;

 private:
  std::filesystem::path dir_;
  TestPki pki_;
  std::filesystem::path rsyslogd_, modules_;
  uint16_t tcp_port_ = 0, tls_port_ = 0, mtls_port_ = 0, udp_port_ = 0;
  std::unique_ptr<DaemonProcess> process_;

  void WriteConfig() const;
  void WaitUntilListening();
};

}  // namespace phi::testing
