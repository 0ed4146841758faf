#include "daemon/sinks/http_client_connection.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace phi {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

auto NewOutcome() {
  return std::make_shared<std::optional<boost::system::error_code>>();
}

bool IsIpLiteral(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

HttpClientConnection::HttpClientConnection(WebhookUrl url, std::unique_ptr<asio::ssl::context> tls)
    : url_(std::move(url)), tls_(std::move(tls)) {}

HttpClientConnection::~HttpClientConnection() {
  Close();
}

void HttpClientConnection::Close() {
  // No operation is ever pending here: RunUntilDone lets each one finish before returning.
  // The TLS close_notify is skipped; the request/response exchange is already complete or lost.
  ErrorCode ignored;
  if (is_open()) socket().close(ignored);
  tls_stream_.reset();
  plain_socket_.reset();
  read_buffer_.clear();
}

tcp::socket& HttpClientConnection::socket() {
  return tls_stream_ ? tls_stream_->next_layer() : *plain_socket_;
}

Result<HttpClientConnection::Response> HttpClientConnection::RoundTrip(
    const Request& request, std::chrono::milliseconds timeout) {
  const Deadline deadline = std::chrono::steady_clock::now() + timeout;
  if (is_open() && ClosedByPeerWhileIdle()) Close();
  if (!is_open()) {
    if (Status connected = Connect(deadline, timeout); !connected.ok()) {
      Close();
      return connected;
    }
  }

  Outcome written = NewOutcome();
  auto on_written = [written](ErrorCode ec, size_t) { *written = ec; };
  if (tls_stream_) {
    http::async_write(*tls_stream_, request, on_written);
  } else {
    http::async_write(*plain_socket_, request, on_written);
  }
  if (ErrorCode ec = RunUntilDone(written, deadline); ec) {
    Close();
    return StepError("sending the request", ec, timeout);
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBodyBytes);
  read_buffer_.clear();
  Outcome read = NewOutcome();
  auto on_read = [read](ErrorCode ec, size_t) { *read = ec; };
  if (tls_stream_) {
    http::async_read(*tls_stream_, read_buffer_, parser, on_read);
  } else {
    http::async_read(*plain_socket_, read_buffer_, parser, on_read);
  }
  if (ErrorCode ec = RunUntilDone(read, deadline); ec) {
    Close();
    return StepError("reading the response", ec, timeout);
  }
  Response response = parser.release();
  if (!response.keep_alive()) Close();
  return response;
}

Status HttpClientConnection::Connect(Deadline deadline, std::chrono::milliseconds timeout) {
  Result<std::vector<tcp::endpoint>> endpoints = Resolve(deadline, timeout);
  if (!endpoints.ok()) return endpoints.status();
  if (url_.tls) {
    tls_stream_.emplace(io_, *tls_);
  } else {
    plain_socket_.emplace(io_);
  }
  Outcome connected = NewOutcome();
  asio::async_connect(socket(), endpoints.value(),
                      [connected](ErrorCode ec, const tcp::endpoint&) { *connected = ec; });
  if (ErrorCode ec = RunUntilDone(connected, deadline); ec)
    return StepError("connect", ec, timeout);
  ++connections_opened_;
  ErrorCode ignored;
  socket().set_option(tcp::no_delay(true), ignored);  // a request is one write; no Nagle wait
  return url_.tls ? Handshake(deadline, timeout) : Status::Ok();
}

Result<std::vector<tcp::endpoint>> HttpClientConnection::Resolve(
    Deadline deadline, std::chrono::milliseconds timeout) {
  ErrorCode ec;
  const asio::ip::address literal = asio::ip::make_address(url_.host, ec);
  if (!ec) return std::vector<tcp::endpoint>{tcp::endpoint(literal, url_.port)};

  struct Lookup {
    std::optional<ErrorCode> outcome;
    std::vector<tcp::endpoint> endpoints;
  };
  auto lookup = std::make_shared<Lookup>();
  resolver_.async_resolve(url_.host, std::to_string(url_.port), tcp::resolver::numeric_service,
                          [lookup](ErrorCode ec, const tcp::resolver::results_type& results) {
                            for (const auto& entry : results)
                              lookup->endpoints.push_back(entry.endpoint());
                            lookup->outcome = ec;
                          });
  resolve_io_.restart();
  while (!lookup->outcome && resolve_io_.run_one_until(deadline) > 0) {
  }
  if (!lookup->outcome) {
    resolver_.cancel();  // its handler runs later, into the abandoned `lookup`
    return StepError("name lookup", asio::error::timed_out, timeout);
  }
  if (*lookup->outcome) return StepError("name lookup", *lookup->outcome, timeout);
  if (lookup->endpoints.empty())
    return StepError("name lookup", asio::error::host_not_found, timeout);
  return std::move(lookup->endpoints);
}

Status HttpClientConnection::Handshake(Deadline deadline, std::chrono::milliseconds timeout) {
  auto& stream = *tls_stream_;
  const bool ip_literal = IsIpLiteral(url_.host);
  // SNI carries names only (RFC 6066); the certificate is checked against the host either way.
  if (!ip_literal && SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str()) != 1)
    return Status::IoError(url_.Origin() + ": cannot set the TLS server name");
  ErrorCode ec;
  stream.set_verify_mode(asio::ssl::verify_peer, ec);
  if (!ec) {
    // host_name_verification refuses a certificate for another host without saying why; the
    // error code it leaves out is set here, so that a failed handshake can name the cause.
    const int mismatch = ip_literal ? X509_V_ERR_IP_ADDRESS_MISMATCH : X509_V_ERR_HOSTNAME_MISMATCH;
    stream.set_verify_callback(
        [check = asio::ssl::host_name_verification(url_.host), mismatch](
            bool preverified, asio::ssl::verify_context& context) {
          const bool verified = check(preverified, context);
          if (preverified && !verified) X509_STORE_CTX_set_error(context.native_handle(), mismatch);
          return verified;
        },
        ec);
  }
  if (ec) return StepError("TLS set-up", ec, timeout);

  Outcome shaken = NewOutcome();
  stream.async_handshake(asio::ssl::stream_base::client, [shaken](ErrorCode ec) { *shaken = ec; });
  ec = RunUntilDone(shaken, deadline);
  if (!ec) return Status::Ok();
  if (ec == asio::error::timed_out) return StepError("TLS handshake", ec, timeout);

  std::string why = ec.message();
  const long verify_result = SSL_get_verify_result(stream.native_handle());
  if (verify_result == X509_V_ERR_HOSTNAME_MISMATCH ||
      verify_result == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    why = "the server's certificate does not name " + url_.host;
  } else if (verify_result != X509_V_OK) {
    why = std::string("the server's certificate is not trusted: ") +
          X509_verify_cert_error_string(verify_result) + " (set ca_file to the CA that signed it)";
  }
  return Status::IoError(url_.Origin() + ": TLS handshake failed: " + why);
}

HttpClientConnection::ErrorCode HttpClientConnection::RunUntilDone(const Outcome& outcome,
                                                                   Deadline deadline) {
  io_.restart();
  while (!outcome->has_value() && io_.run_one_until(deadline) > 0) {
  }
  if (outcome->has_value()) return **outcome;
  ErrorCode ignored;
  socket().close(ignored);  // aborts the pending operation
  io_.restart();
  io_.run();  // its handler now runs promptly, with operation_aborted
  return asio::error::timed_out;
}

bool HttpClientConnection::ClosedByPeerWhileIdle() {
  pollfd idle{socket().native_handle(), POLLIN, 0};
  return ::poll(&idle, 1, 0) != 0;  // readable (EOF, close_notify, junk), hung up, or poll failed
}

Status HttpClientConnection::StepError(const char* step, const ErrorCode& ec,
                                       std::chrono::milliseconds timeout) const {
  if (ec == asio::error::timed_out) {
    return Status::IoError(url_.Origin() + ": " + step + " timed out (timeout_ms " +
                           std::to_string(timeout.count()) + " for the whole request)");
  }
  return Status::IoError(url_.Origin() + ": " + step + " failed: " + ec.message());
}

}  // namespace phi
