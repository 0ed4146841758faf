#include "tests/integration/self_signed_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace phi::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;
using ExtensionPtr =
    std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;

void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "MakeSelfSignedCertificate: %s failed\n", what);
    std::abort();
  }
}

void AddExtension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  Require(extension != nullptr, "X509V3_EXT_conf_nid");
  Require(X509_add_ext(certificate, extension.get(), -1) == 1, "X509_add_ext");
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

SelfSignedCertificate MakeSelfSignedCertificate(std::string_view common_name,
                                                std::string_view subject_alt_names) {
  PkeyPtr key(EVP_EC_gen("P-256"));
  Require(key != nullptr, "EVP_EC_gen");
  X509Ptr certificate(X509_new());
  Require(certificate != nullptr, "X509_new");
  X509* cert = certificate.get();
  Require(X509_set_version(cert, 2) == 1, "X509_set_version");  // v3

  unsigned char serial[8];
  Require(RAND_bytes(serial, sizeof serial) == 1, "RAND_bytes");
  serial[0] &= 0x7f;  // positive
  uint64_t serial_number = 0;
  for (unsigned char byte : serial) serial_number = (serial_number << 8) | byte;
  Require(ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial_number) == 1, "serial");
  Require(X509_gmtime_adj(X509_getm_notBefore(cert), -60) != nullptr, "notBefore");
  Require(X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600) != nullptr, "notAfter");

  X509_NAME* name = X509_get_subject_name(cert);
  const std::string cn(common_name);
  Require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                     0) == 1,
          "subject CN");
  Require(X509_set_issuer_name(cert, name) == 1, "issuer");
  Require(X509_set_pubkey(cert, key.get()) == 1, "X509_set_pubkey");
  AddExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert, NID_key_usage, "critical,digitalSignature,keyCertSign");
  AddExtension(cert, NID_subject_key_identifier, "hash");
  if (!subject_alt_names.empty())
    AddExtension(cert, NID_subject_alt_name, std::string(subject_alt_names));
  Require(X509_sign(cert, key.get(), EVP_sha256()) > 0, "X509_sign");

  SelfSignedCertificate made;
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  Require(cert_bio && PEM_write_bio_X509(cert_bio.get(), cert) == 1, "PEM_write_bio_X509");
  made.certificate_pem = BioText(cert_bio.get());
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  Require(key_bio && PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0,
                                              nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
  made.private_key_pem = BioText(key_bio.get());
  return made;
}

}  // namespace phi::testing
