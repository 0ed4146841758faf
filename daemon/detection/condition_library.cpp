#include "daemon/detection/condition_library.hpp"

#include <utility>

#include "daemon/detection/condition_compiler.hpp"
#include "daemon/detection/condition_lexer.hpp"
#include "daemon/detection/condition_tree.hpp"

namespace phi {

struct ConditionLibrary::Tables {
  std::map<std::string, ConditionList, std::less<>> lists;
  std::map<std::string, CompiledCondition, std::less<>> macros;
};

namespace {

// Compiles macros depth first, each after the macros it uses, and reports a cycle where it
// closes. A macro that fails because a macro it uses failed reports nothing more: the first
// error is the useful one.
class MacroBuilder final : public ConditionNames {
 public:
  MacroBuilder(const std::map<std::string, ConditionList, std::less<>>& lists,
               std::map<std::string, CompiledCondition, std::less<>>& compiled,
               std::vector<std::string>& errors)
      : lists_(lists), compiled_(compiled), errors_(errors) {}

  void Add(const std::string& name, const std::string& text) {
    macros_.emplace(name, Macro{text, State::kPending});
  }

  void CompileAll() {
    for (auto& [name, macro] : macros_) {
      if (macro.state == State::kPending) Compile(name, macro);
    }
  }

  const ConditionList* FindList(std::string_view name) const override {
    auto it = lists_.find(name);
    return it == lists_.end() ? nullptr : &it->second;
  }
  bool IsMacro(std::string_view name) const override { return macros_.count(name) != 0; }

  Result<const CompiledCondition*> ResolveMacro(std::string_view name) override {
    auto it = macros_.find(name);
    Macro& macro = it->second;
    if (macro.state == State::kPending) Compile(it->first, macro);
    switch (macro.state) {
      case State::kDone:
        return &compiled_.find(name)->second;
      case State::kCompiling: {
        std::string path;
        size_t start = 0;
        while (stack_[start] != name) ++start;
        for (size_t i = start; i < stack_.size(); ++i) path += stack_[i] + " -> ";
        return Status::Invalid("'" + it->first + "' makes a cycle: " + path + it->first);
      }
      default:
        dependency_failed_ = true;
        return Status::Invalid("macro '" + it->first + "' has errors");
    }
  }

  std::vector<std::string_view> ListNames() const override {
    std::vector<std::string_view> names;
    for (const auto& [name, list] : lists_) names.push_back(name);
    return names;
  }
  std::vector<std::string_view> MacroNames() const override {
    std::vector<std::string_view> names;
    for (const auto& [name, macro] : macros_) names.push_back(name);
    return names;
  }

 private:
  enum class State : uint8_t { kPending, kCompiling, kDone, kFailed };
  struct Macro {
    std::string text;
    State state;
  };

  void Compile(const std::string& name, Macro& macro) {
    macro.state = State::kCompiling;
    stack_.push_back(name);
    bool outer_dependency_failed = dependency_failed_;
    dependency_failed_ = false;
    auto result = CompileConditionWithNames(macro.text, *this);
    if (result.ok()) {
      compiled_.emplace(name, std::move(result.value()));
      macro.state = State::kDone;
    } else {
      macro.state = State::kFailed;
      if (!dependency_failed_) {
        errors_.push_back("macro '" + name + "': " + result.status().message());
      }
    }
    stack_.pop_back();
    dependency_failed_ = outer_dependency_failed;
  }

  const std::map<std::string, ConditionList, std::less<>>& lists_;
  std::map<std::string, CompiledCondition, std::less<>>& compiled_;
  std::vector<std::string>& errors_;
  std::map<std::string, Macro, std::less<>> macros_;
  std::vector<std::string> stack_;  // macros being compiled, outermost first
  bool dependency_failed_ = false;
};

// Why `name` cannot name a list or macro, or "".
std::string NameProblem(const std::string& name) {
  if (!IsConditionName(name)) {
    return "not a valid name (expected a letter or '_', then letters, digits, '_' or '.')";
  }
  if (IsConditionKeyword(name) || !KeywordInOtherCase(name).empty()) {
    return "'" + name + "' is a keyword of the condition language";
  }
  if (FindEventField(name)) return "'" + name + "' is already a field";
  return "";
}

}  // namespace

ConditionLibrary::ConditionLibrary() {
  static const auto kEmpty = std::make_shared<const Tables>();
  tables_ = kEmpty;
}

Result<ConditionLibrary> ConditionLibrary::Build(
    const std::map<std::string, std::vector<std::string>>& lists,
    const std::map<std::string, std::string>& macros) {
  auto tables = std::make_shared<Tables>();
  std::vector<std::string> errors;
  for (const auto& [name, values] : lists) {
    std::string problem = NameProblem(name);
    if (problem.empty() && macros.count(name)) problem = "also defined as a macro";
    if (!problem.empty()) {
      errors.push_back("list '" + name + "': " + problem);
      continue;
    }
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].empty()) {
        errors.push_back("list '" + name + "': value " + std::to_string(i + 1) +
                         " is empty (an empty value never matches)");
      }
    }
    tables->lists.emplace(name, ConditionList{values, std::make_shared<const TextSet>(values)});
  }
  MacroBuilder builder(tables->lists, tables->macros, errors);
  for (const auto& [name, text] : macros) {
    std::string problem = NameProblem(name);
    if (!problem.empty()) {
      errors.push_back("macro '" + name + "': " + problem);
      continue;
    }
    builder.Add(name, text);
  }
  builder.CompileAll();
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) message += (message.empty() ? "" : "\n") + e;
    return Status::Invalid(message);
  }
  ConditionLibrary library;
  library.tables_ = std::move(tables);
  return library;
}

const ConditionList* ConditionLibrary::FindList(std::string_view name) const {
  auto it = tables_->lists.find(name);
  return it == tables_->lists.end() ? nullptr : &it->second;
}

const CompiledCondition* ConditionLibrary::FindMacro(std::string_view name) const {
  auto it = tables_->macros.find(name);
  return it == tables_->macros.end() ? nullptr : &it->second;
}

std::vector<std::string_view> ConditionLibrary::ListNames() const {
  std::vector<std::string_view> names;
  for (const auto& [name, list] : tables_->lists) names.push_back(name);
  return names;
}

std::vector<std::string_view> ConditionLibrary::MacroNames() const {
  std::vector<std::string_view> names;
  for (const auto& [name, macro] : tables_->macros) names.push_back(name);
  return names;
}

}  // namespace phi
