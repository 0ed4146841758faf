// The TLS settings a sink connects with (syslog over TLS, RFC 5425; HTTPS webhooks): TLS 1.2 or
// later only, the server's certificate verified against a CA file or the system's trust store, and
// optionally a client certificate for receivers that require mutual TLS. Built once when the sink
// is configured, so a missing or unreadable file is a configuration error, not a delivery failure.
#pragma once

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "daemon/common/status.hpp"

namespace phi {

struct TlsClientOptions {
  std::string ca_file;           // PEM; empty: the system's default verify paths
  std::string client_cert_file;  // PEM chain; with client_key_file, or neither
  std::string client_key_file;   // PEM; a secret file (see common/secret_file.hpp)
};

Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsClientContext(
    const TlsClientOptions& options);

}  // namespace phi
