// The statement_max_bytes option as every format applies it: a statement longer than the
// source's limit is cut, never in the middle of a UTF-8 sequence.
#pragma once

#include <cstddef>
#include <string>

namespace phi {

inline void LimitStatement(std::string& statement, size_t max_bytes) {
  if (statement.size() <= max_bytes) return;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(statement[n]) & 0xC0) == 0x80) --n;
  statement.resize(n);
}

}  // namespace phi
