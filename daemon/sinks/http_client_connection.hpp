// One HTTP/1.1 client connection from a sink to its receiver, over TLS (or plain TCP for
// loopback tests), kept alive between requests. Every step (name lookup, connect, TLS
// handshake, write, read) runs asynchronously on io_contexts the connection owns and is
// abandoned at the request's deadline, so a receiver that stalls never hangs the sink's thread.
// Not thread-safe: the sink's own thread is its only user.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/sinks/webhook_url.hpp"

namespace phi {

class HttpClientConnection {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  // Larger response bodies are an error: a webhook's answer is a few bytes of status.
  static constexpr uint64_t kMaxResponseBodyBytes = 64 * 1024;

  // REQUIRES: `tls` is set exactly when url.tls.
  HttpClientConnection(WebhookUrl url, std::unique_ptr<boost::asio::ssl::context> tls);
  ~HttpClientConnection();
  HttpClientConnection(const HttpClientConnection&) = delete;
  HttpClientConnection& operator=(const HttpClientConnection&) = delete;

  // Sends `request` and reads the whole response within `timeout`, connecting first when no
  // connection is open or the open one was closed by the receiver while idle. Any error closes
  // the connection; so does a response without keep-alive. Messages name the step that failed
  // and never quote the response.
  Result<Response> RoundTrip(const Request& request, std::chrono::milliseconds timeout);

  void Close();
  bool is_open() const { return tls_stream_.has_value() || plain_socket_.has_value(); }
  // Connections opened so far (tests check that keep-alive reuses one).
  uint64_t connections_opened() const { return connections_opened_; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  using ErrorCode = boost::system::error_code;
  using Outcome = std::shared_ptr<std::optional<ErrorCode>>;

  Status Connect(Deadline deadline, std::chrono::milliseconds timeout);
  Result<std::vector<boost::asio::ip::tcp::endpoint>> Resolve(Deadline deadline,
                                                              std::chrono::milliseconds timeout);
  Status Handshake(Deadline deadline, std::chrono::milliseconds timeout);
  // Runs io_ until `outcome` is set or the deadline passes; then closes the socket and lets
  // the aborted operation finish before returning, so nothing it references is freed under it.
  ErrorCode RunUntilDone(const Outcome& outcome, Deadline deadline);
  // An idle kept-alive connection with something to read has been closed (or spoiled) by the
  // receiver.
  bool ClosedByPeerWhileIdle();
  boost::asio::ip::tcp::socket& socket();
  Status StepError(const char* step, const ErrorCode& ec, std::chrono::milliseconds timeout) const;

  WebhookUrl url_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  // Name lookups run getaddrinfo on Asio's resolver thread and cannot be interrupted; they
  // get an io_context of their own so that an abandoned one never holds up io_.
  boost::asio::io_context resolve_io_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::resolver resolver_{resolve_io_};
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls_stream_;
  std::optional<boost::asio::ip::tcp::socket> plain_socket_;
  boost::beast::flat_buffer read_buffer_;
  uint64_t connections_opened_ = 0;
};

}  // namespace phi
