// Delivers alert records to an HTTPS webhook: each batch is one POST (a JSON array, or Splunk
// HEC events), optionally signed with HMAC-SHA256 so the receiver can check who sent it, refuse
// replays and drop duplicates (X-Phi-Delivery names the records). A 2xx confirms the batch;
// anything else is an error and the SinkRunner sends again (at least once). TLS 1.2+ with the
// certificate and host name verified; every request is bounded by timeout_ms.
// Not thread-safe: the SinkRunner calls it from the sink's own thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "daemon/sinks/alert_sink.hpp"
#include "daemon/sinks/webhook_url.hpp"

namespace phi {

class HttpClientConnection;

struct WebhookOptions {
  // https://host[:port]/path; http:// only with allow_plain_http, and only to a loopback host.
  std::string url;
  // Sent with every request. Names are RFC 9110 tokens, values visible ASCII (no CR/LF); the
  // headers the sink sets itself (Host, Content-*, Connection, X-Phi-*, ...) are refused.
  std::vector<std::pair<std::string, std::string>> headers;
  // Optional. The key is the file's contents without trailing newlines, read once; the file
  // must be a regular file (not a symbolic link) owned by the daemon's user, mode 0600 or 0400.
  std::string hmac_key_file;
  std::string ca_file;                            // PEM; empty: the system's default verify paths
  std::string client_cert_file, client_key_file;  // mutual TLS: both or neither
  int64_t timeout_ms = 5000;                      // for each request, connection set-up included
  size_t batch_records = 100;                     // records per POST
  enum class Shape { kJson, kSplunkHec } shape = Shape::kJson;
  // For kSplunkHec (and only then): a secret file like hmac_key_file holding the HEC token,
  // sent as "Authorization: Splunk <token>".
  std::string splunk_token_file;
  bool allow_plain_http = false;  // loopback testing only
};

class WebhookSink : public AlertSink {
  struct ConstructionKey {
    explicit ConstructionKey() = default;
  };

 public:
  // Checks every option, reads the secrets and prepares TLS; connects on the first Send.
  static Result<std::unique_ptr<WebhookSink>> Create(const WebhookOptions& options);
  ~WebhookSink() override;
  // Only Create can call it (it alone can make a ConstructionKey).
  WebhookSink(ConstructionKey, WebhookOptions options, WebhookUrl url);
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  // POSTs `records` in batches of batch_records. Each 2xx confirms its batch; the first
  // failure (status, timeout, TLS, connection) ends the call with an error that names the
  // receiver's origin (never the path, which may hold a token) and never quotes its answer.
  Status Send(const std::vector<AlertRecord>& records, uint64_t through) override;
  // Events, posted the same way (positions are then sequence numbers).
  Status SendEvents(const std::vector<Event>& events, uint64_t through) override;
  // 0 until a batch is confirmed; then the position through which the receiver answered 2xx.
  uint64_t Confirmed() const override { return confirmed_; }
  void Reset() override;

  // Connections opened so far (keep-alive reuses one between Sends).
  uint64_t connections_opened() const;

 private:
  // Item: AlertRecord or Event.
  template <typename Item>
  Status SendItems(const std::vector<Item>& items, uint64_t through);
  template <typename Item>
  Status PostBatch(std::span<const Item> batch);
  template <typename Item>
  void AppendBody(std::span<const Item> batch, std::string& body) const;

  WebhookOptions options_;
  WebhookUrl url_;
  std::string hmac_key_;      // empty: requests are not signed
  std::string splunk_token_;  // kSplunkHec only
  std::string host_name_;     // this machine's, for HEC's "host"
  std::unique_ptr<HttpClientConnection> connection_;
  std::string body_;  // reused between batches
  uint64_t confirmed_ = 0;
};

}  // namespace phi
