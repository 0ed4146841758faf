// What a configured HTTP header may hold, checked when the configuration is read: a name that
// is an RFC 9110 token and a value of visible ASCII, spaces and tabs. A CR or LF in a value
// would let whoever writes the configuration (or a template filling it) smuggle extra headers
// or a second request; values are never quoted back, since they often hold credentials.
#pragma once

#include <string_view>

#include "daemon/common/status.hpp"

namespace phi {

Status CheckHttpHeader(std::string_view name, std::string_view value);

// ASCII case-insensitive comparison, as header names compare.
bool HeaderNameEquals(std::string_view a, std::string_view b);

}  // namespace phi
