// Breaking text into lines that fit a width, for the PDF report's paragraphs and table cells:
// at spaces where it can, between characters inside a word too long for a line, and with a cap
// on the number of lines so that one hostile value cannot fill pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace phi {

// The advance widths of one font's glyphs, asked of `measure` once per code point and kept.
// Not thread-safe.
class GlyphWidths {
 public:
  explicit GlyphWidths(std::function<float(uint32_t)> measure);

  float Of(uint32_t code_point);
  // The width of a run of UTF-8 text; a byte that is not well-formed UTF-8 counts as U+FFFD.
  float Of(std::string_view text);

 private:
  static constexpr uint32_t kCachedBelow = 0x3000;  // Latin to CJK punctuation: a flat table
  std::function<float(uint32_t)> measure_;
  std::vector<float> below_;  // < 0: not measured yet
  std::unordered_map<uint32_t, float> above_;
};

// `text` as lines no wider than `max_width` (in the units `widths` measures in). Runs of spaces
// separate words and are not kept at line ends; a word wider than a line is cut between code
// points (every line holds at least one). When the text needs more than `max_lines` lines, the
// last lines kept say so: "… 4980 more characters not shown". Empty text gives no lines.
std::vector<std::string> WrapText(std::string_view text, float max_width, GlyphWidths& widths,
                                  size_t max_lines = std::numeric_limits<size_t>::max());

}  // namespace phi
