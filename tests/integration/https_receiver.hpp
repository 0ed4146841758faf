// A webhook receiver for tests: a Beast HTTP server on 127.0.0.1 (ephemeral port), over TLS
// with a self-signed certificate made at run time, or plain. It records every request,
// checks X-Phi-Signature itself (with OpenSSL's HMAC, not the sink's code, and a 300 s
// timestamp window) and answers 401 to a bad one; it can be scripted to answer error statuses,
// to stall before answering, to drop idle connections and to require a client certificate.
// Runs on a thread of its own; every public member is safe to call from the test's thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/test_support.hpp"

namespace phi::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  // "valid", "missing", "malformed", "stale" or "mismatch"; "" when the receiver has no key.
  std::string signature_verdict;
  uint64_t connection = 0;  // which accepted connection carried it, from 1
  unsigned answered = 0;    // the status it was answered with
  bool client_certificate = false;

  std::string Header(const std::string& lower_case_name) const;
};

struct ScriptedAnswer {
  unsigned status = 200;
  std::chrono::milliseconds stall{0};  // waits this long before answering
  std::string body = "{\"text\":\"Success\",\"code\":0}";
};

struct HttpsReceiverOptions {
  bool tls = true;
  std::string subject_alt_names = "IP:127.0.0.1,DNS:localhost";  // the certificate's names
  std::string hmac_key = "";  // set: verify every request's signature, answer 401 to a bad one
  std::chrono::seconds clock_skew{0};  // added to the receiver's clock when checking timestamps
  std::string trusted_client_certificate_pem = "";  // set: require a client certificate it signed
  bool close_idle_connections = false;  // closes each connection after answering, silently
};

class HttpsReceiver {
 public:
  explicit HttpsReceiver(HttpsReceiverOptions options = {});
  ~HttpsReceiver();
  HttpsReceiver(const HttpsReceiver&) = delete;
  HttpsReceiver& operator=(const HttpsReceiver&) = delete;

  uint16_t port() const { return port_; }
  // "https://127.0.0.1:<port><path>" ("http://" without TLS).
  std::string Url(std::string_view path) const;
  // The server's certificate as a PEM file, for the sink's ca_file.
  std::filesystem::path ca_file() const { return scratch_ / "receiver-ca.pem"; }

  // The next requests are answered so, in order; after them, 200.
  void Script(std::vector<ScriptedAnswer> answers);
  std::vector<ReceivedRequest> requests() const;
  uint64_t connections_accepted() const;
  // Waits until `count` connections have ended (closed by either side).
  bool WaitForClosedConnections(uint64_t count, std::chrono::milliseconds timeout) const;

  struct Shared;  // what the server thread and the test share, under a mutex

 private:
  HttpsReceiverOptions options_;
  ScratchDir scratch_;
  std::shared_ptr<Shared> shared_;
  struct Server;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace phi::testing
