// The condition language's tokens: names (fields, lists, macros), quoted strings, integers,
// comparison operators, parentheses, commas and the lower-case keywords (and, or, not, in, ...).
// Every token keeps its byte offset so that errors can say "column N". Used only while compiling.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi {

enum class ConditionTokenKind : uint8_t {
  kEnd,
  kName,    // user, patient.vip, after_hours, service_accounts
  kString,  // 'text' or "text"; a backslash escapes the quote and itself, and is kept otherwise
  kNumber,  // 42, -1
  kLeftParen,
  kRightParen,
  kComma,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,
  kOr,
  kNot,
  kIn,
  kInCidr,
  kContains,
  kIContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kExists,
  kTrue,
  kFalse,
};

struct ConditionToken {
  ConditionTokenKind kind = ConditionTokenKind::kEnd;
  size_t offset = 0;  // byte offset in the condition text
  std::string text;   // the name, the unescaped string, or the token as written
  int64_t number = 0;
};

// Splits a condition into tokens; the last token is always kEnd.
Result<std::vector<ConditionToken>> TokenizeCondition(std::string_view text);

// How a token kind is written: "==", "and", "in_cidr"...
std::string_view ConditionTokenSpelling(ConditionTokenKind kind);
// How a token reads in an error: "'and'", "the string 'x'", "the end of the condition".
std::string DescribeConditionToken(const ConditionToken& token);
// The keyword a name means when written in another case ("AND" -> "and"), else "". Such names
// are errors: a rule author who writes AND means and.
std::string_view KeywordInOtherCase(std::string_view name);
bool IsConditionKeyword(std::string_view name);
// A valid name for a field, list or macro: a letter or '_', then letters, digits, '_' or '.'.
bool IsConditionName(std::string_view name);

// Where a byte offset of the condition text is: "column N", or "line L, column C" when the text
// has several lines (YAML block scalars). Columns count characters, not bytes.
std::string ConditionPosition(std::string_view text, size_t offset);
// An error at a byte offset of the condition text: "<position>: what".
Status ConditionError(std::string_view text, size_t offset, std::string_view what);

}  // namespace phi
