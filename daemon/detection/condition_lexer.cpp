#include "daemon/detection/condition_lexer.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace phi {
namespace {

using K = ConditionTokenKind;

constexpr std::array<std::pair<std::string_view, K>, 13> kKeywords = {{
    {"and", K::kAnd},
    {"or", K::kOr},
    {"not", K::kNot},
    {"in", K::kIn},
    {"in_cidr", K::kInCidr},
    {"contains", K::kContains},
    {"icontains", K::kIContains},
    {"startswith", K::kStartsWith},
    {"endswith", K::kEndsWith},
    {"matches", K::kMatches},
    {"exists", K::kExists},
    {"true", K::kTrue},
    {"false", K::kFalse},
}};

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || IsDigit(c) || c == '.';
}
char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<ConditionToken>> Run() {
    std::vector<ConditionToken> tokens;
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
      ConditionToken token;
      token.offset = pos_;
      if (pos_ == text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      Status s = Next(token);
      if (!s.ok()) return s;
      tokens.push_back(std::move(token));
    }
  }

 private:
  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  Status Next(ConditionToken& token) {
    char c = text_[pos_];
    char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (IsNameStart(c)) return Name(token);
    if (IsDigit(c) || (c == '-' && IsDigit(next))) return Number(token);
    if (c == '\'' || c == '"') return String(token);
    auto simple = [&](K kind, size_t length) {
      token.kind = kind;
      token.text = std::string(text_.substr(pos_, length));
      pos_ += length;
      return Status::Ok();
    };
    switch (c) {
      case '(':
        return simple(K::kLeftParen, 1);
      case ')':
        return simple(K::kRightParen, 1);
      case ',':
        return simple(K::kComma, 1);
      case '<':
        return next == '=' ? simple(K::kLessEqual, 2) : simple(K::kLess, 1);
      case '>':
        return next == '=' ? simple(K::kGreaterEqual, 2) : simple(K::kGreater, 1);
      case '=':
        if (next == '=') return simple(K::kEqual, 2);
        return Error("found '=', expected '==' to compare");
      case '!':
        if (next == '=') return simple(K::kNotEqual, 2);
        return Error("found '!', expected '!=' or the keyword 'not'");
      case '&':
        return Error("found '&', expected the keyword 'and'");
      case '|':
        return Error("found '|', expected the keyword 'or'");
      case '-':
        return Error("found '-' without digits, expected a number such as -1");
      default:
        break;
    }
    std::string shown = static_cast<unsigned char>(c) < 0x20 ? "a control character"
                                                             : "'" + std::string(1, c) + "'";
    if (static_cast<unsigned char>(c) >= 0x80) shown = "a non-ASCII character";
    return Error("found " + shown +
                 ", expected a field, a quoted string, a number, an operator or a parenthesis");
  }

  Status Name(ConditionToken& token) {
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    token.text = std::string(text_.substr(start, pos_ - start));
    token.kind = K::kName;
    for (const auto& [word, kind] : kKeywords) {
      if (word == token.text) token.kind = kind;
    }
    std::string_view keyword = KeywordInOtherCase(token.text);
    if (!keyword.empty()) {
      pos_ = start;
      return Error("found '" + token.text + "', expected '" + std::string(keyword) +
                   "' (keywords are lower case)");
    }
    return Status::Ok();
  }

  Status Number(ConditionToken& token) {
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && (IsNameChar(text_[pos_]) || text_[pos_] == ':')) {
      // 10.0.0.1, 12ab, fd00::1: text that starts like a number.
      while (pos_ < text_.size() && (IsNameChar(text_[pos_]) || text_[pos_] == ':' ||
                                     text_[pos_] == '/' || text_[pos_] == '-')) {
        ++pos_;
      }
      std::string word(text_.substr(start, pos_ - start));
      pos_ = start;
      return Error("found " + word + ", expected a whole number (quote text: '" + word + "')");
    }
    token.kind = K::kNumber;
    token.text = std::string(text_.substr(start, pos_ - start));
    auto [end, ec] =
        std::from_chars(token.text.data(), token.text.data() + token.text.size(), token.number);
    if (ec != std::errc() || end != token.text.data() + token.text.size()) {
      pos_ = start;
      return Error("number " + token.text + " is out of range (expected a 64-bit integer)");
    }
    return Status::Ok();
  }

  Status String(ConditionToken& token) {
    size_t start = pos_;
    char quote = text_[pos_++];
    token.kind = K::kString;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return Status::Ok();
      }
      if (c == '\\' && pos_ + 1 < text_.size() &&
          (text_[pos_ + 1] == quote || text_[pos_ + 1] == '\\')) {
        token.text.push_back(text_[pos_ + 1]);
        pos_ += 2;
        continue;
      }
      token.text.push_back(c);
      ++pos_;
    }
    pos_ = start;
    return Error(std::string("unterminated string, expected a closing ") + quote +
                 " before the end of the condition");
  }

  Status Error(std::string_view what) const { return ConditionError(text_, pos_, what); }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::vector<ConditionToken>> TokenizeCondition(std::string_view text) {
  return Lexer(text).Run();
}

std::string_view ConditionTokenSpelling(ConditionTokenKind kind) {
  switch (kind) {
    case K::kEnd:
      return "the end of the condition";
    case K::kName:
      return "a name";
    case K::kString:
      return "a string";
    case K::kNumber:
      return "a number";
    case K::kLeftParen:
      return "(";
    case K::kRightParen:
      return ")";
    case K::kComma:
      return ",";
    case K::kEqual:
      return "==";
    case K::kNotEqual:
      return "!=";
    case K::kLess:
      return "<";
    case K::kLessEqual:
      return "<=";
    case K::kGreater:
      return ">";
    case K::kGreaterEqual:
      return ">=";
    default:
      break;
  }
  for (const auto& [word, k] : kKeywords) {
    if (k == kind) return word;
  }
  return "?";
}

std::string DescribeConditionToken(const ConditionToken& token) {
  switch (token.kind) {
    case K::kEnd:
      return "the end of the condition";
    case K::kString:
      return "the string '" + token.text + "'";
    case K::kNumber:
      return "the number " + token.text;
    default:
      return "'" + token.text + "'";
  }
}

std::string_view KeywordInOtherCase(std::string_view name) {
  for (const auto& [word, kind] : kKeywords) {
    if (word.size() != name.size() || word == name) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) same = Lower(name[i]) == word[i];
    if (same) return word;
  }
  return {};
}

bool IsConditionKeyword(std::string_view name) {
  for (const auto& [word, kind] : kKeywords) {
    if (word == name) return true;
  }
  return false;
}

bool IsConditionName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

std::string ConditionPosition(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count UTF-8 characters, not continuation bytes
      ++column;
    }
  }
  bool multi_line = text.find('\n') != std::string_view::npos;
  std::string where = multi_line ? "line " + std::to_string(line) + ", column " : "column ";
  return where + std::to_string(column);
}

Status ConditionError(std::string_view text, size_t offset, std::string_view what) {
  return Status::Invalid(ConditionPosition(text, offset) + ": " + std::string(what));
}

}  // namespace phi
