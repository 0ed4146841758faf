// libFuzzer harness for the detached signature parser: the input is the text of a .sig file,
// checked against a fixed report and the RFC 8032 test key (the corpus holds genuine signatures
// by that key, so the fuzzer starts past the parser into the checks). It must end in an error
// naming the signature file's line or in a verdict, never in a crash; and since only canonical
// base64 is accepted, what the decoder accepts must encode back to the same text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "daemon/integrity/detached_signature.hpp"
#include "daemon/integrity/public_key.hpp"
#include "daemon/integrity/text_encoding.hpp"
#include "fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phi;
  static const PublicKey key = [] {
    // RFC 8032 section 7.1, test 1.
    auto parsed = PublicKey::FromPem(
        "-----BEGIN PUBLIC KEY-----\n"
        "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
        "-----END PUBLIC KEY-----\n");
    PHI_FUZZ_CHECK(parsed.ok());
    return parsed.value();
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto check = VerifyDetachedSignature(key, "phi-auditd fuzz report\n", text);
  if (!check.ok()) {
    PHI_FUZZ_CHECK(check.status().message().rfind("signature file", 0) == 0);
  } else {
    PHI_FUZZ_CHECK(check->ok() == check->reason.empty());
  }
  if (auto decoded = Base64Decode(text)) PHI_FUZZ_CHECK(Base64Encode(*decoded) == text);
  return 0;
}
