// The client side of syslog over TLS (RFC 5425) as an OpenSSL context: TLS 1.2 or later only,
// the server's certificate verified against a CA file (or the system's CAs), and a client
// certificate for receivers that ask for one. Host name checking and SNI are per connection
// (SyslogStreamConnection). A context is shared by the connections of one sink, one at a time.
#pragma once

#include <utility>  // first: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "daemon/common/status.hpp"

namespace phi {

struct TlsClientFiles {
  std::string ca_file;           // PEM CA certificates to trust; "" for the system's
  std::string client_cert_file;  // PEM chain, our certificate first; "" for none
  std::string client_key_file;   // PEM private key; "" when it is in client_cert_file
};

// Fails (naming the file) when a file cannot be read or the key does not match the certificate.
Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsClientContext(
    const TlsClientFiles& files);

}  // namespace phi
