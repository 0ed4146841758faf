// libFuzzer harness for the daemon's configuration loader: the input is the YAML text of a
// configuration file, given to ParseConfig as LoadConfig gives it a file's text. It must end in a
// configuration or in an error that names the file, never in an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "daemon/config/daemon_config.hpp"
#include "fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phi;
  auto config = ParseConfig(std::string(reinterpret_cast<const char*>(data), size),
                            "/etc/phi-auditd/fuzz.yaml", "/etc/phi-auditd");
  if (!config.ok()) {
    PHI_FUZZ_CHECK(config.status().message().find("fuzz.yaml") != std::string::npos);
  }
  return 0;
}
