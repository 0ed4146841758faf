#include "daemon/detection/condition_lexer.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

using K = ConditionTokenKind;

std::vector<K> Kinds(std::string_view text) {
  auto tokens = TokenizeCondition(text);
  EXPECT_TRUE(tokens.ok()) << tokens.status().message();
  std::vector<K> kinds;
  if (tokens.ok()) {
    for (const auto& t : tokens.value()) kinds.push_back(t.kind);
  }
  return kinds;
}

std::string ErrorOf(std::string_view text) {
  auto tokens = TokenizeCondition(text);
  return tokens.ok() ? "(no error)" : tokens.status().message();
}

TEST(ConditionLexerTest, SplitsEveryKindOfToken) {
  EXPECT_EQ(Kinds("user == 'a' and record_count >= -5 or not x in ('b', \"c\")"),
            (std::vector<K>{K::kName, K::kEqual, K::kString, K::kAnd, K::kName, K::kGreaterEqual,
                            K::kNumber, K::kOr, K::kNot, K::kName, K::kIn, K::kLeftParen,
                            K::kString, K::kComma, K::kString, K::kRightParen, K::kEnd}));
  EXPECT_EQ(Kinds("a!=b<c<=d>e>=f"),
            (std::vector<K>{K::kName, K::kNotEqual, K::kName, K::kLess, K::kName, K::kLessEqual,
                            K::kName, K::kGreater, K::kName, K::kGreaterEqual, K::kName, K::kEnd}));
  EXPECT_EQ(Kinds("contains icontains startswith endswith matches in_cidr exists true false"),
            (std::vector<K>{K::kContains, K::kIContains, K::kStartsWith, K::kEndsWith, K::kMatches,
                            K::kInCidr, K::kExists, K::kTrue, K::kFalse, K::kEnd}));
}

TEST(ConditionLexerTest, KeywordsAreLowerCaseOnly) {
  EXPECT_EQ(ErrorOf("a Or b"), "column 3: found 'Or', expected 'or' (keywords are lower case)");
  EXPECT_EQ(ErrorOf("user IN ('a')"),
            "column 6: found 'IN', expected 'in' (keywords are lower case)");
  EXPECT_EQ(KeywordInOtherCase("AND"), "and");
  EXPECT_EQ(KeywordInOtherCase("and"), "");
  EXPECT_EQ(KeywordInOtherCase("user"), "");
}

TEST(ConditionLexerTest, KeepsOffsetsNamesAndNumbers) {
  auto tokens = TokenizeCondition("  patient.vip == -42");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens.value()[0].text, "patient.vip");
  EXPECT_EQ(tokens.value()[0].offset, 2u);
  EXPECT_EQ(tokens.value()[2].number, -42);
  EXPECT_EQ(tokens.value()[3].offset, 20u);  // kEnd at the end of the text
}

TEST(ConditionLexerTest, StringEscapesOnlyTheQuoteAndBackslash) {
  auto tokens = TokenizeCondition(R"('it\'s' "say \"hi\"" '\d+\.x' 'a\\b')");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens.value()[0].text, "it's");
  EXPECT_EQ(tokens.value()[1].text, "say \"hi\"");
  EXPECT_EQ(tokens.value()[2].text, R"(\d+\.x)");  // regexes need no double escaping
  EXPECT_EQ(tokens.value()[3].text, R"(a\b)");
}

TEST(ConditionLexerTest, ErrorsSayColumnFoundAndExpected) {
  EXPECT_EQ(ErrorOf("statement == 'abc"),
            "column 14: unterminated string, expected a closing ' before the end of the condition");
  EXPECT_EQ(ErrorOf("user = 'a'"), "column 6: found '=', expected '==' to compare");
  EXPECT_EQ(ErrorOf("a && b"), "column 3: found '&', expected the keyword 'and'");
  EXPECT_EQ(ErrorOf("a || b"), "column 3: found '|', expected the keyword 'or'");
  EXPECT_EQ(ErrorOf("!a"), "column 1: found '!', expected '!=' or the keyword 'not'");
  EXPECT_EQ(ErrorOf("client_ip == 10.0.0.1"),
            "column 14: found 10.0.0.1, expected a whole number (quote text: '10.0.0.1')");
  EXPECT_EQ(ErrorOf("record_count > 99999999999999999999"),
            "column 16: number 99999999999999999999 is out of range (expected a 64-bit integer)");
  EXPECT_EQ(ErrorOf("user == 'a' ; x"),
            "column 13: found ';', expected a field, a quoted string, a number, an operator or a "
            "parenthesis");
}

TEST(ConditionLexerTest, PositionsCountCharactersAndLines) {
  // 'é' is two bytes but one column.
  EXPECT_EQ(ErrorOf("user == 'é' = 1"), "column 13: found '=', expected '==' to compare");
  EXPECT_EQ(ErrorOf("user == 'a'\n  and x = 1"),
            "line 2, column 9: found '=', expected '==' to compare");
}

TEST(ConditionLexerTest, NamesAndKeywords) {
  EXPECT_TRUE(IsConditionName("after_hours"));
  EXPECT_TRUE(IsConditionName("user.department"));
  EXPECT_FALSE(IsConditionName("9lives"));
  EXPECT_FALSE(IsConditionName("bad name"));
  EXPECT_FALSE(IsConditionName(""));
  EXPECT_TRUE(IsConditionKeyword("in_cidr"));
  EXPECT_FALSE(IsConditionKeyword("user"));
}

}  // namespace
}  // namespace phi
