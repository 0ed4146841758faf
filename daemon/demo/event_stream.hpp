// `phi-demo-gen events`: streams N synthetic access records in one format (phi-json,
// pgaudit-csvlog, pgaudit-stderr, ehr-csv) as fast as the disk takes them, for benchmarks.
// Times increase monotonically from the start; the same options always give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/common/status.hpp"
#include "daemon/common/time_util.hpp"

namespace phi::demo {

enum class StreamFormat { kPhiJson, kPgauditCsvlog, kPgauditStderr, kEhrCsv };

bool ParseStreamFormat(std::string_view name, StreamFormat& format);

struct StreamOptions {
  std::string out;  // file path
  StreamFormat format = StreamFormat::kPhiJson;
  uint64_t count = 0;
  uint64_t seed = 1;
  uint32_t patients = 1'000'000;
  uint32_t users = 10'000;
  TimeMicros start = 0;
};

// On success `summary` is one line of counts for the operator.
Status WriteEventStream(const StreamOptions& options, std::string& summary);

}  // namespace phi::demo
