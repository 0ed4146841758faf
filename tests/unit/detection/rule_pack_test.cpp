// Runs every test case that the shipped rule files carry (rules/*.yaml `tests:`), so a rule
// change that breaks its own examples fails `make test`.
#include <gtest/gtest.h>

#include "daemon/app/rule_test_cases.hpp"
#include "daemon/detection/rule_loader.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

TEST(RulePack, LoadsWithoutErrors) {
  RuleLoadResult loaded = LoadRuleDirectory(testing::SourcePath("rules").string());
  for (const auto& e : loaded.errors) ADD_FAILURE() << e;
  ASSERT_TRUE(loaded.rules);
  EXPECT_GE(loaded.rules->rules.size(), 15u);
}

TEST(RulePack, EveryShippedTestCasePasses) {
  auto outcomes = RunRuleTestCases(testing::SourcePath("rules").string(), DetectionSettings());
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  EXPECT_GE(outcomes.value().size(), 10u);
  for (const auto& o : outcomes.value()) {
    for (const auto& f : o.failures) ADD_FAILURE() << o.file << ": " << o.name << ": " << f;
  }
}

}  // namespace
}  // namespace phi
