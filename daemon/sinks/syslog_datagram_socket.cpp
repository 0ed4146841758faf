#include "daemon/sinks/syslog_datagram_socket.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>

#include "daemon/sinks/asio_deadline.hpp"

namespace phi {

namespace asio = boost::asio;
using asio::ip::udp;

Result<std::unique_ptr<SyslogDatagramSocket>> SyslogDatagramSocket::Open(
    asio::io_context& io, const std::string& host, uint16_t port,
    std::chrono::milliseconds timeout) {
  std::string destination = "syslog receiver " + host + ":" + std::to_string(port) + " (UDP)";
  udp::resolver resolver(io);
  udp::resolver::results_type results;
  boost::system::error_code ec = RunWithDeadline(
      io, timeout,
      [&](auto handler) {
        resolver.async_resolve(host, std::to_string(port), udp::resolver::numeric_service,
                               [&results, handler](const boost::system::error_code& e,
                                                   udp::resolver::results_type found) mutable {
                                 results = std::move(found);
                                 handler(e);
                               });
      },
      [&] { resolver.cancel(); });
  if (ec) return Status::IoError(destination + ": cannot resolve the host: " + ec.message());

  // Connecting a UDP socket only sets its default destination: it neither waits nor blocks.
  udp::socket socket(io);
  asio::connect(socket, results, ec);
  if (ec) return Status::IoError(destination + ": cannot open a socket: " + ec.message());
  return std::unique_ptr<SyslogDatagramSocket>(
      new SyslogDatagramSocket(io, std::move(socket), std::move(destination)));
}

Status SyslogDatagramSocket::Send(std::string_view datagram, std::chrono::milliseconds timeout) {
  boost::system::error_code ec = RunWithDeadline(
      io_, timeout,
      [&](auto handler) {
        socket_.async_send(asio::buffer(datagram.data(), datagram.size()), handler);
      },
      [&] {
        boost::system::error_code ignored;
        socket_.close(ignored);
      });
  if (ec) return Status::IoError(destination_ + ": cannot send: " + ec.message());
  return Status::Ok();
}

}  // namespace phi
