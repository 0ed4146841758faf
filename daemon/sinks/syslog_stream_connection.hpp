// One TCP or TLS connection to a syslog receiver, every step under a deadline: resolve, connect,
// TLS handshake (server certificate and host name verified, SNI sent), write. Besides writing it
// answers the two questions delivery confirmation asks of the kernel without reading or
// blocking: how many of the bytes written has the peer's TCP not yet acknowledged (SIOCOUTQ), and
// has the peer closed or reset the connection (poll with POLLRDHUP). Linux only.
// Not thread-safe: used on the sink's thread, with the sink's io_context.
#pragma once

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"

namespace phi {

struct StreamEndpoint {
  std::string host;
  uint16_t port = 0;
  // TLS only: the name the server's certificate must carry (a DNS name, or an IP address matched
  // against its IP SANs) and, unless it is an address, the SNI sent; "" means `host`.
  std::string server_name;
};

class SyslogStreamConnection {
 public:
  // Resolves, connects and, with a `tls` context, completes the handshake within
  // `connect_timeout` (a host name lookup the system resolver has begun is waited for: its own
  // time-outs in resolv.conf bound it; an address needs no lookup). The kernel drops the connection
  // when written data stays unacknowledged for `write_timeout` (TCP_USER_TIMEOUT), so a receiver
  // that vanished without a reset shows as a closed connection instead of a silent stall. The error
  // names the endpoint and, for an untrusted certificate, why it was refused.
  static Result<std::unique_ptr<SyslogStreamConnection>> Connect(
      boost::asio::io_context& io, const StreamEndpoint& endpoint, boost::asio::ssl::context* tls,
      std::chrono::milliseconds connect_timeout, std::chrono::milliseconds write_timeout);
  ~SyslogStreamConnection();
  SyslogStreamConnection(const SyslogStreamConnection&) = delete;
  SyslogStreamConnection& operator=(const SyslogStreamConnection&) = delete;

  // Writes all of `bytes` or fails; a failed or timed-out write leaves the connection closed.
  Status Write(std::string_view bytes, std::chrono::milliseconds timeout);

  // Bytes this connection has put on the wire so far: with TLS, its records (handshake included).
  uint64_t bytes_written() const;
  // Of those, how many the peer's TCP has not acknowledged yet; nullopt when the kernel won't say.
  std::optional<uint64_t> UnacknowledgedBytes() const;
  // True once the peer has closed (FIN) or reset the connection, or it failed.
  bool PeerClosed() const;

  // "TLSv1.3" or "TCP", for messages.
  std::string protocol() const;

 private:
  using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

  SyslogStreamConnection(boost::asio::io_context& io, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::socket tcp_;  // plain TCP; moved into tls_ for TLS
  std::unique_ptr<TlsStream> tls_;
  int fd_;  // the socket's, for ioctl and poll; it moves with the socket into tls_
  uint64_t tcp_bytes_written_ = 0;
  bool failed_ = false;  // closed after an error or a timeout; fd_ is no longer ours

  boost::asio::ip::tcp::socket& socket() { return tls_ ? tls_->next_layer() : tcp_; }
  Status Handshake(boost::asio::ssl::context& tls, const StreamEndpoint& endpoint,
                   std::chrono::milliseconds timeout);
  void Close();
};

}  // namespace phi
