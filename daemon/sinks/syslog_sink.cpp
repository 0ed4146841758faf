#include "daemon/sinks/syslog_sink.hpp"

#include <unistd.h>

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <charconv>
#include <climits>

#include "daemon/sinks/syslog_datagram_socket.hpp"
#include "daemon/sinks/syslog_stream_connection.hpp"
#include "daemon/sinks/tls_client_context.hpp"

namespace phi {
namespace {

using Transport = SyslogOptions::Transport;
using std::chrono::milliseconds;

constexpr size_t kMaxUdpPayloadBytes = 65507;  // IPv4: 65535 less the IP and UDP headers

uint16_t PortOf(const SyslogOptions& o) {
  if (o.port != 0) return o.port;
  return o.transport == Transport::kTls ? 6514 : 514;
}

std::string_view TransportName(Transport t) {
  switch (t) {
    case Transport::kUdp:
      return "UDP";
    case Transport::kTcp:
      return "TCP";
    case Transport::kTls:
      return "TLS";
  }
  return "?";
}

std::string LocalHostName() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  return ToPrintUsAscii(name, 255);
}

SyslogMessageFields MessageFieldsOf(const SyslogOptions& o) {
  SyslogMessageFields fields;
  fields.facility = o.facility;
  fields.hostname = o.hostname.empty() ? LocalHostName() : o.hostname;
  fields.app_name = o.app_name;
  fields.procid = std::to_string(getpid());
  fields.msgid = o.msgid;
  fields.sd_id = o.sd_id;
  fields.utf8_bom = o.utf8_bom;
  return fields;
}

Status Invalid(std::string_view key, std::string_view expected) {
  return Status::Invalid("syslog sink: " + std::string(key) + " " + std::string(expected));
}

}  // namespace

Status ValidateSyslogOptions(const SyslogOptions& o) {
  if (o.host.empty()) return Invalid("host", "is empty: name the receiver");
  if (o.connect_timeout_ms <= 0) return Invalid("connect_timeout_ms", "must be positive");
  if (o.write_timeout_ms <= 0 || o.write_timeout_ms > UINT_MAX) {
    return Invalid("write_timeout_ms", "must be 1 to 4294967295");
  }
  if (o.settle_ms < 0) return Invalid("settle_ms", "must be 0 or more");
  if (o.transport == Transport::kUdp && (o.max_datagram_bytes < kMinSyslogDatagramBytes ||
                                         o.max_datagram_bytes > kMaxUdpPayloadBytes)) {
    return Invalid("max_datagram_bytes", "must be 480 to 65507 (RFC 5426 §3.2)");
  }
  if (o.transport != Transport::kTls &&
      !(o.ca_file.empty() && o.client_cert_file.empty() && o.client_key_file.empty())) {
    return Invalid("ca_file, client_cert_file and client_key_file", "need transport tls");
  }
  SyslogMessageFields fields = MessageFieldsOf(o);
  fields.hostname = o.hostname;  // only a configured name can be wrong
  if (Status s = ValidateSyslogMessageFields(fields); !s.ok()) {
    return Status::Invalid("syslog sink: " + s.message());
  }
  return Status::Ok();
}

SyslogSink::SyslogSink(SyslogOptions options, AlertPayloadFormatter payload_formatter,
                       EventPayloadFormatter event_payload_formatter)
    : options_(std::move(options)),
      payload_formatter_(std::move(payload_formatter)),
      event_payload_formatter_(std::move(event_payload_formatter)),
      destination_("syslog receiver " + options_.host + ":" + std::to_string(PortOf(options_)) +
                   " (" + std::string(TransportName(options_.transport)) + ")"),
      io_(std::make_unique<boost::asio::io_context>()),
      tracker_(milliseconds(options_.settle_ms)) {}

SyslogSink::~SyslogSink() = default;

Status SyslogSink::Open(std::string_view saved) {
  if (Status s = ValidateSyslogOptions(options_); !s.ok()) return s;
  if (!payload_formatter_ || !event_payload_formatter_)
    return Status::Invalid("syslog sink: no payload formatter");
  // The runner's cursor is what counts; this only restores Confirmed(). A checkpoint that is
  // not a position (the sink was another type under the same name) is ignored.
  uint64_t confirmed = 0;
  if (!saved.empty()) {
    auto [end, ec] = std::from_chars(saved.data(), saved.data() + saved.size(), confirmed);
    if (ec != std::errc() || end != saved.data() + saved.size()) confirmed = 0;
  }
  if (options_.transport == Transport::kTls) {
    auto context = MakeTlsClientContext(
        {options_.ca_file, options_.client_cert_file, options_.client_key_file});
    if (!context.ok()) return Status::Invalid("syslog sink: " + context.status().message());
    tls_context_ = std::move(*context);
  }
  builder_.emplace(MessageFieldsOf(options_), payload_formatter_, event_payload_formatter_);
  tracker_.MarkConfirmed(confirmed);
  return Status::Ok();
}

Status SyslogSink::Send(const std::vector<AlertRecord>& records, uint64_t through) {
  return SendItems(records, through);
}

Status SyslogSink::SendEvents(const std::vector<Event>& events, uint64_t through) {
  return SendItems(events, through);
}

template <typename Item>
Status SyslogSink::SendItems(const std::vector<Item>& items, uint64_t through) {
  if (!builder_) return Status::Invalid("syslog sink: Send before a successful Open");
  if (options_.transport == Transport::kUdp) return SendDatagrams(items, through);
  return SendStream(items, through);
}

template <typename Item>
Status SyslogSink::SendStream(const std::vector<Item>& records, uint64_t through) {
  ObserveConnection();
  if (connection_lost_) {
    DropConnection();
    return Status::IoError(destination_ +
                           " closed the connection; records not confirmed are sent again");
  }
  if (records.empty()) {
    tracker_.Sent(through, stream_ ? stream_->bytes_written() : 0);
    return Status::Ok();
  }
  if (!stream_) {
    auto connected = SyslogStreamConnection::Connect(
        *io_, {options_.host, PortOf(options_), options_.server_name}, tls_context_.get(),
        milliseconds(options_.connect_timeout_ms), milliseconds(options_.write_timeout_ms));
    if (!connected.ok()) return connected.status();
    stream_ = std::move(*connected);
  }
  frames_.clear();
  for (const Item& record : records) {
    message_.clear();
    builder_->Append(record, options_.max_message_bytes, message_);
    AppendOctetCountedFrame(message_, frames_);
  }
  if (Status s = stream_->Write(frames_, milliseconds(options_.write_timeout_ms)); !s.ok()) {
    DropConnection();
    return Status::IoError(destination_ + ": " + s.message());
  }
  tracker_.Sent(through, stream_->bytes_written());
  return Status::Ok();
}

template <typename Item>
Status SyslogSink::SendDatagrams(const std::vector<Item>& records, uint64_t through) {
  if (!records.empty() && !datagram_) {
    auto opened = SyslogDatagramSocket::Open(*io_, options_.host, PortOf(options_),
                                             milliseconds(options_.connect_timeout_ms));
    if (!opened.ok()) return opened.status();
    datagram_ = std::move(*opened);
  }
  for (const Item& record : records) {
    message_.clear();
    builder_->Append(record, options_.max_datagram_bytes, message_);
    if (Status s = datagram_->Send(message_, milliseconds(options_.write_timeout_ms)); !s.ok()) {
      DropConnection();
      return s;
    }
  }
  tracker_.MarkConfirmed(through);
  return Status::Ok();
}

void SyslogSink::ObserveConnection() const {
  if (!stream_ || connection_lost_) return;
  if (stream_->PeerClosed()) {
    connection_lost_ = true;
    tracker_.ConnectionLost();
    return;
  }
  if (std::optional<uint64_t> unacknowledged = stream_->UnacknowledgedBytes()) {
    const uint64_t written = stream_->bytes_written();
    tracker_.Acknowledged(written - std::min(*unacknowledged, written),
                          StreamDeliveryTracker::Clock::now());
  }
}

uint64_t SyslogSink::Confirmed() const {
  ObserveConnection();
  return tracker_.confirmed();
}

void SyslogSink::Reset() {
  DropConnection();
}

std::string SyslogSink::Checkpoint() const {
  return std::to_string(tracker_.confirmed());
}

void SyslogSink::DropConnection() {
  stream_.reset();
  datagram_.reset();
  tracker_.ConnectionLost();
  connection_lost_ = false;
}

}  // namespace phi
