#include "daemon/sinks/term_replacer.hpp"

#include <algorithm>

namespace phi {
namespace {

bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

}  // namespace

void TermReplacer::Add(std::string_view term, std::string replacement) {
  if (term.empty()) return;
  for (const Term& t : terms_) {
    if (t.text == term) return;
  }
  auto at = std::find_if(terms_.begin(), terms_.end(),
                         [&](const Term& t) { return t.text.size() < term.size(); });
  terms_.insert(at, Term{std::string(term), std::move(replacement)});
}

const TermReplacer::Term* TermReplacer::MatchAt(std::string_view text, size_t pos) const {
  const Term* found = nullptr;
  for (const Term& t : terms_) {
    if (found && t.text.size() < found->text.size()) break;  // only shorter ones are left
    const size_t end = pos + t.text.size();
    if (end > text.size()) continue;
    if (IsWordByte(t.text.front()) && pos > 0 && IsWordByte(text[pos - 1])) continue;
    if (IsWordByte(t.text.back()) && end < text.size() && IsWordByte(text[end])) continue;
    std::string_view candidate = text.substr(pos, t.text.size());
    if (candidate == t.text) return &t;
    if (!found && EqualIgnoringAsciiCase(candidate, t.text)) found = &t;
  }
  return found;
}

std::string TermReplacer::Replace(std::string_view text) const {
  if (terms_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    if (const Term* t = MatchAt(text, pos)) {
      out += t->replacement;
      pos += t->text.size();
    } else {
      out += text[pos++];
    }
  }
  return out;
}

}  // namespace phi
