#include "daemon/detection/condition_parser.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

// A compact rendering of the syntax tree: (or a (and b c)), (not x), (== user 'a').
std::string Show(const ConditionAst& n) {
  auto operand = [](const ConditionAstOperand& o) {
    return o.kind == ConditionAstOperand::Kind::kString ? "'" + o.text + "'" : o.text;
  };
  switch (n.kind) {
    case ConditionAst::Kind::kOr:
    case ConditionAst::Kind::kAnd:
    case ConditionAst::Kind::kNot: {
      std::string s = n.kind == ConditionAst::Kind::kOr    ? "(or"
                      : n.kind == ConditionAst::Kind::kAnd ? "(and"
                                                           : "(not";
      for (const auto& c : n.children) s += " " + Show(*c);
      return s + ")";
    }
    case ConditionAst::Kind::kTrue:
      return "true";
    case ConditionAst::Kind::kFalse:
      return "false";
    case ConditionAst::Kind::kName:
      return n.name;
    case ConditionAst::Kind::kComparison: {
      std::string s = "(" + std::string(n.negated ? "not " : "") +
                      std::string(ConditionTokenSpelling(n.op)) + " " + operand(n.lhs);
      if (n.op == ConditionTokenKind::kIn || n.op == ConditionTokenKind::kInCidr) {
        if (n.list.named) return s + " " + n.list.name + ")";
        s += " [";
        for (size_t i = 0; i < n.list.items.size(); ++i) {
          s += (i ? " " : "") + operand(n.list.items[i]);
        }
        return s + "])";
      }
      if (n.op == ConditionTokenKind::kExists) return s + ")";
      return s + " " + operand(n.rhs) + ")";
    }
  }
  return "?";
}

std::string Parse(std::string_view text) {
  auto ast = ParseCondition(text);
  return ast.ok() ? Show(*ast.value()) : "error: " + ast.status().message();
}

TEST(ConditionParserTest, PrecedenceIsNotThenAndThenOr) {
  EXPECT_EQ(Parse("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(Parse("not a and b"), "(and (not a) b)");
  EXPECT_EQ(Parse("not not a"), "(not (not a))");
  EXPECT_EQ(Parse("(a or b) and c"), "(and (or a b) c)");
  EXPECT_EQ(Parse("a and b and c or d or e"), "(or (and a b c) d e)");
  EXPECT_EQ(Parse("((true)) or false"), "(or true false)");
}

TEST(ConditionParserTest, Comparisons) {
  EXPECT_EQ(Parse("user == 'a'"), "(== user 'a')");
  EXPECT_EQ(Parse("'a' != user"), "(!= 'a' user)");
  EXPECT_EQ(Parse("record_count>=-3"), "(>= record_count -3)");
  EXPECT_EQ(Parse("user == patient.employee_user_id"), "(== user patient.employee_user_id)");
  EXPECT_EQ(Parse("patient.vip == true"), "(== patient.vip true)");
  EXPECT_EQ(Parse("action in ('view', 'print')"), "(in action ['view' 'print'])");
  EXPECT_EQ(Parse("action not in (\"export\")"), "(not in action ['export'])");
  EXPECT_EQ(Parse("user in admins"), "(in user admins)");
  EXPECT_EQ(Parse("hour in (0, 1, 2)"), "(in hour [0 1 2])");
  EXPECT_EQ(Parse("client_ip in_cidr ('10.0.0.0/8')"), "(in_cidr client_ip ['10.0.0.0/8'])");
  EXPECT_EQ(Parse("statement icontains 'select'"), "(icontains statement 'select')");
  EXPECT_EQ(Parse("user startswith 'svc_' and user endswith '_bot'"),
            "(and (startswith user 'svc_') (endswith user '_bot'))");
  EXPECT_EQ(Parse("statement matches '^SELECT'"), "(matches statement '^SELECT')");
  EXPECT_EQ(Parse("patient exists and not user contains 'x'"),
            "(and (exists patient) (not (contains user 'x')))");
}

TEST(ConditionParserTest, ErrorsSayWhereWhatWasFoundAndWhatWasExpected) {
  EXPECT_EQ(Parse(""), "error: column 1: found an empty condition, expected a condition");
  EXPECT_EQ(Parse("(a and b"),
            "error: column 9: found the end of the condition, expected 'and', 'or' or ')' to "
            "close the '(' at column 1");
  EXPECT_EQ(Parse("a b"),
            "error: column 3: found 'b', expected 'and', 'or' or the end of the condition");
  EXPECT_EQ(Parse("a AND b"),
            "error: column 3: found 'AND', expected 'and' (keywords are lower case)");
  EXPECT_EQ(Parse("a)"), "error: column 2: found ')' without a matching '('");
  EXPECT_EQ(Parse("user =="),
            "error: column 8: found the end of the condition, expected a field, a quoted string "
            "or a number after '=='");
  EXPECT_EQ(Parse("user in ()"),
            "error: column 10: found ')', expected at least one value in the list");
  EXPECT_EQ(Parse("user in ('a' 'b')"),
            "error: column 14: found the string 'b', expected ',' or ')' in the list opened at "
            "column 9");
  EXPECT_EQ(Parse("user in (patient)"),
            "error: column 10: found 'patient', expected a quoted string or a number in the list");
  EXPECT_EQ(Parse("user in 'a'"),
            "error: column 9: found the string 'a', expected a list after 'in': values in "
            "parentheses such as ('a', 'b'), or a list name");
  EXPECT_EQ(Parse("'abc'"),
            "error: column 6: found the end of the condition after the string 'abc', expected a "
            "comparison operator such as '==' or 'in'");
  EXPECT_EQ(Parse("user not 'x'"),
            "error: column 10: found the string 'x' after 'not', expected 'in' (as in 'user not "
            "in (...)'); 'not' before a condition negates it");
  EXPECT_EQ(Parse("statement matches user"),
            "error: column 19: found 'user', expected a quoted regular expression after "
            "'matches'");
  EXPECT_EQ(Parse("a and or b"),
            "error: column 7: found 'or', expected a condition: a field, a macro, a comparison, "
            "'not', '(', true or false");
}

TEST(ConditionParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  deep += "a";
  deep += std::string(5000, ')');
  EXPECT_NE(Parse(deep).find("nested too deeply"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  EXPECT_NE(Parse(nots + "a").find("nested too deeply"), std::string::npos);
  std::string fine(50, '(');
  EXPECT_EQ(Parse(fine + "a" + std::string(50, ')')), "a");
}

}  // namespace
}  // namespace phi
