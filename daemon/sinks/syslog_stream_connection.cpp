#include "daemon/sinks/syslog_stream_connection.hpp"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>

#include "daemon/sinks/asio_deadline.hpp"

namespace phi {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using std::chrono::milliseconds;
using Deadline = std::chrono::steady_clock::time_point;

milliseconds Remaining(Deadline deadline) {
  return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(
                                       deadline - std::chrono::steady_clock::now()));
}

std::string Describe(const StreamEndpoint& endpoint) {
  return "syslog receiver " + endpoint.host + ":" + std::to_string(endpoint.port);
}

Result<tcp::resolver::results_type> Resolve(asio::io_context& io, const StreamEndpoint& endpoint,
                                            milliseconds timeout) {
  tcp::resolver resolver(io);
  tcp::resolver::results_type results;
  boost::system::error_code ec = RunWithDeadline(
      io, timeout,
      [&](auto handler) {
        resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                               tcp::resolver::numeric_service,
                               [&results, handler](const boost::system::error_code& e,
                                                   tcp::resolver::results_type found) mutable {
                                 results = std::move(found);
                                 handler(e);
                               });
      },
      [&] { resolver.cancel(); });
  if (ec) return Status::IoError(Describe(endpoint) + ": cannot resolve the host: " + ec.message());
  return results;
}

void SetSocketOptions(tcp::socket& socket, milliseconds write_timeout) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  unsigned int user_timeout_ms = static_cast<unsigned int>(write_timeout.count());
  setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms,
             sizeof user_timeout_ms);
}

std::string TlsFailure(SSL* ssl, const boost::system::error_code& ec) {
  std::string why = ec.message();
  long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    why += " (";
    why += X509_verify_cert_error_string(verify);
    why += ")";
  }
  ERR_clear_error();
  return why;
}

}  // namespace

SyslogStreamConnection::SyslogStreamConnection(asio::io_context& io, tcp::socket socket)
    : io_(io), tcp_(std::move(socket)), fd_(tcp_.native_handle()) {}

SyslogStreamConnection::~SyslogStreamConnection() {
  Close();
}

Result<std::unique_ptr<SyslogStreamConnection>> SyslogStreamConnection::Connect(
    asio::io_context& io, const StreamEndpoint& endpoint, asio::ssl::context* tls,
    milliseconds connect_timeout, milliseconds write_timeout) {
  const Deadline deadline = std::chrono::steady_clock::now() + connect_timeout;
  auto resolved = Resolve(io, endpoint, connect_timeout);
  if (!resolved.ok()) return resolved.status();

  tcp::socket socket(io);
  boost::system::error_code ec = RunWithDeadline(
      io, Remaining(deadline),
      [&](auto handler) { asio::async_connect(socket, *resolved, handler); },
      [&] {
        boost::system::error_code ignored;
        socket.close(ignored);
      });
  if (ec) return Status::IoError(Describe(endpoint) + ": cannot connect: " + ec.message());
  SetSocketOptions(socket, write_timeout);

  std::unique_ptr<SyslogStreamConnection> connection(
      new SyslogStreamConnection(io, std::move(socket)));
  if (tls != nullptr) {
    if (Status s = connection->Handshake(*tls, endpoint, Remaining(deadline)); !s.ok()) return s;
  }
  return connection;
}

Status SyslogStreamConnection::Handshake(asio::ssl::context& tls, const StreamEndpoint& endpoint,
                                         milliseconds timeout) {
  tls_ = std::make_unique<TlsStream>(std::move(tcp_), tls);
  SSL* ssl = tls_->native_handle();
  const std::string& name = endpoint.server_name.empty() ? endpoint.host : endpoint.server_name;
  boost::system::error_code not_an_address;
  asio::ip::make_address(name, not_an_address);
  X509_VERIFY_PARAM* verify = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  bool named = not_an_address ? SSL_set_tlsext_host_name(ssl, name.c_str()) == 1 &&
                                    X509_VERIFY_PARAM_set1_host(verify, name.c_str(), 0) == 1
                              : X509_VERIFY_PARAM_set1_ip_asc(verify, name.c_str()) == 1;
  if (!named) {
    ERR_clear_error();
    Close();
    return Status::Invalid(Describe(endpoint) + ": cannot check the certificate for \"" + name +
                           "\"");
  }
  boost::system::error_code ec = RunWithDeadline(
      io_, timeout,
      [&](auto handler) { tls_->async_handshake(asio::ssl::stream_base::client, handler); },
      [&] { Close(); });
  if (ec) {
    std::string why = TlsFailure(ssl, ec);
    Close();
    return Status::IoError(Describe(endpoint) + ": TLS handshake failed: " + why);
  }
  return Status::Ok();
}

Status SyslogStreamConnection::Write(std::string_view bytes, milliseconds timeout) {
  if (failed_) return Status::IoError("the connection is closed");
  size_t written = 0;
  boost::system::error_code ec = RunWithDeadline(
      io_, timeout,
      [&](auto handler) {
        auto on_written = [&written, handler](const boost::system::error_code& e,
                                              size_t n) mutable {
          written = n;
          handler(e);
        };
        if (tls_) {
          asio::async_write(*tls_, asio::buffer(bytes.data(), bytes.size()), on_written);
        } else {
          asio::async_write(tcp_, asio::buffer(bytes.data(), bytes.size()), on_written);
        }
      },
      [&] { Close(); });
  tcp_bytes_written_ += written;
  if (ec) {
    if (tls_) ERR_clear_error();
    Close();
    return Status::IoError("cannot write to the syslog receiver: " + ec.message());
  }
  return Status::Ok();
}

uint64_t SyslogStreamConnection::bytes_written() const {
  // Boost.Asio gives OpenSSL one BIO pair per stream; everything OpenSSL wrote into it has been
  // written to the socket by the time a handshake or write completes.
  if (tls_) return BIO_number_written(SSL_get_wbio(tls_->native_handle()));
  return tcp_bytes_written_;
}

std::optional<uint64_t> SyslogStreamConnection::UnacknowledgedBytes() const {
  int unacknowledged = 0;
  if (failed_ || ioctl(fd_, SIOCOUTQ, &unacknowledged) != 0 || unacknowledged < 0) {
    return std::nullopt;
  }
  return static_cast<uint64_t>(unacknowledged);
}

bool SyslogStreamConnection::PeerClosed() const {
  if (failed_) return true;
  pollfd peer{fd_, POLLRDHUP, 0};
  if (poll(&peer, 1, 0) < 0) return false;  // EINTR: ask again next time
  return (peer.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

std::string SyslogStreamConnection::protocol() const {
  return tls_ ? SSL_get_version(tls_->native_handle()) : "TCP";
}

void SyslogStreamConnection::Close() {
  failed_ = true;
  boost::system::error_code ignored;
  socket().close(ignored);
}

}  // namespace phi
