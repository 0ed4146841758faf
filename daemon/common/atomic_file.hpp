// Writing a whole file so that readers, and a crash, see either the old contents or the new,
// never a part: the bytes go to a temporary file beside it (created with O_EXCL, so never an
// existing file or a planted link), are synced, and the temporary file takes the final name;
// then the directory is synced so the new name survives a power cut.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "daemon/common/status.hpp"

namespace phi {

// Writes `bytes` to `path`, replacing any file there. `mode` is the new file's mode, less the
// umask (as for open(2)). A symbolic link at `path` is replaced, not followed.
Status WriteFileAtomically(const std::string& path, std::string_view bytes, mode_t mode);

// Writes `bytes` to `path` only if nothing is there: true when it created the file, false when
// something already had that name (left untouched: another process may have just created it).
// The temporary file takes the name with link(2), which never replaces.
Result<bool> CreateFileAtomically(const std::string& path, std::string_view bytes, mode_t mode);

}  // namespace phi
