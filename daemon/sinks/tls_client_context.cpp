#include "daemon/sinks/tls_client_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace phi {
namespace {

namespace ssl = boost::asio::ssl;

Status FileError(std::string_view what, const std::string& file,
                 const boost::system::error_code& ec) {
  return Status::Invalid("TLS " + std::string(what) + " " + file + ": " + ec.message());
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeTlsClientContext(const TlsClientFiles& files) {
  std::unique_ptr<ssl::context> context;
  try {
    context = std::make_unique<ssl::context>(ssl::context::tls_client);
  } catch (const boost::system::system_error& e) {
    return Status::IoError(std::string("cannot create a TLS context: ") + e.what());
  }
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return Status::IoError("cannot require TLS 1.2 or later");
  }
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_compression, ec);
  context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
  if (files.ca_file.empty()) {
    context->set_default_verify_paths(ec);
    if (ec) return Status::IoError("cannot load the system's CA certificates: " + ec.message());
  } else {
    context->load_verify_file(files.ca_file, ec);
    if (ec) return FileError("CA file", files.ca_file, ec);
  }
  if (!files.client_cert_file.empty()) {
    context->use_certificate_chain_file(files.client_cert_file, ec);
    if (ec) return FileError("client certificate", files.client_cert_file, ec);
    const std::string& key =
        files.client_key_file.empty() ? files.client_cert_file : files.client_key_file;
    context->use_private_key_file(key, ssl::context::pem, ec);
    if (ec) return FileError("client key", key, ec);
    if (SSL_CTX_check_private_key(native) != 1) {
      ERR_clear_error();
      return Status::Invalid("TLS client key " + key + " does not match the certificate " +
                             files.client_cert_file);
    }
  } else if (!files.client_key_file.empty()) {
    return Status::Invalid("TLS client key " + files.client_key_file +
                           " given without a client certificate");
  }
  return context;
}

}  // namespace phi
