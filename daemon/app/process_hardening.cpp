#include "daemon/app/process_hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace phi {

Status DisableCoreDumps() {
  struct rlimit none = {0, 0};
  if (setrlimit(RLIMIT_CORE, &none) != 0) {
    return Status::IoError(std::string("cannot set the core file size limit to 0: ") +
                           std::strerror(errno));
  }
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return Status::IoError(std::string("cannot mark the process not dumpable: ") +
                           std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace phi
