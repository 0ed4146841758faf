#include "daemon/detection/condition_parser.hpp"

#include <utility>

namespace phi {
namespace {

using K = ConditionTokenKind;
using Ast = ConditionAst;
using AstPtr = std::unique_ptr<ConditionAst>;

// Parentheses and `not` nest at most this deep, so hostile text cannot exhaust the stack.
constexpr int kMaxDepth = 100;

bool IsComparisonOperator(K kind) {
  switch (kind) {
    case K::kEqual:
    case K::kNotEqual:
    case K::kLess:
    case K::kLessEqual:
    case K::kGreater:
    case K::kGreaterEqual:
    case K::kIn:
    case K::kInCidr:
    case K::kContains:
    case K::kIContains:
    case K::kStartsWith:
    case K::kEndsWith:
    case K::kMatches:
    case K::kExists:
      return true;
    default:
      return false;
  }
}

bool IsOperandToken(K kind) {
  return kind == K::kName || kind == K::kString || kind == K::kNumber || kind == K::kTrue ||
         kind == K::kFalse;
}

// Recursive descent over the token list; stops at the first error.
class Parser {
 public:
  Parser(std::string_view text, std::vector<ConditionToken> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  Result<AstPtr> Run() {
    if (Peek().kind == K::kEnd)
      return Error(Peek(), "found an empty condition, expected a condition");
    AstPtr root = Or(0);
    if (!root) return error_;
    if (Peek().kind == K::kRightParen) {
      return Error(Peek(), "found ')' without a matching '('");
    }
    if (Peek().kind != K::kEnd) {
      return Error(Peek(), "found " + Describe(Peek()) +
                               ", expected 'and', 'or' or the end of the condition");
    }
    return root;
  }

 private:
  const ConditionToken& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const ConditionToken& Take() {
    const ConditionToken& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }

  static std::string Describe(const ConditionToken& t) { return DescribeConditionToken(t); }

  Status Error(const ConditionToken& at, std::string_view what) {
    return ConditionError(text_, at.offset, what);
  }
  AstPtr Fail(const ConditionToken& at, std::string_view what) {
    error_ = Error(at, what);
    return nullptr;
  }

  AstPtr Or(int depth) { return Chain(depth, K::kOr, Ast::Kind::kOr); }
  AstPtr And(int depth) { return Chain(depth, K::kAnd, Ast::Kind::kAnd); }

  // `or` chains of `and` chains, flattened into one node with every operand as a child.
  AstPtr Chain(int depth, K separator, Ast::Kind kind) {
    size_t offset = Peek().offset;
    AstPtr first = separator == K::kOr ? And(depth) : Not(depth);
    if (!first || Peek().kind != separator) return first;
    auto node = std::make_unique<Ast>();
    node->kind = kind;
    node->offset = offset;
    node->children.push_back(std::move(first));
    while (Peek().kind == separator) {
      Take();
      AstPtr next = separator == K::kOr ? And(depth) : Not(depth);
      if (!next) return nullptr;
      node->children.push_back(std::move(next));
    }
    return node;
  }

  AstPtr Not(int depth) {
    if (Peek().kind != K::kNot) return Primary(depth);
    if (depth >= kMaxDepth) return TooDeep();
    auto node = std::make_unique<Ast>();
    node->kind = Ast::Kind::kNot;
    node->offset = Take().offset;
    AstPtr child = Not(depth + 1);
    if (!child) return nullptr;
    node->children.push_back(std::move(child));
    return node;
  }

  AstPtr TooDeep() {
    return Fail(Peek(), "condition nested too deeply (expected at most " +
                            std::to_string(kMaxDepth) + " levels of parentheses and 'not')");
  }

  AstPtr Primary(int depth) {
    const ConditionToken& t = Peek();
    if (t.kind == K::kLeftParen) {
      if (depth >= kMaxDepth) return TooDeep();
      const ConditionToken& open = Take();
      AstPtr inner = Or(depth + 1);
      if (!inner) return nullptr;
      if (Peek().kind != K::kRightParen) {
        return Fail(Peek(), "found " + Describe(Peek()) +
                                ", expected 'and', 'or' or ')' to close " + "the '(' at " +
                                Position(open));
      }
      Take();
      return inner;
    }
    if (IsOperandToken(t.kind)) {
      K after = Peek(1).kind;
      if (IsComparisonOperator(after) || after == K::kNot) return Comparison();
      auto node = std::make_unique<Ast>();
      node->offset = t.offset;
      if (t.kind == K::kName) {
        node->kind = Ast::Kind::kName;
        node->name = t.text;
      } else if (t.kind == K::kTrue || t.kind == K::kFalse) {
        node->kind = t.kind == K::kTrue ? Ast::Kind::kTrue : Ast::Kind::kFalse;
      } else {
        return Fail(Peek(1), "found " + Describe(Peek(1)) + " after " + Describe(t) +
                                 ", expected a comparison operator such as '==' or 'in'");
      }
      Take();
      return node;
    }
    return Fail(t, "found " + Describe(t) +
                       ", expected a condition: a field, a macro, a comparison, 'not', '(', true "
                       "or false");
  }

  std::string Position(const ConditionToken& t) const { return ConditionPosition(text_, t.offset); }

  AstPtr Comparison() {
    auto node = std::make_unique<Ast>();
    node->kind = Ast::Kind::kComparison;
    node->offset = Peek().offset;
    node->lhs = OperandFrom(Take());
    size_t not_offset = Peek().offset;
    if (Peek().kind == K::kNot) {
      Take();
      if (Peek().kind != K::kIn) {
        return Fail(Peek(), "found " + Describe(Peek()) + " after 'not', expected 'in' (as in " +
                                "'user not in (...)'); 'not' before a condition negates it");
      }
      node->negated = true;
    }
    const ConditionToken& op = Take();
    node->op = op.kind;
    node->op_offset = node->negated ? not_offset : op.offset;
    std::string op_name = "'" + std::string(ConditionTokenSpelling(op.kind)) + "'";
    switch (op.kind) {
      case K::kExists:
        return node;
      case K::kIn:
      case K::kInCidr:
        if (!List(op_name, node->list)) return nullptr;
        return node;
      case K::kMatches:
        if (Peek().kind != K::kString) {
          return Fail(Peek(), "found " + Describe(Peek()) +
                                  ", expected a quoted regular expression after 'matches'");
        }
        node->rhs = OperandFrom(Take());
        return node;
      default:
        if (!IsOperandToken(Peek().kind)) {
          return Fail(Peek(), "found " + Describe(Peek()) +
                                  ", expected a field, a quoted string or a number after " +
                                  op_name);
        }
        node->rhs = OperandFrom(Take());
        return node;
    }
  }

  static ConditionAstOperand OperandFrom(const ConditionToken& t) {
    ConditionAstOperand o;
    o.offset = t.offset;
    o.text = t.text;
    switch (t.kind) {
      case K::kString:
        o.kind = ConditionAstOperand::Kind::kString;
        break;
      case K::kNumber:
        o.kind = ConditionAstOperand::Kind::kNumber;
        o.number = t.number;
        break;
      case K::kTrue:
      case K::kFalse:
        o.kind = ConditionAstOperand::Kind::kBool;
        o.boolean = t.kind == K::kTrue;
        break;
      default:
        o.kind = ConditionAstOperand::Kind::kName;
        break;
    }
    return o;
  }

  bool List(const std::string& op_name, ConditionAstList& list) {
    const ConditionToken& t = Peek();
    list.offset = t.offset;
    if (t.kind == K::kName) {
      list.named = true;
      list.name = Take().text;
      return true;
    }
    if (t.kind != K::kLeftParen) {
      Fail(t, "found " + Describe(t) + ", expected a list after " + op_name +
                  ": values in parentheses such as ('a', 'b'), or a list name");
      return false;
    }
    const ConditionToken& open = Take();
    while (true) {
      const ConditionToken& item = Peek();
      if (item.kind == K::kRightParen && list.items.empty()) {
        Fail(item, "found ')', expected at least one value in the list");
        return false;
      }
      if (item.kind != K::kString && item.kind != K::kNumber) {
        Fail(item,
             "found " + Describe(item) + ", expected a quoted string or a number in the list");
        return false;
      }
      list.items.push_back(OperandFrom(Take()));
      const ConditionToken& sep = Peek();
      if (sep.kind == K::kRightParen) {
        Take();
        return true;
      }
      if (sep.kind != K::kComma) {
        Fail(sep, "found " + Describe(sep) + ", expected ',' or ')' in the list opened at " +
                      Position(open));
        return false;
      }
      Take();
    }
  }

  std::string_view text_;
  std::vector<ConditionToken> tokens_;
  size_t pos_ = 0;
  Status error_;
};

}  // namespace

Result<std::unique_ptr<ConditionAst>> ParseCondition(std::string_view text) {
  auto tokens = TokenizeCondition(text);
  if (!tokens.ok()) return tokens.status();
  return Parser(text, std::move(tokens.value())).Run();
}

}  // namespace phi
