#include "daemon/sinks/tls_client_context.hpp"

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include "daemon/common/secret_file.hpp"

namespace phi {

namespace ssl = boost::asio::ssl;

Result<std::unique_ptr<ssl::context>> MakeTlsClientContext(const TlsClientOptions& options) {
  if (options.client_cert_file.empty() != options.client_key_file.empty())
    return Status::Invalid(
        "client_cert_file and client_key_file go together: give both or neither");

  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1)
    return Status::Invalid("this OpenSSL cannot restrict TLS to version 1.2 or later");
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_compression, ec);
  context->set_verify_mode(ssl::verify_peer, ec);
  if (options.ca_file.empty()) {
    context->set_default_verify_paths(ec);
    if (ec) return Status::IoError("cannot load the system's trusted CAs: " + ec.message());
  } else {
    context->load_verify_file(options.ca_file, ec);
    if (ec) {
      return Status::Invalid("ca_file " + options.ca_file +
                             ": cannot load PEM certificates: " + ec.message());
    }
  }

  if (!options.client_cert_file.empty()) {
    context->use_certificate_chain_file(options.client_cert_file, ec);
    if (ec) {
      return Status::Invalid("client_cert_file " + options.client_cert_file +
                             ": cannot load a PEM certificate chain: " + ec.message());
    }
    Result<std::string> key = ReadSecretFile(options.client_key_file, "TLS client key");
    if (!key.ok()) return key.status();
    context->use_private_key(boost::asio::buffer(key.value()), ssl::context::pem, ec);
    OPENSSL_cleanse(key.value().data(), key.value().size());
    if (ec) {
      return Status::Invalid("client_key_file " + options.client_key_file +
                             ": cannot load a PEM private key: " + ec.message());
    }
    if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
      return Status::Invalid("client_key_file " + options.client_key_file +
                             " does not match the certificate in " + options.client_cert_file);
    }
  }
  return context;
}

}  // namespace phi
