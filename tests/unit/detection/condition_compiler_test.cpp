#include "daemon/detection/condition_compiler.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "daemon/detection/detection_settings.hpp"
#include "daemon/detection/event_view.hpp"

namespace phi {
namespace {

// 2024-03-05 14:30:00 UTC, a Tuesday.
constexpr TimeMicros kTuesdayAfternoon = 1709649000LL * kMicrosPerSecond;

Event SampleEvent() {
  Event e;
  e.ts = kTuesdayAfternoon;
  e.user = "alice";
  e.action = "view";
  e.patient = "MRN001";
  e.record_type = "note";
  e.record_count = 12;
  e.workstation = "ws-alice";
  e.client_ip = "10.1.2.3";
  e.statement = "SELECT * FROM Patients WHERE mrn = 'MRN001'";
  return e;
}

class ConditionCompilerTest : public ::testing::Test {
 protected:
  // Compiles against an empty library and evaluates on `event` without context.
  bool Eval(std::string_view text) {
    auto c = CompileCondition(text, library_);
    EXPECT_TRUE(c.ok()) << text << ": " << c.status().message();
    if (!c.ok()) return false;
    EventView view(event_, nullptr, settings_);
    return c->Evaluate(view);
  }
  std::string Error(std::string_view text) {
    auto c = CompileCondition(text, library_);
    return c.ok() ? "(compiled)" : c.status().message();
  }
  std::vector<std::string_view> Fields(std::string_view text) {
    auto c = CompileCondition(text, library_);
    EXPECT_TRUE(c.ok()) << c.status().message();
    std::vector<std::string_view> names;
    if (c.ok()) {
      for (const FieldDef* f : c->fields()) names.push_back(f->name);
    }
    return names;
  }

  Event event_ = SampleEvent();
  DetectionSettings settings_;
  ConditionLibrary library_;
};

TEST_F(ConditionCompilerTest, EqualityAndOrder) {
  EXPECT_TRUE(Eval("user == 'alice'"));
  EXPECT_FALSE(Eval("user == 'Alice'"));  // exact, case-sensitive
  EXPECT_TRUE(Eval("user != 'bob'"));
  EXPECT_FALSE(Eval("user != \"alice\""));
  EXPECT_TRUE(Eval("'alice' == user"));
  EXPECT_TRUE(Eval("record_count == 12"));
  EXPECT_TRUE(Eval("record_count != 13"));
  EXPECT_TRUE(Eval("record_count < 13 and record_count <= 12"));
  EXPECT_FALSE(Eval("record_count < 12"));
  EXPECT_TRUE(Eval("record_count > 11 and record_count >= 12"));
  EXPECT_FALSE(Eval("record_count > 12"));
  EXPECT_TRUE(Eval("record_count > -1"));
  EXPECT_TRUE(Eval("hour == 14 and weekday == 1"));
  EXPECT_TRUE(Eval("hour >= 8 and hour < 18"));
}

TEST_F(ConditionCompilerTest, BooleansAndLogic) {
  EXPECT_TRUE(Eval("true"));
  EXPECT_FALSE(Eval("false"));
  EXPECT_TRUE(Eval("not false"));
  EXPECT_TRUE(Eval("false or true"));
  EXPECT_FALSE(Eval("true and false"));
  EXPECT_TRUE(Eval("user == 'x' or (action == 'view' and not record_count > 100)"));
  // A bool field alone is a condition; without context these facts are false.
  EXPECT_FALSE(Eval("patient.vip"));
  EXPECT_TRUE(Eval("not care_relationship"));
  EXPECT_TRUE(Eval("patient.vip == false"));
  EXPECT_TRUE(Eval("patient.vip != true"));
  EXPECT_TRUE(Eval("patient.vip exists"));  // a bool field is always present
}

TEST_F(ConditionCompilerTest, TextOperators) {
  EXPECT_TRUE(Eval("statement contains 'FROM Patients'"));
  EXPECT_FALSE(Eval("statement contains 'from patients'"));
  EXPECT_TRUE(Eval("statement icontains 'from patients'"));
  EXPECT_TRUE(Eval("statement icontains 'MRN = '"));
  EXPECT_FALSE(Eval("statement icontains 'drop table'"));
  EXPECT_TRUE(Eval("user startswith 'ali'"));
  EXPECT_FALSE(Eval("user startswith 'Ali'"));
  EXPECT_TRUE(Eval("user endswith 'ice'"));
  EXPECT_FALSE(Eval("user endswith 'alice2'"));
}

TEST_F(ConditionCompilerTest, FieldAgainstField) {
  EXPECT_TRUE(Eval("workstation endswith user"));
  EXPECT_TRUE(Eval("workstation contains user"));
  EXPECT_FALSE(Eval("workstation startswith user"));
  EXPECT_FALSE(Eval("user == workstation"));
  EXPECT_TRUE(Eval("user != workstation"));
  EXPECT_TRUE(Eval("hour > record_count"));
}

TEST_F(ConditionCompilerTest, InLists) {
  EXPECT_TRUE(Eval("action in ('view', 'print')"));
  EXPECT_FALSE(Eval("action in ('export', 'print')"));
  EXPECT_TRUE(Eval("action not in ('export', 'print')"));
  EXPECT_FALSE(Eval("action not in ('view')"));
  EXPECT_TRUE(Eval("record_count in (1, 12, 100)"));
  EXPECT_TRUE(Eval("record_count not in (1, 2)"));
  EXPECT_TRUE(Eval("weekday in (0, 1, 2, 3, 4)"));
  // A long list is hashed rather than scanned; the answer is the same.
  EXPECT_TRUE(Eval("user in ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'alice')"));
  EXPECT_FALSE(Eval("user in ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'alic')"));
}

TEST_F(ConditionCompilerTest, MissingValuesMakeComparisonsFalseExceptNotEqualAndNotIn) {
  event_.patient.clear();
  event_.client_ip.clear();
  EXPECT_FALSE(Eval("patient == 'MRN001'"));
  EXPECT_TRUE(Eval("patient != 'MRN001'"));
  EXPECT_FALSE(Eval("patient in ('MRN001')"));
  EXPECT_TRUE(Eval("patient not in ('MRN001')"));
  EXPECT_FALSE(Eval("patient contains 'M'"));
  EXPECT_FALSE(Eval("patient icontains 'm'"));
  EXPECT_FALSE(Eval("patient startswith 'M'"));
  EXPECT_FALSE(Eval("patient endswith '1'"));
  EXPECT_FALSE(Eval("patient matches '.*'"));
  EXPECT_FALSE(Eval("client_ip in_cidr ('0.0.0.0/0', '::/0')"));
  EXPECT_FALSE(Eval("patient exists"));
  EXPECT_TRUE(Eval("not patient exists"));
  EXPECT_TRUE(Eval("not patient == 'MRN001'"));
  // Missing numbers (no context: no termination date) and missing right-hand fields.
  EXPECT_FALSE(Eval("user.days_since_termination > 0"));
  EXPECT_FALSE(Eval("user.days_since_termination <= 0"));
  EXPECT_FALSE(Eval("user.days_since_termination == 0"));
  EXPECT_TRUE(Eval("user.days_since_termination != 0"));
  EXPECT_FALSE(Eval("user.days_since_termination exists"));
  EXPECT_FALSE(Eval("user == patient.employee_user_id"));
  EXPECT_TRUE(Eval("user != patient.employee_user_id"));
  EXPECT_FALSE(Eval("user contains patient"));
  EXPECT_FALSE(Eval("user.department == department"));  // both missing: still not equal
}

TEST_F(ConditionCompilerTest, RegularExpressionsArePartialMatchesCompiledOnce) {
  EXPECT_TRUE(Eval("statement matches 'FROM\\s+Patients'"));
  EXPECT_TRUE(Eval("statement matches '(?i)from patients'"));
  EXPECT_FALSE(Eval("statement matches '^FROM'"));
  EXPECT_TRUE(Eval("user matches '^al.*e$'"));
  EXPECT_TRUE(Eval("patient matches 'MRN[0-9]{3}'"));
  EXPECT_EQ(Error("user matches '('"), "column 14: invalid regular expression: missing ): (");
  EXPECT_EQ(Error("record_count matches '1'"),
            "column 14: 'matches' needs text but "
            "'record_count' is a number");
}

TEST_F(ConditionCompilerTest, CidrBlocksV4AndV6) {
  EXPECT_TRUE(Eval("client_ip in_cidr ('10.0.0.0/8')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('192.168.0.0/16', '10.1.2.0/24')"));
  EXPECT_FALSE(Eval("client_ip in_cidr ('192.168.0.0/16', '10.1.3.0/24')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('10.1.2.3')"));  // one address is a /32
  EXPECT_FALSE(Eval("client_ip in_cidr ('10.1.2.4')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('0.0.0.0/0')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('10.200.0.1/8')"));  // host bits ignored
  EXPECT_FALSE(Eval("client_ip in_cidr ('fd00::/8')"));     // v4 address, v6 block
  EXPECT_TRUE(Eval("not client_ip in_cidr ('172.16.0.0/12')"));

  event_.client_ip = "fd12:3456::1";
  EXPECT_TRUE(Eval("client_ip in_cidr ('fd00::/8')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('fd12:3456::/32')"));
  EXPECT_FALSE(Eval("client_ip in_cidr ('fd12:3457::/32', '10.0.0.0/8')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('fd12:3456::1/128')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('fd12:3456::/80')"));  // prefix beyond 64 bits
  EXPECT_FALSE(Eval("client_ip in_cidr ('fd12:3456:0:0:1::/80')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('::/0')"));

  event_.client_ip = "::ffff:10.1.2.3";  // IPv4-mapped: looked up as IPv4
  EXPECT_TRUE(Eval("client_ip in_cidr ('10.0.0.0/8')"));
  EXPECT_TRUE(Eval("client_ip in_cidr ('::ffff:10.0.0.0/104')"));

  event_.client_ip = "workstation-7";  // not an IP: false, never an error
  EXPECT_FALSE(Eval("client_ip in_cidr ('0.0.0.0/0', '::/0')"));
  event_.client_ip = "10.1.2.3:5432";
  EXPECT_FALSE(Eval("client_ip in_cidr ('0.0.0.0/0')"));

  EXPECT_EQ(Error("client_ip in_cidr ('10.0.0.0/33')"),
            "column 20: '10.0.0.0/33' is not an IP address or CIDR block (expected a CIDR block "
            "such as '10.0.0.0/8' or 'fd00::/8')");
  EXPECT_EQ(Error("client_ip in_cidr ('clinic')").substr(0, 46),
            "column 20: 'clinic' is not an IP address or CI");
  EXPECT_EQ(Error("client_ip in_cidr (10)").substr(0, 42),
            "column 20: 10 is not an IP address or "
            "CIDR");
  EXPECT_EQ(Error("hour in_cidr ('10.0.0.0/8')"),
            "column 6: 'in_cidr' needs text (an IP address) but 'hour' is a number");
}

TEST_F(ConditionCompilerTest, TypeErrorsAtCompileTime) {
  EXPECT_EQ(Error("user < 5"), "column 6: '<' needs numbers but 'user' is text");
  EXPECT_EQ(Error("5 >= user"), "column 3: '>=' needs numbers but 'user' is text");
  EXPECT_EQ(Error("patient.vip > 1"),
            "column 13: '>' needs numbers but 'patient.vip' is true or "
            "false");
  EXPECT_EQ(Error("record_count == '5'"),
            "column 14: '==' compares values of one type, but 'record_count' is a number and '5' "
            "is text (write 5 without quotes)");
  EXPECT_EQ(Error("patient == 12345"),
            "column 9: '==' compares values of one type, but 'patient' is text and 12345 is a "
            "number (quote it: '12345')");
  EXPECT_EQ(Error("patient.vip == 'true'"),
            "column 13: '==' compares values of one type, but 'patient.vip' is true or false and "
            "'true' is text (write true without quotes)");
  EXPECT_EQ(Error("user != hour"),
            "column 6: '!=' compares values of one type, but 'user' is text and 'hour' is a "
            "number");
  EXPECT_EQ(Error("record_count contains '1'"),
            "column 14: 'contains' needs text but 'record_count' is a number");
  EXPECT_EQ(Error("user icontains 1"), "column 6: 'icontains' needs text but 1 is a number");
  EXPECT_EQ(Error("record_count in ('a')"),
            "column 18: list value 'a' is text but 'record_count' is a number");
  EXPECT_EQ(Error("user in ('a', 7)"),
            "column 15: list value 7 is a number but 'user' is text (quote it: '7')");
  EXPECT_EQ(Error("patient.vip not in ('a')"),
            "column 13: 'not in' needs text or numbers but 'patient.vip' is true or false");
  EXPECT_EQ(Error("user"),
            "column 1: 'user' is text, not a condition; expected a comparison such as 'user "
            "exists' or 'user == ...'");
  EXPECT_EQ(Error("hour and true"),
            "column 1: 'hour' is a number, not a condition; expected a comparison such as 'hour "
            "exists' or 'hour == ...'");
  EXPECT_EQ(Error("'x' exists"), "column 1: 'exists' needs a field, found 'x'");
  EXPECT_EQ(Error("user == ''"),
            "column 9: found '', which never matches: an empty field is a missing value (expected "
            "a non-empty string; test presence with 'exists')");
}

TEST_F(ConditionCompilerTest, UnknownNamesSuggestTheClosest) {
  EXPECT_EQ(Error("user == 'a' and patient.vipp"),
            "column 17: unknown field 'patient.vipp' (did you mean 'patient.vip'?)");
  EXPECT_EQ(Error("usr == 'a'"), "column 1: unknown field 'usr' (did you mean 'user'?)");
  // No close name: the fields that share the prefix (the table grows, so only the start).
  EXPECT_TRUE(Error("user.dept == 'ER'")
                  .starts_with("column 1: unknown field 'user.dept' (known: user.known, "
                               "user.department, user.role, "))
      << Error("user.dept == 'ER'");
  EXPECT_EQ(Error("frobnicate"), "column 1: unknown field or macro 'frobnicate'");
  EXPECT_EQ(Error("user in admins"), "column 9: unknown list 'admins'");
  EXPECT_EQ(Error("user in patient"),
            "column 9: 'patient' is a field, expected a list after 'in': values in parentheses or "
            "a list name");
  EXPECT_EQ(Error("NOT patient.vip"),
            "column 1: found 'NOT', expected 'not' (keywords are lower case)");
}

TEST_F(ConditionCompilerTest, FieldsAreListedOnceInFirstUseOrder) {
  EXPECT_EQ(Fields("user == 'a' and (patient.vip or user != 'b') and hour > 3"),
            (std::vector<std::string_view>{"user", "patient.vip", "hour"}));
  EXPECT_EQ(Fields("workstation endswith user and record_count in (1) and client_ip in_cidr "
                   "('10.0.0.0/8') and statement matches 'x' and patient exists"),
            (std::vector<std::string_view>{"workstation", "user", "record_count", "client_ip",
                                           "statement", "patient"}));
  EXPECT_TRUE(Fields("true or not false").empty());
}

TEST_F(ConditionCompilerTest, CompiledConditionsAreCheapValues) {
  auto compiled = CompileCondition("user == 'alice' and action in ('view')", library_);
  ASSERT_TRUE(compiled.ok());
  CompiledCondition copy = compiled.value();
  EXPECT_EQ(copy.tree().get(), compiled->tree().get());  // copies share the tree
  EXPECT_EQ(copy.text(), "user == 'alice' and action in ('view')");
  compiled = CompileCondition("false", library_);  // the copy keeps its tree alive
  EventView view(event_, nullptr, settings_);
  EXPECT_TRUE(copy.Evaluate(view));

  CompiledCondition empty;
  EXPECT_FALSE(empty.Evaluate(view));
  EXPECT_TRUE(empty.text().empty());
  EXPECT_TRUE(empty.fields().empty());
}

TEST_F(ConditionCompilerTest, EvaluatesFromSeveralThreadsAtOnce) {
  auto compiled = CompileCondition(
      "user startswith 'user' and record_count > 5 and action in ('view', 'print') and "
      "statement matches '[0-9]+$' and client_ip in_cidr ('10.0.0.0/8')",
      library_);
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const CompiledCondition condition = compiled.value();
  std::vector<int> matches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      DetectionSettings settings;
      for (int i = 0; i < 2000; ++i) {
        Event e = SampleEvent();
        e.user = "user" + std::to_string(i);
        e.record_count = i % 10;  // 6..9 match: 4 in 10
        e.statement = "id " + std::to_string(i);
        EventView view(e, nullptr, settings);
        if (condition.Evaluate(view)) ++matches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : matches) EXPECT_EQ(m, 800);
}

}  // namespace
}  // namespace phi
