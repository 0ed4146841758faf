// libFuzzer harness for what a local client can send the daemon's control socket: the bytes of
// a request, decoded as the server decodes them, and when they make one, its arguments parsed as
// the daemon parses a phi-auditctl command line (on a timeline that cannot be opened, so the
// parser and the command's checks run but no database does). Any outcome but a crash or an
// exception is fine; a decoded request must re-encode to the same bytes.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "daemon/control/control_protocol.hpp"
#include "daemon/ctl/timeline_commands.hpp"
#include "fuzz/fuzz_check.hpp"

namespace {

class NoTimeline : public phi::TimelineAccess {
 public:
  phi::Result<phi::Timeline*> Open(phi::Timeline::Families) override {
    return phi::Status::NotFound("no timeline in the fuzzer");
  }
  std::string timeline_path() const override { return "/nonexistent/timeline"; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  size_t complete = 0;
  std::vector<std::string> args;
  phi::Status decoded = phi::control::DecodeRequest(bytes, complete, args);
  if (decoded.ok() && complete != 0) {
    PHI_FUZZ_CHECK(phi::control::EncodeRequest(args) == bytes.substr(0, complete));
    NoTimeline access;
    std::ostringstream out, err;
    int status = phi::RunTimelineCommandLine(args, access, out, err);
    PHI_FUZZ_CHECK(status == 0 || status == 1 || status == 2);
  }
  // The same bytes as a reply, as phi-auditctl reads one.
  phi::control::FrameReader reader;
  reader.Feed(bytes);
  phi::control::FrameType type;
  std::string payload;
  phi::Status error;
  while (reader.Next(type, payload, error)) PHI_FUZZ_CHECK(payload.size() <= size);
  return 0;
}
