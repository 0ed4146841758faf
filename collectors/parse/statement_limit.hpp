// The statement_max_bytes option as every format applies it: a statement longer than the
// source's limit is cut, never in the middle of a UTF-8 sequence.
#pragma once

#include <cstddef>
#include <string>

#include "daemon/common/utf8_cut.hpp"

namespace phi {

inline void LimitStatement(std::string& statement, size_t max_bytes) {
  statement.resize(CutUtf8(statement, max_bytes).size());
}

}  // namespace phi
