// Named lists and macros that rules share. A list is a set of values (`user in service_accounts`,
// `client_ip in_cidr clinic_networks`); a macro is a named condition (`after_hours`) that
// conditions and other macros use by name. Built once per rule set: every macro is compiled once
// and its tree shared by every condition that uses it. Immutable after Build, cheap to copy, safe
// to read from several threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"

namespace phi {

class CompiledCondition;
class TextSet;

struct ConditionList {
  std::vector<std::string> values;
  std::shared_ptr<const TextSet> texts;  // the values as `in` looks them up, built once
};

class ConditionLibrary {
 public:
  ConditionLibrary();  // no lists, no macros

  // Validates the names (not a field, not a keyword, not both a list and a macro) and the list
  // values, then compiles every macro, each after the macros it uses. Reports every error, one per
  // line, each naming its list or macro: "macro 'night': column 6: unknown field 'hours' (did you
  // mean 'hour'?)", "macro 'a': column 1: 'a' makes a cycle: a -> b -> a".
  static Result<ConditionLibrary> Build(
      const std::map<std::string, std::vector<std::string>>& lists,
      const std::map<std::string, std::string>& macros);

  // nullptr when there is no such list / macro.
  const ConditionList* FindList(std::string_view name) const;
  const CompiledCondition* FindMacro(std::string_view name) const;
  std::vector<std::string_view> ListNames() const;
  std::vector<std::string_view> MacroNames() const;

 private:
  struct Tables;
  std::shared_ptr<const Tables> tables_;
};

}  // namespace phi
