// libFuzzer harness for the tail collector's RecordFramer. The first four bytes choose the
// framing, the record limit, the CSV delimiter and how the rest (the file) is cut into appends
// and where the collector goes idle (flush); the framer then must hand out every record as the
// exact bytes at its offset, with offsets and lines that only move forward and stay inside the
// input, and leave no complete line unframed once flushed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "collectors/tail/record_framer.hpp"
#include "fuzz/fuzz_check.hpp"

namespace phi {
namespace {

struct FramerChecker {
  std::string_view input;         // the whole file
  std::vector<uint64_t> line_at;  // line_at[i]: the 1-based line number of byte i
  size_t max_record_bytes;
  uint64_t last_consumed = 0;
  uint64_t next_offset = 0;  // the least offset the next record may have
  bool after_cut = false;    // the previous record was oversized: its rest is being skipped

  // Drains every record the framer has, checking each against the file.
  void Drain(RecordFramer& framer, uint64_t appended, bool flush) {
    FramedRecord r;
    while (framer.Next(r, flush)) {
      PHI_FUZZ_CHECK(r.offset >= next_offset);
      PHI_FUZZ_CHECK(after_cut || r.offset == next_offset);
      PHI_FUZZ_CHECK(r.offset + r.text.size() <= appended);
      PHI_FUZZ_CHECK(input.substr(r.offset, r.text.size()) == r.text);
      PHI_FUZZ_CHECK(r.line == line_at[r.offset]);
      PHI_FUZZ_CHECK(r.text.size() <= max_record_bytes);
      PHI_FUZZ_CHECK(r.oversized || !r.unclosed_quote ||
                     r.text.find('"') != std::string_view::npos);
      if (!r.oversized) {
        // A whole record ends at a line break that the framer has consumed.
        uint64_t end = framer.consumed_offset();
        PHI_FUZZ_CHECK(end > r.offset && end <= appended && input[end - 1] == '\n');
        PHI_FUZZ_CHECK(end - r.offset - r.text.size() <= 2);  // the line break, maybe a CR
      }
      after_cut = r.oversized;
      next_offset = r.offset + 1;
      if (!r.oversized) next_offset = framer.consumed_offset();
      CheckPositions(framer, appended);
    }
    CheckPositions(framer, appended);
  }

  void CheckPositions(const RecordFramer& framer, uint64_t appended) {
    PHI_FUZZ_CHECK(framer.consumed_offset() >= last_consumed);
    PHI_FUZZ_CHECK(framer.consumed_offset() <= appended);
    PHI_FUZZ_CHECK(framer.appended_offset() == appended);
    PHI_FUZZ_CHECK(framer.consumed_line() == line_at[framer.consumed_offset()]);
    last_consumed = framer.consumed_offset();
  }
};

}  // namespace
}  // namespace phi

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace phi;
  if (size < 4) return 0;
  static constexpr Framing kFramings[] = {Framing::kLine, Framing::kCsvQuoted,
                                          Framing::kIndentedContinuation};
  static constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  const Framing framing = kFramings[data[0] % 3];
  const char delimiter = kDelimiters[(data[0] / 3) % 4];
  const size_t max_record_bytes = 1 + data[1] % 128;
  uint32_t cut_seed = data[2] | (data[3] << 8);
  std::string_view input(reinterpret_cast<const char*>(data + 4), size - 4);

  RecordFramer framer(framing, max_record_bytes, delimiter);
  framer.Reset(0, 1);
  FramerChecker checker{input, std::vector<uint64_t>(input.size() + 1, 1), max_record_bytes};
  for (size_t i = 0; i < input.size(); ++i) {
    checker.line_at[i + 1] = checker.line_at[i] + (input[i] == '\n' ? 1 : 0);
  }
  size_t appended = 0;
  while (appended < input.size()) {
    // A small linear congruential generator picks append sizes (1..64) and idle points.
    cut_seed = cut_seed * 1103515245u + 12345u;
    size_t n = std::min<size_t>(input.size() - appended, 1 + (cut_seed >> 16) % 64);
    framer.Append(input.substr(appended, n));
    appended += n;
    checker.Drain(framer, appended, /*flush=*/(cut_seed >> 8) % 4 == 0);
  }
  checker.Drain(framer, appended, /*flush=*/true);
  if (framing != Framing::kCsvQuoted && !checker.after_cut) {
    // Flushed at the end of the file: what is left is one unfinished record, so a line break
    // in it can only start an indented continuation line.
    std::string_view rest = input.substr(framer.consumed_offset());
    for (size_t nl = rest.find('\n'); nl != std::string_view::npos; nl = rest.find('\n', nl + 1)) {
      PHI_FUZZ_CHECK(framing == Framing::kIndentedContinuation && nl + 1 < rest.size() &&
                     (rest[nl + 1] == ' ' || rest[nl + 1] == '\t'));
    }
  }
  return 0;
}
