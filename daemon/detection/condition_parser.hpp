// The condition language's syntax tree: what the text says, before names and types are resolved,
// with the byte offset of every part for error messages. The grammar is in
// condition_compiler.hpp; condition_compiler turns this tree into the typed evaluation tree.
// Used only while compiling.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/detection/condition_lexer.hpp"

namespace phi {

// One side of a comparison: a name (field) or a literal.
struct ConditionAstOperand {
  enum class Kind : uint8_t { kName, kString, kNumber, kBool };
  Kind kind = Kind::kName;
  std::string text;  // the name or the unescaped string
  int64_t number = 0;
  bool boolean = false;
  size_t offset = 0;
};

// The right side of `in`, `not in` and `in_cidr`: literals in parentheses or a list's name.
struct ConditionAstList {
  bool named = false;
  std::string name;                        // when named
  std::vector<ConditionAstOperand> items;  // when not named: strings and numbers
  size_t offset = 0;
};

struct ConditionAst {
  enum class Kind : uint8_t {
    kOr,          // children, two or more
    kAnd,         // children, two or more
    kNot,         // one child
    kTrue,        // the literal true
    kFalse,       // the literal false
    kName,        // a bare name: a bool field or a macro
    kComparison,  // lhs op rhs, lhs [not] in list, lhs in_cidr list, lhs exists
  };
  Kind kind = Kind::kTrue;
  size_t offset = 0;
  std::vector<std::unique_ptr<ConditionAst>> children;
  std::string name;  // kName

  // kComparison. op is one of == != < <= > >= in in_cidr contains icontains startswith endswith
  // matches exists; for matches, rhs is the pattern (a string).
  ConditionTokenKind op = ConditionTokenKind::kEqual;
  size_t op_offset = 0;  // of 'not' in `not in`
  bool negated = false;  // `not in`
  ConditionAstOperand lhs, rhs;
  ConditionAstList list;
};

// Parses a whole condition. Errors say where ("column N") and what was expected.
Result<std::unique_ptr<ConditionAst>> ParseCondition(std::string_view text);

}  // namespace phi
