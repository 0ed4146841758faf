#include "daemon/reports/pdf_table.hpp"

#include <algorithm>

namespace phi {
namespace {

constexpr float kHeaderGray = 0.88f;
constexpr float kStripeGray = 0.96f;
constexpr float kRuleGray = 0.75f;
constexpr float kRuleWidth = 0.4f;
// From a line's top to its baseline: the font's ascent at kFontSize, near enough.
constexpr float kAscent = PdfTable::kFontSize * 0.8f;

float HeightOf(const std::vector<std::vector<std::string>>& lines) {
  size_t most = 1;
  for (const auto& cell : lines) most = std::max(most, cell.size());
  return most * PdfTable::kLeading + 2 * PdfTable::kPadding;
}

}  // namespace

PdfTable::PdfTable(PdfCanvas& canvas, std::vector<PdfColumn> columns)
    : canvas_(canvas), columns_(std::move(columns)) {
  for (const PdfColumn& column : columns_) {
    width_ += column.width;
    header_lines_.push_back(canvas_.Wrap(PdfFace::kBold, kFontSize, column.title,
                                         column.width - 2 * kPadding, kMaxCellLines));
  }
  header_height_ = HeightOf(header_lines_);
}

void PdfTable::DrawLines(const std::vector<std::vector<std::string>>& lines, PdfFace face,
                         float top) {
  float x = PdfCanvas::kLeft;
  for (size_t c = 0; c < columns_.size(); ++c) {
    const PdfColumn& column = columns_[c];
    float baseline = top - kPadding - kAscent;
    for (const std::string& line : lines[c]) {
      float left = x + kPadding;
      if (column.align_right) {
        left = x + column.width - kPadding - canvas_.TextWidth(face, kFontSize, line);
      }
      canvas_.DrawText(face, kFontSize, left, baseline, line);
      baseline -= kLeading;
    }
    x += column.width;
  }
}

void PdfTable::DrawHeader() {
  float top = canvas_.y();
  canvas_.FillRect(PdfCanvas::kLeft, top - header_height_, width_, header_height_, kHeaderGray);
  DrawLines(header_lines_, PdfFace::kBold, top);
  canvas_.MoveDown(header_height_);
  header_page_ = canvas_.page_count();
  rows_on_page_ = 0;
}

void PdfTable::AddRow(const std::vector<std::string>& cells) {
  std::vector<std::vector<std::string>> lines(columns_.size());
  for (size_t c = 0; c < columns_.size() && c < cells.size(); ++c) {
    lines[c] = canvas_.Wrap(PdfFace::kRegular, kFontSize, cells[c],
                            columns_[c].width - 2 * kPadding, kMaxCellLines);
  }
  float height = HeightOf(lines);

  bool header_here = header_page_ != 0 && header_page_ == canvas_.page_count();
  if (!canvas_.Fits(height + (header_here ? 0 : header_height_))) {
    canvas_.NewPage();
    header_here = false;
  }
  if (!header_here) DrawHeader();

  float top = canvas_.y();
  if (rows_on_page_ % 2 == 1) {
    canvas_.FillRect(PdfCanvas::kLeft, top - height, width_, height, kStripeGray);
  }
  DrawLines(lines, PdfFace::kRegular, top);
  canvas_.DrawRule(PdfCanvas::kLeft, top - height, PdfCanvas::kLeft + width_, top - height,
                   kRuleWidth, kRuleGray);
  canvas_.MoveDown(height);
  ++rows_on_page_;
}

}  // namespace phi
