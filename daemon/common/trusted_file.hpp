// Files and folders the daemon may trust, checked on what was actually opened (fstat of the
// descriptor, never a second look at the path): rule and context files, as sshd's StrictModes
// does, must be regular files owned by the daemon's user or root and writable by nobody else;
// the data directory, as PostgreSQL's, must belong to the daemon's user with no group or world
// write. Whoever could change these files could hide accesses or silence rules.
#pragma once

#include <sys/stat.h>

#include <string>

#include "daemon/common/status.hpp"

namespace phi {

// Checks an open descriptor's status `st` for a file read as `what` ("rule file"): a regular
// file, owned by the effective user or root, writable by nobody else (group write only for
// the owner's private group).
Status CheckTrustedFile(const struct stat& st, const std::string& path, const char* what);

// Opens `path` read-only (following a symbolic link: packages link rule files), checks it
// with CheckTrustedFile and returns its contents.
Result<std::string> ReadTrustedFile(const std::string& path, const char* what);

// An existing data directory must be a directory owned by the effective user, writable by
// nobody else. A missing one is fine (it is created 0750).
Status CheckDataDirectory(const std::string& path);

}  // namespace phi
