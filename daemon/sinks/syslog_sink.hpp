// Sends alert records to a syslog receiver (a SIEM, rsyslog, syslog-ng) as RFC 5424 messages
// (syslog_message.hpp) over UDP (RFC 5426), TCP (RFC 6587 octet counting) or TLS (RFC 5425: TLS
// 1.2 or later, the server's certificate checked against ca_file and its name against
// server_name or host, SNI, an optional client certificate). Every network call runs on the
// sink's own io_context under a deadline (connect_timeout_ms, write_timeout_ms).
//
// Delivery, so that nothing is lost while the SIEM is down:
// - TCP and TLS: syslog has no acknowledgement, and bytes written into a socket just before the
//   receiver dies are lost. So Send only writes and remembers (the position reached, the bytes
//   written so far); Confirmed() returns the highest position whose bytes the peer's TCP has
//   acknowledged (SIOCOUTQ: the bytes still unacknowledged) and that stayed acknowledged for
//   settle_ms with the connection up (checked with poll(POLLRDHUP) for a FIN or reset in
//   Confirmed() and before each Send). A closed connection makes the next Send fail; the runner
//   then calls Reset(), which drops the connection and what it carried unconfirmed, and sends
//   again from Confirmed(). Delivery is at least once: receivers drop duplicates by the SD
//   params alert_id and record. A runner with nothing new to send while records are unconfirmed
//   may call Send with no records: it fails when the connection was lost, so those records are
//   sent again without waiting for the next alert. What can still be lost: records a receiver
//   held unread or in memory for longer than settle_ms before it crashed, so settle_ms should
//   exceed how long the receiver may stall (RELP, or a receiver's disk queue, closes that gap).
// - UDP: at most once by nature. A datagram counts as confirmed once handed to the network;
//   a receiver that is down shows only through ICMP, as a failure of a later send.
// The cursor the runner saves is kept as the checkpoint, so Confirmed() is right after a restart.
// Not thread-safe: the SinkRunner calls every method from the sink's own thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/sinks/alert_sink.hpp"
#include "daemon/sinks/stream_delivery_tracker.hpp"
#include "daemon/sinks/syslog_message.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}  // namespace ssl
}  // namespace boost::asio

namespace phi {

class SyslogStreamConnection;
class SyslogDatagramSocket;

struct SyslogOptions {
  enum class Transport { kUdp, kTcp, kTls };
  Transport transport = Transport::kTls;
  std::string host;
  uint16_t port = 0;  // 0: 6514 for TLS (RFC 5425), 514 for UDP (RFC 5426) and TCP

  // TLS only. ca_file "" trusts the system's CAs; server_name "" checks the certificate for host.
  std::string ca_file, client_cert_file, client_key_file, server_name;

  int64_t connect_timeout_ms = 5000;  // resolve, connect and TLS handshake together
  int64_t write_timeout_ms = 10000;   // one Send's writes; also TCP_USER_TIMEOUT
  int64_t settle_ms = 1000;           // acknowledged this long, connection up: confirmed
  size_t max_datagram_bytes = kDefaultSyslogDatagramBytes;  // UDP; at least 480
  // TCP/TLS: 0 for no limit, else cut like a datagram (truncated="..."): set it to the
  // receiver's limit (rsyslog's default is 8 KiB) so it never cuts a message itself.
  size_t max_message_bytes = 0;

  int facility = kSyslogFacilityLocal4;
  std::string hostname;  // "" for this machine's name (gethostname)
  std::string app_name = "phi-auditd";
  std::string msgid = "alert";
  std::string sd_id = kSyslogDocumentationSdId;  // use your organisation's PEN: "phi@<PEN>"
  bool utf8_bom = true;                          // see SyslogMessageFields
};

// Checks the options without touching the network or files: what Open() refuses, with the key.
Status ValidateSyslogOptions(const SyslogOptions& options);

class SyslogSink : public AlertSink {
 public:
  explicit SyslogSink(SyslogOptions options,
                      AlertPayloadFormatter payload_formatter = AppendAlertRecordJson,
                      EventPayloadFormatter event_payload_formatter = AppendEventPayloadJson);
  ~SyslogSink() override;
  SyslogSink(const SyslogSink&) = delete;
  SyslogSink& operator=(const SyslogSink&) = delete;

  // Checks the options and loads the TLS files (errors that retrying cannot mend); `saved` is the
  // cursor confirmed before. Connecting is left to Send, which the runner retries.
  Status Open(std::string_view saved) override;
  Status Send(const std::vector<AlertRecord>& records, uint64_t through) override;
  // Events, delivered the same way (the positions are then sequence numbers).
  Status SendEvents(const std::vector<Event>& events, uint64_t through) override;
  uint64_t Confirmed() const override;
  void Reset() override;
  std::string Checkpoint() const override;

  // "syslog receiver host:port (TLS)", for messages.
  const std::string& destination() const { return destination_; }

 private:
  SyslogOptions options_;
  AlertPayloadFormatter payload_formatter_;
  EventPayloadFormatter event_payload_formatter_;
  std::string destination_;
  std::optional<SyslogMessageBuilder> builder_;  // from Open
  std::unique_ptr<boost::asio::io_context> io_;  // before the sockets that use it
  std::unique_ptr<boost::asio::ssl::context> tls_context_;
  std::unique_ptr<SyslogStreamConnection> stream_;
  std::unique_ptr<SyslogDatagramSocket> datagram_;
  // Confirmed() is const for the runner but learns from the kernel: on the sink's thread only.
  mutable StreamDeliveryTracker tracker_;
  mutable bool connection_lost_ = false;
  std::string message_;  // reused per record
  std::string frames_;   // reused per Send

  // Item: AlertRecord or Event.
  template <typename Item>
  Status SendItems(const std::vector<Item>& items, uint64_t through);
  template <typename Item>
  Status SendStream(const std::vector<Item>& records, uint64_t through);
  template <typename Item>
  Status SendDatagrams(const std::vector<Item>& records, uint64_t through);
  void ObserveConnection() const;
  void DropConnection();
};

}  // namespace phi
