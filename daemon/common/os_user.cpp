#include "daemon/common/os_user.hpp"

#include <grp.h>
#include <pwd.h>

#include <vector>

namespace phi {

std::string UserName(uid_t uid) {
  passwd entry, *found = nullptr;
  std::vector<char> buf(4096);
  if (getpwuid_r(uid, &entry, buf.data(), buf.size(), &found) == 0 && found != nullptr)
    return found->pw_name;
  return "uid " + std::to_string(uid);
}

std::string GroupName(gid_t gid) {
  group entry, *found = nullptr;
  std::vector<char> buf(16384);  // a group entry lists its members
  if (getgrgid_r(gid, &entry, buf.data(), buf.size(), &found) == 0 && found != nullptr)
    return found->gr_name;
  return "gid " + std::to_string(gid);
}

}  // namespace phi
