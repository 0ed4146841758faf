// The reviewers' exceptions file: what it adds, and what it refuses to write because the rule
// pack would not load with it (the daemon would not start).
#include "daemon/alerts/triage_exceptions.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "daemon/detection/rule_loader.hpp"
#include "tests/test_support.hpp"

namespace phi {
namespace {

class TriageExceptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "rules");
    testing::WriteFile(dir_ / "rules" / "r.yaml", R"(rules:
  - id: print-seen
    severity: low
    when: action == 'print'
    summary: "{user} printed"
)");
  }
  TriageExceptions Exceptions() const {
    return TriageExceptions(file_.string(), (dir_ / "rules").string());
  }

  testing::ScratchDir dir_;
  std::filesystem::path file_ = dir_ / "triage-exceptions.yaml";
};

TEST_F(TriageExceptionsTest, PairsAreAddedOnceAndTheRulesLoadWithThem) {
  auto added = Exceptions().Add("print-seen", "u1", "MRN1");
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added.value(),
            "exception added: rule print-seen no longer matches user u1 with patient MRN1 (" +
                file_.string() + ")");
  ASSERT_TRUE(Exceptions().Add("print-seen", "u2", "MRN2").ok());
  ASSERT_TRUE(Exceptions().Add("print-seen", "u1", "MRN1").ok());  // already there: no double
  std::string text = testing::ReadFile(file_);
  EXPECT_EQ(text.find("u1:MRN1"), text.rfind("u1:MRN1")) << text;
  EXPECT_NE(text.find("u2:MRN2"), std::string::npos) << text;
  RuleLoadResult loaded = LoadRuleDirectory((dir_ / "rules").string(), {file_.string()});
  ASSERT_TRUE(loaded.rules) << (loaded.errors.empty() ? "" : loaded.errors.front());
  EXPECT_EQ(loaded.rules->rules.front().exceptions.size(), 1u);
}

TEST_F(TriageExceptionsTest, WhatTheRulesCouldNotLoadWithIsNeverWritten) {
  ASSERT_TRUE(Exceptions().Add("print-seen", "u1", "MRN1").ok());
  const std::string before = testing::ReadFile(file_);
  // A rule the pack does not have (the sink_backlog alert, a renamed rule).
  auto unknown = Exceptions().Add("sink_backlog", "phi-auditd", "MRN1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("no exception added"), std::string::npos)
      << unknown.status().message();
  EXPECT_EQ(testing::ReadFile(file_), before);
  EXPECT_FALSE(std::filesystem::exists(file_.string() + ".candidate"));
  // No patient: a user-wide exception is the rule pack's allow-lists' business.
  auto user_wide = Exceptions().Add("print-seen", "u1", "");
  ASSERT_FALSE(user_wide.ok());
  EXPECT_NE(user_wide.status().message().find("one user and one patient"), std::string::npos);
  EXPECT_EQ(testing::ReadFile(file_), before);
}

}  // namespace
}  // namespace phi
