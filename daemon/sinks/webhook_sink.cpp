#include "daemon/sinks/webhook_sink.hpp"

#include <openssl/crypto.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/beast/http/status.hpp>

#include "daemon/common/secret_file.hpp"
#include "daemon/common/time_util.hpp"
#include "daemon/sinks/http_client_connection.hpp"
#include "daemon/sinks/http_header_check.hpp"
#include "daemon/sinks/tls_client_context.hpp"
#include "daemon/sinks/webhook_body.hpp"
#include "daemon/sinks/webhook_signature.hpp"

namespace phi {

namespace http = boost::beast::http;

namespace {

constexpr int64_t kMaxTimeoutMs = 10 * 60 * 1000;
constexpr size_t kMaxBatchRecords = 10000;

// Headers the sink writes itself, or that would change how the message is framed.
constexpr std::array<std::string_view, 13> kReservedHeaders = {
    "host",          "content-length", "content-type", "transfer-encoding",
    "connection",    "keep-alive",     "te",           "trailer",
    "upgrade",       "expect",         "user-agent",   "x-phi-signature",
    "x-phi-delivery"};

Status CheckConfiguredHeaders(const WebhookOptions& options) {
  for (const auto& [name, value] : options.headers) {
    if (Status checked = CheckHttpHeader(name, value); !checked.ok()) return checked;
    for (std::string_view reserved : kReservedHeaders) {
      if (HeaderNameEquals(name, reserved)) {
        return Status::Invalid("webhook header " + name + ": set by the sink itself");
      }
    }
    if (options.shape == WebhookOptions::Shape::kSplunkHec &&
        HeaderNameEquals(name, "authorization")) {
      return Status::Invalid("webhook header " + name +
                             ": the Splunk HEC shape sends the token from splunk_token_file");
    }
  }
  return Status::Ok();
}

std::string ThisHostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

}  // namespace

Result<std::unique_ptr<WebhookSink>> WebhookSink::Create(const WebhookOptions& options) {
  Result<WebhookUrl> url = ParseWebhookUrl(options.url);
  if (!url.ok()) return url.status();
  if (!url->tls && !options.allow_plain_http) {
    return Status::Invalid("webhook url " + url->Origin() +
                           ": plain http would send alerts unencrypted; use https://");
  }
  if (!url->tls && !url->IsLoopback()) {
    return Status::Invalid("webhook url " + url->Origin() +
                           ": allow_plain_http is for loopback receivers only "
                           "(127.0.0.0/8, ::1, localhost)");
  }
  if (!url->tls && (!options.ca_file.empty() || !options.client_cert_file.empty() ||
                    !options.client_key_file.empty())) {
    return Status::Invalid("webhook url " + url->Origin() +
                           ": ca_file and client certificates need an https:// url");
  }
  if (options.timeout_ms < 1 || options.timeout_ms > kMaxTimeoutMs) {
    return Status::Invalid("webhook timeout_ms " + std::to_string(options.timeout_ms) +
                           ": expected 1 to " + std::to_string(kMaxTimeoutMs));
  }
  if (options.batch_records < 1 || options.batch_records > kMaxBatchRecords) {
    return Status::Invalid("webhook batch_records " + std::to_string(options.batch_records) +
                           ": expected 1 to " + std::to_string(kMaxBatchRecords));
  }
  if (Status headers = CheckConfiguredHeaders(options); !headers.ok()) return headers;
  const bool splunk = options.shape == WebhookOptions::Shape::kSplunkHec;
  if (splunk == options.splunk_token_file.empty()) {
    return Status::Invalid(splunk ? "webhook shape splunk-hec needs splunk_token_file"
                                  : "webhook splunk_token_file is for the splunk-hec shape only");
  }

  auto sink = std::make_unique<WebhookSink>(ConstructionKey{}, options, url.value());
  if (!options.hmac_key_file.empty()) {
    Result<std::string> key = ReadSecretFile(options.hmac_key_file, "webhook HMAC key");
    if (!key.ok()) return key.status();
    sink->hmac_key_ = std::move(key.value());
  }
  if (splunk) {
    Result<std::string> token = ReadSecretFile(options.splunk_token_file, "Splunk HEC token");
    if (!token.ok()) return token.status();
    if (Status fit = CheckHttpHeader("Authorization", token.value()); !fit.ok()) {
      return Status::Invalid(options.splunk_token_file +
                             ": the Splunk HEC token may hold only visible ASCII");
    }
    sink->splunk_token_ = std::move(token.value());
  }
  std::unique_ptr<boost::asio::ssl::context> tls;
  if (url->tls) {
    Result<std::unique_ptr<boost::asio::ssl::context>> context =
        MakeTlsClientContext({options.ca_file, options.client_cert_file, options.client_key_file});
    if (!context.ok()) return context.status();
    tls = std::move(context.value());
  }
  sink->connection_ = std::make_unique<HttpClientConnection>(url.value(), std::move(tls));
  return sink;
}

WebhookSink::WebhookSink(ConstructionKey, WebhookOptions options, WebhookUrl url)
    : options_(std::move(options)), url_(std::move(url)), host_name_(ThisHostName()) {}

WebhookSink::~WebhookSink() {
  OPENSSL_cleanse(hmac_key_.data(), hmac_key_.size());
  OPENSSL_cleanse(splunk_token_.data(), splunk_token_.size());
}

uint64_t WebhookSink::connections_opened() const {
  return connection_->connections_opened();
}

void WebhookSink::Reset() {
  connection_->Close();
}

namespace {

uint64_t PositionOf(const AlertRecord& record) {
  return record.position;
}
uint64_t PositionOf(const Event& event) {
  return event.sequence;
}

}  // namespace

Status WebhookSink::Send(const std::vector<AlertRecord>& records, uint64_t through) {
  return SendItems(records, through);
}

Status WebhookSink::SendEvents(const std::vector<Event>& events, uint64_t through) {
  return SendItems(events, through);
}

template <typename Item>
Status WebhookSink::SendItems(const std::vector<Item>& items, uint64_t through) {
  std::span<const Item> unsent(items);
  while (!unsent.empty()) {
    const std::span<const Item> batch =
        unsent.first(std::min(options_.batch_records, unsent.size()));
    if (Status posted = PostBatch(batch); !posted.ok()) return posted;
    confirmed_ = std::max(confirmed_, PositionOf(batch.back()));
    unsent = unsent.subspan(batch.size());
  }
  confirmed_ = std::max(confirmed_, through);
  return Status::Ok();
}

template <typename Item>
void WebhookSink::AppendBody(std::span<const Item> batch, std::string& body) const {
  if (options_.shape == WebhookOptions::Shape::kSplunkHec) {
    AppendSplunkHecBody(batch, host_name_, body);
  } else {
    AppendWebhookJsonBody(batch, body);
  }
}

template <typename Item>
Status WebhookSink::PostBatch(std::span<const Item> batch) {
  const std::string delivery =
      std::to_string(PositionOf(batch.front())) + "-" + std::to_string(PositionOf(batch.back()));
  body_.clear();
  AppendBody(batch, body_);

  HttpClientConnection::Request request(http::verb::post, url_.target, 11);
  for (const auto& [name, value] : options_.headers) request.set(name, value);
  request.set(http::field::host, url_.HostHeader());
  request.set(http::field::user_agent, "phi-auditd");
  request.set(http::field::content_type, "application/json");
  if (!splunk_token_.empty()) request.set(http::field::authorization, "Splunk " + splunk_token_);
  request.set(kWebhookDeliveryHeader, delivery);
  if (!hmac_key_.empty()) {
    const int64_t now_seconds = WallClockNow() / kMicrosPerSecond;
    const std::string signature = WebhookSignature(hmac_key_, now_seconds, body_);
    if (signature.empty())
      return Status::IoError("webhook: OpenSSL cannot compute HMAC-SHA256 to sign the request");
    request.set(kWebhookSignatureHeader, signature);
  }
  request.body() = std::move(body_);
  request.prepare_payload();

  Result<HttpClientConnection::Response> response =
      connection_->RoundTrip(request, std::chrono::milliseconds(options_.timeout_ms));
  body_ = std::move(request.body());  // keeps its capacity for the next batch
  if (!response.ok()) {
    return Status::IoError("webhook " + response.status().message() + "; records " + delivery +
                           " not delivered");
  }
  const unsigned status = response->result_int();
  if (status / 100 != 2) {
    connection_->Close();  // the receiver may be mid-restart; start afresh
    return Status::IoError("webhook " + url_.Origin() + ": HTTP " + std::to_string(status) + " " +
                           std::string(http::obsolete_reason(response->result())) + "; records " +
                           delivery + " not delivered");
  }
  return Status::Ok();
}

}  // namespace phi
