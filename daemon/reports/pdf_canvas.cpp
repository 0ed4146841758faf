#include "daemon/reports/pdf_canvas.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <span>

#include "daemon/common/json_writer.hpp"
#include "daemon/common/terminal_text.hpp"
#include "daemon/reports/truetype_glyphs.hpp"

namespace phi {
namespace {

constexpr float kFooterSize = 8;
constexpr float kFooterBaseline = PdfCanvas::kMargin;

std::string HexCode(HPDF_STATUS code) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%04lX", static_cast<unsigned long>(code));
  return text;
}

// A few words for the libharu errors a report can meet; the rest go by their number.
std::string DescribeHpdfError(HPDF_STATUS error, HPDF_STATUS detail) {
  std::string what;
  switch (error) {
    case HPDF_FAILD_TO_ALLOC_MEM:
      what = "out of memory";
      break;
    case HPDF_FILE_IO_ERROR:
    case HPDF_FILE_OPEN_ERROR:
      what = "cannot read a file";
      break;
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE:
    case HPDF_INVALID_FONTDEF_DATA:
      what = "not a TrueType font libharu can use";
      break;
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
      what = "the font's licence forbids embedding";
      break;
    default:
      what = "error";
  }
  return "libharu " + what + " (" + HexCode(error) + ", detail " + std::to_string(detail) + ")";
}

}  // namespace

std::string PdfPrintable(std::string_view text) {
  std::string safe = TerminalSafe(text);  // valid UTF-8 from here on
  size_t i = 0;
  while (i < safe.size() && static_cast<unsigned char>(safe[i]) < 0xF0) ++i;
  if (i == safe.size()) return safe;  // nothing above U+FFFF (the usual case)
  std::string out(safe, 0, i);
  while (i < safe.size()) {
    size_t n = WellFormedUtf8Length(safe, i);
    if (n == 4) {
      char escape[16];
      std::snprintf(escape, sizeof escape, "\\U%08x", DecodeUtf8(safe, i, n));
      out += escape;
    } else {
      out.append(safe, i, n);
    }
    i += n;
  }
  return out;
}

PdfCanvas::PdfCanvas() = default;
PdfCanvas::~PdfCanvas() = default;

void PdfCanvas::OnError(HPDF_STATUS error, HPDF_STATUS detail, void* canvas) {
  auto* self = static_cast<PdfCanvas*>(canvas);
  if (self->error_.ok()) self->error_ = Status::IoError("PDF: " + DescribeHpdfError(error, detail));
}

Result<std::unique_ptr<PdfCanvas>> PdfCanvas::Open(const std::string& font_dir) {
  std::unique_ptr<PdfCanvas> canvas(new PdfCanvas());
  canvas->doc_.reset(HPDF_New(&PdfCanvas::OnError, canvas.get()));
  if (!canvas->doc_) return Status::IoError("PDF: libharu could not create a document");
  HPDF_SetCompressionMode(canvas->doc_.get(), HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(canvas->doc_.get());
  std::string dir = font_dir.empty() || font_dir.back() == '/' ? font_dir : font_dir + "/";
  for (auto [file, face] : {std::pair{kPdfRegularFontFile, PdfFace::kRegular},
                            std::pair{kPdfBoldFontFile, PdfFace::kBold}}) {
    if (Status s = canvas->LoadFont(dir + std::string(file), face); !s.ok()) return s;
  }
  if (!canvas->error_.ok()) return canvas->error_;
  return canvas;
}

Status PdfCanvas::LoadFont(const std::string& path, PdfFace face) {
  if (access(path.c_str(), R_OK) != 0) {
    return Status::NotFound("PDF: font file " + path +
                            " is missing or unreadable (Debian package fonts-dejavu-core)");
  }
  const char* name = HPDF_LoadTTFontFromFile(doc_.get(), path.c_str(), HPDF_TRUE);
  HPDF_Font loaded = name ? HPDF_GetFont(doc_.get(), name, "UTF-8") : nullptr;
  if (!loaded || !error_.ok()) {
    std::string why = error_.ok() ? std::string("libharu error") : error_.message();
    return Status::Invalid("PDF: cannot load the TrueType font " + path + ": " + why);
  }
  fonts_[static_cast<size_t>(face)] = loaded;
  font_paths_[static_cast<size_t>(face)] = path;
  widths_[static_cast<size_t>(face)] = std::make_unique<GlyphWidths>([loaded](uint32_t cp) {
    if (cp > 0xFFFF) cp = 0xFFFD;  // not in printable text; measured as what libharu can draw
    char utf8[4];
    size_t n = 0;
    if (cp < 0x80) {
      utf8[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      utf8[n++] = static_cast<char>(0xC0 | cp >> 6);
      utf8[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      utf8[n++] = static_cast<char>(0xE0 | cp >> 12);
      utf8[n++] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      utf8[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    HPDF_TextWidth width = HPDF_Font_TextWidth(loaded, reinterpret_cast<const HPDF_BYTE*>(utf8), n);
    return static_cast<float>(width.width);  // thousandths of the font size
  });
  return Status::Ok();
}

void PdfCanvas::SetInfo(std::string_view title, TimeMicros created) {
  HPDF_SetInfoAttr(doc_.get(), HPDF_INFO_TITLE, std::string(title).c_str());
  HPDF_SetInfoAttr(doc_.get(), HPDF_INFO_CREATOR, "phi-auditd");
  // "2026-04-02T10:15:31.000Z" into libharu's fields.
  std::string iso = FormatIsoTime(created);
  HPDF_Date date{};
  date.ind = 'Z';
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &date.year, &date.month, &date.day,
                  &date.hour, &date.minutes, &date.seconds) == 6) {
    HPDF_SetInfoDateAttr(doc_.get(), HPDF_INFO_CREATION_DATE, date);
  }
}

std::vector<std::string> PdfCanvas::Wrap(PdfFace face, float size, std::string_view text,
                                         float width, size_t max_lines) {
  return WrapText(PdfPrintable(text), width * 1000 / size, widths(face), max_lines);
}

float PdfCanvas::TextWidth(PdfFace face, float size, std::string_view line) {
  return widths(face).Of(line) * size / 1000;
}

void PdfCanvas::NewPage() {
  EndText();
  HPDF_Page page = HPDF_AddPage(doc_.get());
  if (!page) return;  // the error is kept; Finish reports it
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_LETTER, HPDF_PAGE_PORTRAIT);
  pages_.push_back(page);
  y_ = kTop;
  page_font_ = nullptr;
  page_font_size_ = 0;
  page_fill_ = 0;
}

void PdfCanvas::EndText() {
  if (!in_text_) return;
  HPDF_Page_EndText(pages_.back());
  in_text_ = false;
}

void PdfCanvas::EnsureRoom(float height) {
  if (!Fits(height)) NewPage();
}

void PdfCanvas::UseFont(HPDF_Page page, PdfFace face, float size) {
  if (page_font_ == font(face) && page_font_size_ == size) return;
  HPDF_Page_SetFontAndSize(page, font(face), size);
  page_font_ = font(face);
  page_font_size_ = size;
}

void PdfCanvas::UseFill(HPDF_Page page, float gray) {
  if (page_fill_ == gray) return;
  HPDF_Page_SetGrayFill(page, gray);
  page_fill_ = gray;
}

void PdfCanvas::DrawText(PdfFace face, float size, float x, float baseline, std::string_view line) {
  if (pages_.empty() || line.empty()) return;
  HPDF_Page page = pages_.back();
  UseFill(page, 0);
  if (!in_text_) {
    HPDF_Page_BeginText(page);
    in_text_ = true;
  }
  UseFont(page, face, size);
  HPDF_Page_TextOut(page, x, baseline, std::string(line).c_str());
}

void PdfCanvas::FillRect(float x, float y, float width, float height, float gray) {
  if (pages_.empty()) return;
  EndText();
  HPDF_Page page = pages_.back();
  UseFill(page, gray);
  HPDF_Page_Rectangle(page, x, y, width, height);
  HPDF_Page_Fill(page);
}

void PdfCanvas::DrawRule(float x1, float y1, float x2, float y2, float line_width, float gray) {
  if (pages_.empty()) return;
  EndText();
  HPDF_Page page = pages_.back();
  HPDF_Page_SetLineWidth(page, line_width);
  HPDF_Page_SetGrayStroke(page, gray);
  HPDF_Page_MoveTo(page, x1, y1);
  HPDF_Page_LineTo(page, x2, y2);
  HPDF_Page_Stroke(page);
}

// Reaches into libharu 2.3's font records (hpdf_font.h, hpdf_fontdef.h: installed, but not its
// API) for the flags that choose which glyphs are embedded, and adds the components libharu
// leaves out (see truetype_glyphs.hpp). Should anything not be as expected, the flags stay as
// they are: the document is still valid, only marks on some letters are missing.
void PdfCanvas::EmbedCompositeComponents(PdfFace face) {
#if HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION == 3
  HPDF_Font f = font(face);
  auto* font_attr = f ? static_cast<HPDF_FontAttr>(f->attr) : nullptr;
  HPDF_FontDef def = font_attr ? font_attr->fontdef : nullptr;
  if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr) return;
  auto* tt = static_cast<HPDF_TTFontDefAttr>(def->attr);
  if (!tt->embedding || !tt->glyph_tbl.flgs) return;
  std::ifstream in(font_paths_[static_cast<size_t>(face)], std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<TrueTypeGlyphs> glyphs = TrueTypeGlyphs::Parse(std::move(file));
  if (!glyphs.ok() || glyphs->glyph_count() != tt->num_glyphs) return;
  std::span<uint8_t> used(tt->glyph_tbl.flgs, tt->num_glyphs);
  auto count = [&] { return std::count_if(used.begin(), used.end(), [](uint8_t u) { return u; }); };
  auto before = count();
  glyphs->CompleteComposites(used);
  composite_glyphs_added_ += static_cast<size_t>(count() - before);
#else
  (void)face;  // other versions: not known to need it, and their records may differ
#endif
}

Result<std::string> PdfCanvas::Finish() {
  if (pages_.empty()) NewPage();
  EndText();
  const std::string total = std::to_string(pages_.size());
  for (size_t i = 0; i < pages_.size() && error_.ok(); ++i) {
    std::string footer = "Page " + std::to_string(i + 1) + " of " + total;
    float width = TextWidth(PdfFace::kRegular, kFooterSize, footer);
    HPDF_Page page = pages_[i];
    // Earlier pages' text state is not tracked: set it outright.
    HPDF_Page_SetGrayFill(page, 0);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font(PdfFace::kRegular), kFooterSize);
    HPDF_Page_TextOut(page, (kPageWidth - width) / 2, kFooterBaseline, footer.c_str());
    HPDF_Page_EndText(page);
  }
  EmbedCompositeComponents(PdfFace::kRegular);
  EmbedCompositeComponents(PdfFace::kBold);
  if (error_.ok()) HPDF_SaveToStream(doc_.get());
  if (!error_.ok()) return error_;
  HPDF_UINT32 size = HPDF_GetStreamSize(doc_.get());
  std::string bytes(size, '\0');
  if (HPDF_GetContents(doc_.get(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) != HPDF_OK) {
    return error_.ok() ? Status::IoError("PDF: libharu could not hand back the document") : error_;
  }
  bytes.resize(size);
  return bytes;
}

}  // namespace phi
