// Names of local users and groups for messages and logs ("alice", or "uid 1001" when the
// account has no name). Thread-safe: the daemon's control thread calls it.
#pragma once

#include <sys/types.h>

#include <string>

namespace phi {

std::string UserName(uid_t uid);
std::string GroupName(gid_t gid);

}  // namespace phi
