#include "daemon/reports/text_wrap.hpp"

#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

constexpr uint32_t kReplacementCharacter = 0xFFFD;

// The code point at s[i] and its length in bytes (an ill-formed byte: U+FFFD, one byte).
uint32_t CodePointAt(std::string_view s, size_t i, size_t* length) {
  size_t n = WellFormedUtf8Length(s, i);
  if (n == 0) {
    *length = 1;
    return kReplacementCharacter;
  }
  *length = n;
  return DecodeUtf8(s, i, n);
}

size_t CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0, n = 0; i < s.size(); i += n) {
    CodePointAt(s, i, &n);
    ++count;
  }
  return count;
}

struct Line {
  std::string text;
  size_t begin = 0;  // offset in the source text of its first byte
};

// Greedy wrapping that stops once it has `limit` lines.
std::vector<Line> WrapLines(std::string_view text, float max_width, GlyphWidths& widths,
                            size_t limit) {
  std::vector<Line> lines;
  if (limit == 0) return lines;
  const float space_width = widths.Of(' ');
  Line line;
  float line_width = 0;
  auto finish_line = [&] {
    lines.push_back(std::move(line));
    line = Line();
    line_width = 0;
    return lines.size() == limit;
  };

  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    size_t word_end = text.find(' ', i);
    if (word_end == std::string_view::npos) word_end = text.size();
    std::string_view word = text.substr(i, word_end - i);
    float word_width = widths.Of(word);

    if (!line.text.empty()) {
      if (line_width + space_width + word_width <= max_width) {
        line.text += ' ';
        line.text += word;
        line_width += space_width + word_width;
        i = word_end;
        continue;
      }
      if (finish_line()) return lines;
    }
    line.begin = i;
    if (word_width <= max_width) {
      line.text.assign(word);
      line_width = word_width;
      i = word_end;
      continue;
    }
    // A word wider than a line: as many code points as fit (at least one) per line.
    size_t k = i;
    float width = 0;
    while (k < word_end) {
      size_t n = 0;
      float w = widths.Of(CodePointAt(text, k, &n));
      if (k > i && width + w > max_width) break;
      width += w;
      k += n;
    }
    line.text.assign(text.substr(i, k - i));
    line_width = width;
    i = k;
    if (i < word_end && finish_line()) return lines;
  }
  if (!line.text.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

GlyphWidths::GlyphWidths(std::function<float(uint32_t)> measure)
    : measure_(std::move(measure)), below_(kCachedBelow, -1.0f) {}

float GlyphWidths::Of(uint32_t code_point) {
  if (code_point < kCachedBelow) {
    float& width = below_[code_point];
    if (width < 0) width = measure_(code_point);
    return width;
  }
  auto [it, inserted] = above_.try_emplace(code_point, 0.0f);
  if (inserted) it->second = measure_(code_point);
  return it->second;
}

float GlyphWidths::Of(std::string_view text) {
  float width = 0;
  for (size_t i = 0, n = 0; i < text.size(); i += n) width += Of(CodePointAt(text, i, &n));
  return width;
}

std::vector<std::string> WrapText(std::string_view text, float max_width, GlyphWidths& widths,
                                  size_t max_lines) {
  std::vector<std::string> out;
  if (max_lines == 0) return out;
  size_t limit = max_lines == std::numeric_limits<size_t>::max() ? max_lines : max_lines + 1;
  std::vector<Line> lines = WrapLines(text, max_width, widths, limit);
  if (lines.size() <= max_lines) {
    for (Line& line : lines) out.push_back(std::move(line.text));
    return out;
  }
  // Too long: keep what fits before a note of how much is left out. The note's own lines count
  // against the cap; when it alone needs them all, it is all that is shown.
  auto note_for = [&](size_t kept) {
    size_t hidden = CountCodePoints(text.substr(kept < lines.size() ? lines[kept].begin : 0));
    return WrapLines("\xE2\x80\xA6 " + std::to_string(hidden) + " more characters not shown",
                     max_width, widths, max_lines);
  };
  size_t kept = max_lines - 1;
  std::vector<Line> note = note_for(kept);
  while (kept > 0 && kept + note.size() > max_lines) {
    kept = max_lines > note.size() ? max_lines - note.size() : 0;
    note = note_for(kept);
  }
  for (size_t k = 0; k < kept; ++k) out.push_back(std::move(lines[k].text));
  for (Line& line : note) {
    if (out.size() == max_lines) break;
    out.push_back(std::move(line.text));
  }
  return out;
}

}  // namespace phi
