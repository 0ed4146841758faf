// A UDP socket connected to a syslog receiver (RFC 5426: one message per datagram), resolving and
// sending under a deadline. Connected, so that an ICMP "port unreachable" from a receiver that is
// down fails the next send instead of vanishing. Not thread-safe: used on the sink's thread.
#pragma once

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"

namespace phi {

class SyslogDatagramSocket {
 public:
  static Result<std::unique_ptr<SyslogDatagramSocket>> Open(boost::asio::io_context& io,
                                                            const std::string& host, uint16_t port,
                                                            std::chrono::milliseconds timeout);
  SyslogDatagramSocket(const SyslogDatagramSocket&) = delete;
  SyslogDatagramSocket& operator=(const SyslogDatagramSocket&) = delete;

  // Sends `datagram` as one datagram.
  Status Send(std::string_view datagram, std::chrono::milliseconds timeout);

 private:
  SyslogDatagramSocket(boost::asio::io_context& io, boost::asio::ip::udp::socket socket,
                       std::string destination)
      : io_(io), socket_(std::move(socket)), destination_(std::move(destination)) {}

  boost::asio::io_context& io_;
  boost::asio::ip::udp::socket socket_;
  std::string destination_;  // "syslog receiver host:port (UDP)", for messages
};

}  // namespace phi
