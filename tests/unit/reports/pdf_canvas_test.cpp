#include "daemon/reports/pdf_canvas.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace phi {
namespace {

std::unique_ptr<PdfCanvas> OpenCanvas() {
  Result<std::unique_ptr<PdfCanvas>> canvas = PdfCanvas::Open("/usr/share/fonts/truetype/dejavu");
  EXPECT_TRUE(canvas.ok()) << canvas.status().message();
  return canvas.ok() ? std::move(*canvas) : nullptr;
}

TEST(PdfPrintable, KeepsOrdinaryTextInAnyScript) {
  for (std::string text :
       {"Dana Whitfield", "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m",
        "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B Lan", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
        "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", "\xE4\xB8\xAD\xE6\x96\x87"}) {
    EXPECT_EQ(PdfPrintable(text), text);
  }
}

TEST(PdfPrintable, ShowsControlsInsteadOfActingOnThem) {
  EXPECT_EQ(PdfPrintable("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(PdfPrintable("line\r\nbreak\ttab"), "line\\r\\nbreak\\ttab");
  EXPECT_EQ(PdfPrintable(std::string("nul\0here", 8)), "nul\\x00here");
  EXPECT_EQ(PdfPrintable("del\x7f"), "del\\x7f");
  EXPECT_EQ(PdfPrintable("c1\xC2\x9B"), "c1\\u009b");
  // A right-to-left override would make "gnp.exe" read as "exe.png".
  EXPECT_EQ(PdfPrintable("\xE2\x80\xAEgnp.exe"), "\\u202egnp.exe");
}

TEST(PdfPrintable, ShowsBytesThatAreNotUtf8) {
  EXPECT_EQ(PdfPrintable("caf\xE9"), "caf\\xe9");
  EXPECT_EQ(PdfPrintable("\xC0\xAF"), "\\xc0\\xaf");
}

TEST(PdfPrintable, EscapesCodePointsAboveTheBmp) {
  // libharu 2.3 would draw them as blanks: the reader would not see that anything was there.
  EXPECT_EQ(PdfPrintable("\xF0\x90\x81\x81"), "\\U00010041");
  EXPECT_EQ(PdfPrintable("ok \xF0\x9F\x98\x80!"), "ok \\U0001f600!");
}

TEST(PdfCanvas, FlowsDownThePageAndStartsNewOnes) {
  std::unique_ptr<PdfCanvas> canvas = OpenCanvas();
  ASSERT_TRUE(canvas);
  EXPECT_FALSE(canvas->Fits(1));  // no page yet
  canvas->EnsureRoom(100);
  EXPECT_EQ(canvas->page_count(), 1u);
  EXPECT_EQ(canvas->y(), PdfCanvas::kTop);
  canvas->MoveDown(PdfCanvas::kTop - PdfCanvas::kBottom - 10);
  EXPECT_TRUE(canvas->Fits(10));
  EXPECT_FALSE(canvas->Fits(11));
  canvas->EnsureRoom(11);
  EXPECT_EQ(canvas->page_count(), 2u);
  EXPECT_EQ(canvas->y(), PdfCanvas::kTop);
  Result<std::string> pdf = canvas->Finish();
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
}

TEST(PdfCanvas, WrapsPrintableTextToAWidth) {
  std::unique_ptr<PdfCanvas> canvas = OpenCanvas();
  ASSERT_TRUE(canvas);
  auto lines = canvas->Wrap(PdfFace::kRegular, 10, "Who accessed\x1b your record", 80);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "Who");
  EXPECT_EQ(lines[1], "accessed\\x1b");  // the escape is measured and wrapped like text
  for (const std::string& line : lines) {
    EXPECT_LE(canvas->TextWidth(PdfFace::kRegular, 10, line), 80) << line;
  }
  // Bold is wider than regular.
  EXPECT_GT(canvas->TextWidth(PdfFace::kBold, 10, "Accesses"),
            canvas->TextWidth(PdfFace::kRegular, 10, "Accesses"));
}

// ễ in DejaVu Sans is e + a composite of circumflex and tilde; libharu embeds that composite but
// not the two marks it is drawn from, so without the completion "Nguyễn" prints as "Nguyen".
TEST(PdfCanvas, EmbedsTheMarksOfLettersWithTwoDiacritics) {
  std::unique_ptr<PdfCanvas> plain = OpenCanvas();
  ASSERT_TRUE(plain);
  plain->NewPage();
  plain->DrawText(PdfFace::kRegular, 10, 50, 700, "Nguyen Zo\xC3\xAB");
  ASSERT_TRUE(plain->Finish().ok());
  EXPECT_EQ(plain->composite_glyphs_added(), 0u);  // ë is e + diaeresis: one level

  std::unique_ptr<PdfCanvas> vietnamese = OpenCanvas();
  ASSERT_TRUE(vietnamese);
  vietnamese->NewPage();
  vietnamese->DrawText(PdfFace::kBold, 10, 50, 700, "Nguy\xE1\xBB\x85n");
  ASSERT_TRUE(vietnamese->Finish().ok());
  EXPECT_GE(vietnamese->composite_glyphs_added(), 2u);  // the circumflex and the tilde
}

}  // namespace
}  // namespace phi
