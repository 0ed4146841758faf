#include "daemon/detection/condition_library.hpp"

#include <gtest/gtest.h>

#include "daemon/detection/condition_compiler.hpp"
#include "daemon/detection/condition_tree.hpp"
#include "daemon/detection/detection_settings.hpp"
#include "daemon/detection/event_view.hpp"

namespace phi {
namespace {

using Lists = std::map<std::string, std::vector<std::string>>;
using Macros = std::map<std::string, std::string>;

class ConditionLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    event_.ts = 1709649000LL * kMicrosPerSecond;  // Tuesday 14:30 UTC
    event_.user = "svc_backup";
    event_.action = "export";
    event_.patient = "MRN9";
    event_.record_count = 5000;
    event_.client_ip = "2001:db8::7";
  }

  ConditionLibrary Library(const Lists& lists, const Macros& macros) {
    auto library = ConditionLibrary::Build(lists, macros);
    EXPECT_TRUE(library.ok()) << library.status().message();
    return library.ok() ? library.value() : ConditionLibrary();
  }
  std::string BuildError(const Lists& lists, const Macros& macros) {
    auto library = ConditionLibrary::Build(lists, macros);
    return library.ok() ? "(built)" : library.status().message();
  }
  bool Eval(std::string_view text, const ConditionLibrary& library) {
    auto c = CompileCondition(text, library);
    EXPECT_TRUE(c.ok()) << text << ": " << c.status().message();
    if (!c.ok()) return false;
    EventView view(event_, nullptr, settings_);
    return c->Evaluate(view);
  }
  std::string Error(std::string_view text, const ConditionLibrary& library) {
    auto c = CompileCondition(text, library);
    return c.ok() ? "(compiled)" : c.status().message();
  }

  Event event_;
  DetectionSettings settings_;
};

TEST_F(ConditionLibraryTest, NamedListsOfTextNumbersAndNetworks) {
  ConditionLibrary lib = Library({{"service_accounts", {"svc_backup", "svc_etl"}},
                                  {"bulk_sizes", {"1000", "5000"}},
                                  {"clinic_networks", {"10.0.0.0/8", "2001:db8::/32"}}},
                                 {});
  EXPECT_TRUE(Eval("user in service_accounts", lib));
  EXPECT_FALSE(Eval("user not in service_accounts", lib));
  EXPECT_TRUE(Eval("action not in service_accounts", lib));
  EXPECT_TRUE(Eval("record_count in bulk_sizes", lib));
  EXPECT_TRUE(Eval("client_ip in_cidr clinic_networks", lib));
  event_.client_ip = "192.0.2.1";
  EXPECT_FALSE(Eval("client_ip in_cidr clinic_networks", lib));

  EXPECT_EQ(Error("hour in service_accounts", lib),
            "column 9: list 'service_accounts' has the value 'svc_backup', which is not a whole "
            "number, but 'hour' is a number");
  EXPECT_EQ(Error("client_ip in_cidr service_accounts", lib),
            "column 19: list 'service_accounts' has the value 'svc_backup', which is not an IP "
            "address or CIDR block (expected a CIDR block such as '10.0.0.0/8' or 'fd00::/8')");
  EXPECT_EQ(Error("user in service_acounts", lib),
            "column 9: unknown list 'service_acounts' (did you mean 'service_accounts'?)");
  EXPECT_EQ(Error("service_accounts", lib),
            "column 1: 'service_accounts' is a list, not a condition; expected a comparison such "
            "as 'user in service_accounts'");
  EXPECT_EQ(Error("user == service_accounts", lib),
            "column 9: 'service_accounts' is a list, expected a field (a list goes after 'in')");
}

TEST_F(ConditionLibraryTest, ListsBuildOneSharedSet) {
  ConditionLibrary lib = Library({{"admins", {"root", "svc_backup"}}}, {});
  const ConditionList* admins = lib.FindList("admins");
  ASSERT_NE(admins, nullptr);
  EXPECT_EQ(admins->values, (std::vector<std::string>{"root", "svc_backup"}));
  EXPECT_EQ(lib.FindList("nope"), nullptr);
  EXPECT_EQ(lib.ListNames(), (std::vector<std::string_view>{"admins"}));
}

TEST_F(ConditionLibraryTest, MacrosNestAndUseLists) {
  ConditionLibrary lib = Library({{"service_accounts", {"svc_backup"}}},
                                 {{"service_account", "user in service_accounts"},
                                  {"bulk", "record_count >= 1000"},
                                  {"bulk_export", "action == 'export' and bulk"},
                                  {"suspicious_export", "bulk_export and not service_account"}});
  EXPECT_TRUE(Eval("bulk_export", lib));
  EXPECT_FALSE(Eval("suspicious_export", lib));
  event_.user = "mallory";
  EXPECT_TRUE(Eval("suspicious_export", lib));
  EXPECT_TRUE(Eval("suspicious_export and patient == 'MRN9'", lib));
  EXPECT_EQ(lib.MacroNames(), (std::vector<std::string_view>{
                                  "bulk", "bulk_export", "service_account", "suspicious_export"}));

  // Fields through macros, once each, in first-use order.
  auto c = CompileCondition("patient exists and suspicious_export and user != 'x'", lib);
  ASSERT_TRUE(c.ok());
  std::vector<std::string_view> names;
  for (const FieldDef* f : c->fields()) names.push_back(f->name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"patient", "action", "record_count", "user"}));
}

TEST_F(ConditionLibraryTest, MacrosAreCompiledOnceAndShared) {
  ConditionLibrary lib = Library({}, {{"after_hours", "hour < 7 or hour >= 19"},
                                      {"weekend", "weekday >= 5"},
                                      {"off_shift", "after_hours or weekend"}});
  const CompiledCondition* after_hours = lib.FindMacro("after_hours");
  ASSERT_NE(after_hours, nullptr);
  auto alone = CompileCondition("after_hours", lib);
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone->tree().get(), after_hours->tree().get());
  // off_shift's tree holds after_hours' tree itself, not a copy (inside the node that evaluates
  // a macro once per event).
  const CompiledCondition* off_shift = lib.FindMacro("off_shift");
  ASSERT_NE(off_shift, nullptr);
  const auto& reference = off_shift->tree()->children[0];
  EXPECT_EQ(reference->kind, ConditionNodeKind::kMacro);
  EXPECT_EQ(reference->children[0].get(), after_hours->tree().get());
  EXPECT_FALSE(Eval("off_shift", lib));
  event_.ts += 6 * 3600LL * kMicrosPerSecond;  // 20:30
  EXPECT_TRUE(Eval("off_shift", lib));
}

TEST_F(ConditionLibraryTest, AMacroIsEvaluatedOncePerEventAndAnewForTheNext) {
  ConditionLibrary lib = Library({}, {{"night", "hour < 7 or hour >= 19"}});
  auto at_night = CompileCondition("night and user exists", lib);
  auto by_day = CompileCondition("not night and user exists", lib);
  ASSERT_TRUE(at_night.ok() && by_day.ok());
  {
    EventView view(event_, nullptr, settings_);  // 14:30
    EXPECT_FALSE(at_night->Evaluate(view));
    EXPECT_TRUE(by_day->Evaluate(view));  // the remembered result, negated
    EXPECT_FALSE(at_night->Evaluate(view));
  }
  event_.ts += 6 * 3600LL * kMicrosPerSecond;  // 20:30: a new event, a new view
  EventView view(event_, nullptr, settings_);
  EXPECT_FALSE(by_day->Evaluate(view));
  EXPECT_TRUE(at_night->Evaluate(view));
}

TEST_F(ConditionLibraryTest, CyclesAreReportedOnce) {
  EXPECT_EQ(BuildError({}, {{"a", "b and user exists"}, {"b", "hour > 3 or a"}}),
            "macro 'b': column 13: 'a' makes a cycle: a -> b -> a");
  EXPECT_EQ(BuildError({}, {{"loop", "not loop"}}),
            "macro 'loop': column 5: 'loop' makes a cycle: loop -> loop");
  EXPECT_EQ(BuildError({}, {{"a", "b"}, {"b", "c"}, {"c", "a"}, {"d", "a or true"}}),
            "macro 'c': column 1: 'a' makes a cycle: a -> b -> c -> a");
}

TEST_F(ConditionLibraryTest, MacroErrorsNameTheMacroAndAreAllCollected) {
  EXPECT_EQ(BuildError({}, {{"night", "hours > 22"}}),
            "macro 'night': column 1: unknown field 'hours' (did you mean 'hour'?)");
  // A macro that fails only because a macro it uses failed adds no second error.
  EXPECT_EQ(BuildError({}, {{"broken", "user < 3"}, {"uses_broken", "broken and true"}}),
            "macro 'broken': column 6: '<' needs numbers but 'user' is text");
  EXPECT_EQ(BuildError({}, {{"one", "user =="}, {"two", "user in admins"}}),
            "macro 'one': column 8: found the end of the condition, expected a field, a quoted "
            "string or a number after '=='\n"
            "macro 'two': column 9: unknown list 'admins'");
  EXPECT_EQ(BuildError({}, {{"empty", ""}}),
            "macro 'empty': column 1: found an empty condition, expected a condition");
}

TEST_F(ConditionLibraryTest, NamesAreValidatedOnce) {
  EXPECT_EQ(BuildError({{"user", {"a"}}}, {}), "list 'user': 'user' is already a field");
  EXPECT_EQ(BuildError({}, {{"in", "true"}}),
            "macro 'in': 'in' is a keyword of the condition language");
  EXPECT_EQ(BuildError({{"OR", {"a"}}}, {}),
            "list 'OR': 'OR' is a keyword of the condition language");
  EXPECT_EQ(BuildError({{"bad name", {"a"}}}, {}),
            "list 'bad name': not a valid name (expected a letter or '_', then letters, digits, "
            "'_' or '.')");
  EXPECT_EQ(BuildError({{"dup", {"a"}}}, {{"dup", "true"}}), "list 'dup': also defined as a macro");
  EXPECT_EQ(BuildError({{"admins", {"root", ""}}}, {}),
            "list 'admins': value 2 is empty (an empty value never matches)");
}

TEST_F(ConditionLibraryTest, RuleConditionsSeeMacroNames) {
  ConditionLibrary lib = Library({}, {{"after_hours", "hour < 7 or hour >= 19"}});
  EXPECT_EQ(Error("afterhours and true", lib),
            "column 1: unknown macro 'afterhours' (did you mean 'after_hours'?)");
  EXPECT_EQ(Error("user == after_hours", lib),
            "column 9: 'after_hours' is a macro (a condition), expected a field");
  EXPECT_EQ(Error("user in after_hours", lib),
            "column 9: 'after_hours' is a macro, expected a list after 'in'");
}

}  // namespace
}  // namespace phi
