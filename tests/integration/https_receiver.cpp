#include "tests/integration/https_receiver.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>

#include "tests/integration/self_signed_certificate.hpp"

namespace phi::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;

struct HttpsReceiver::Shared {
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<ReceivedRequest> requests;
  std::deque<ScriptedAnswer> script;
  uint64_t connections_accepted = 0;
  uint64_t connections_closed = 0;
};

namespace {

constexpr int64_t kSignatureWindowSeconds = 300;

bool AllOf(std::string_view text, int (*is)(int)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [is](char c) {
    return is(static_cast<unsigned char>(c)) != 0;
  });
}

// The receiver's own check of X-Phi-Signature: "t=<seconds>,v1=<64 lower-case hex digits>",
// the HMAC-SHA256 of "<seconds>.<body>", within the timestamp window.
std::string SignatureVerdict(const std::string& key, const std::string& header,
                             const std::string& body, std::chrono::seconds clock_skew) {
  if (header.empty()) return "missing";
  const size_t comma = header.find(",v1=");
  if (!header.starts_with("t=") || comma == std::string::npos) return "malformed";
  const std::string seconds = header.substr(2, comma - 2);
  const std::string claimed = header.substr(comma + 4);
  if (!AllOf(seconds, ::isdigit) || seconds.size() > 12 || claimed.size() != 64 ||
      !AllOf(claimed, ::isxdigit) ||
      std::any_of(claimed.begin(), claimed.end(), [](char c) { return std::isupper(c); })) {
    return "malformed";
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch() + clock_skew)
                          .count();
  if (std::llabs(now - std::stoll(seconds)) > kSignatureWindowSeconds) return "stale";

  const std::string signed_text = seconds + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac,
       &mac_length);
  std::string expected;
  char hex[3];
  for (unsigned int i = 0; i < mac_length; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", mac[i]);
    expected += hex;
  }
  return CRYPTO_memcmp(expected.data(), claimed.data(), 64) == 0 ? "valid" : "mismatch";
}

// One accepted connection: (TLS handshake,) then read a request, record it, answer, repeat.
template <typename Stream>
class ReceiverSession : public std::enable_shared_from_this<ReceiverSession<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  ReceiverSession(Stream stream, const HttpsReceiverOptions& options,
                  std::shared_ptr<HttpsReceiver::Shared> shared, uint64_t connection)
      : stream_(std::move(stream)),
        timer_(stream_.get_executor()),
        options_(options),
        shared_(std::move(shared)),
        connection_(connection) {}

  ~ReceiverSession() {
    // Closed before it is counted, so that a test waiting for the count finds it closed.
    boost::system::error_code ignored;
    stream_.lowest_layer().close(ignored);
    std::lock_guard lock(shared_->mutex);
    ++shared_->connections_closed;
    shared_->changed.notify_all();
  }

  void Start() {
    if constexpr (kTls) {
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](boost::system::error_code ec) {
                                if (!ec) self->ReadRequest();
                              });
    } else {
      ReadRequest();
    }
  }

 private:
  void ReadRequest() {
    parser_.emplace();
    parser_->body_limit(16 * 1024 * 1024);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](boost::system::error_code ec, size_t) {
                       if (!ec) self->Answer(self->parser_->release());
                     });
  }

  void Answer(http::request<http::string_body> request) {
    ReceivedRequest received;
    received.method = std::string(request.method_string());
    received.target = std::string(request.target());
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      received.headers[name] = std::string(field.value());
    }
    received.body = request.body();
    received.connection = connection_;
    if constexpr (kTls) {
      received.client_certificate = SSL_get0_peer_certificate(stream_.native_handle()) != nullptr;
    }
    if (!options_.hmac_key.empty()) {
      received.signature_verdict =
          SignatureVerdict(options_.hmac_key, received.Header("x-phi-signature"), received.body,
                           options_.clock_skew);
    }

    ScriptedAnswer answer;
    {
      std::lock_guard lock(shared_->mutex);
      if (!shared_->script.empty()) {
        answer = shared_->script.front();
        shared_->script.pop_front();
      }
      if (!options_.hmac_key.empty() && received.signature_verdict != "valid") {
        answer = ScriptedAnswer{401, std::chrono::milliseconds(0), "{\"error\":\"signature\"}"};
      }
      received.answered = answer.status;
      shared_->requests.push_back(received);
      shared_->changed.notify_all();
    }

    keep_alive_ = request.keep_alive() && !options_.close_idle_connections;
    response_ = {};
    response_.result(answer.status);
    response_.version(11);
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(request.keep_alive());  // even when about to drop it silently
    response_.body() = answer.body;
    response_.prepare_payload();
    if (answer.stall.count() > 0) {
      timer_.expires_after(answer.stall);
      timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
        if (!ec) self->WriteResponse();
      });
    } else {
      WriteResponse();
    }
  }

  void WriteResponse() {
    http::async_write(stream_, response_,
                      [self = this->shared_from_this()](boost::system::error_code ec, size_t) {
                        if (!ec && self->keep_alive_) self->ReadRequest();
                        // Otherwise the session ends here and its socket closes with it.
                      });
  }

  Stream stream_;
  asio::steady_timer timer_;
  const HttpsReceiverOptions& options_;
  std::shared_ptr<HttpsReceiver::Shared> shared_;
  uint64_t connection_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool keep_alive_ = true;
};

}  // namespace

// The TLS context outlives the io_context (declared first), whose destruction frees the
// sessions and their TLS streams.
struct HttpsReceiver::Server {
  asio::ssl::context tls{asio::ssl::context::tls_server};
  asio::io_context io;
  tcp::acceptor acceptor{io};

  void Accept(const HttpsReceiverOptions& options, const std::shared_ptr<Shared>& shared) {
    acceptor.async_accept(
        [this, &options, shared](boost::system::error_code ec, tcp::socket socket) {
          if (ec) return;
          uint64_t connection = 0;
          {
            std::lock_guard lock(shared->mutex);
            connection = ++shared->connections_accepted;
          }
          if (options.tls) {
            std::make_shared<ReceiverSession<TlsStream>>(TlsStream(std::move(socket), tls), options,
                                                         shared, connection)
                ->Start();
          } else {
            std::make_shared<ReceiverSession<tcp::socket>>(std::move(socket), options, shared,
                                                           connection)
                ->Start();
          }
          Accept(options, shared);
        });
  }
};

std::string ReceivedRequest::Header(const std::string& lower_case_name) const {
  auto found = headers.find(lower_case_name);
  return found == headers.end() ? std::string() : found->second;
}

HttpsReceiver::HttpsReceiver(HttpsReceiverOptions options)
    : options_(std::move(options)),
      shared_(std::make_shared<Shared>()),
      server_(std::make_unique<Server>()) {
  if (options_.tls) {
    const SelfSignedCertificate certificate =
        MakeSelfSignedCertificate("phi-auditd test receiver", options_.subject_alt_names);
    WriteFile(ca_file(), certificate.certificate_pem);
    SSL_CTX_set_min_proto_version(server_->tls.native_handle(), TLS1_2_VERSION);
    server_->tls.use_certificate(asio::buffer(certificate.certificate_pem),
                                 asio::ssl::context::pem);
    server_->tls.use_private_key(asio::buffer(certificate.private_key_pem),
                                 asio::ssl::context::pem);
    if (!options_.trusted_client_certificate_pem.empty()) {
      server_->tls.add_certificate_authority(asio::buffer(options_.trusted_client_certificate_pem));
      server_->tls.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
  }
  const tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
  server_->acceptor.open(loopback.protocol());
  server_->acceptor.bind(loopback);
  server_->acceptor.listen();
  port_ = server_->acceptor.local_endpoint().port();
  server_->Accept(options_, shared_);
  thread_ = std::thread([server = server_.get()] { server->io.run(); });
}

HttpsReceiver::~HttpsReceiver() {
  server_->io.stop();
  thread_.join();
  server_.reset();  // frees the sessions still open (or stalled) before anything else goes
}

std::string HttpsReceiver::Url(std::string_view path) const {
  return (options_.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_) +
         std::string(path);
}

void HttpsReceiver::Script(std::vector<ScriptedAnswer> answers) {
  std::lock_guard lock(shared_->mutex);
  shared_->script.assign(answers.begin(), answers.end());
}

std::vector<ReceivedRequest> HttpsReceiver::requests() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->requests;
}

uint64_t HttpsReceiver::connections_accepted() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->connections_accepted;
}

bool HttpsReceiver::WaitForClosedConnections(uint64_t count,
                                             std::chrono::milliseconds timeout) const {
  std::unique_lock lock(shared_->mutex);
  return shared_->changed.wait_for(lock, timeout,
                                   [&] { return shared_->connections_closed >= count; });
}

}  // namespace phi::testing
