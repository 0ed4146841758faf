// Rule conditions: a small Falco-like expression language over the field table
// (event_fields.hpp), compiled once into a typed evaluation tree (condition_tree.hpp) so that
// evaluating a condition per event parses nothing and allocates nothing.
//
//   expr       := or        or := and ('or' and)*        and := not ('and' not)*
//   not        := 'not' not | primary
//   primary    := '(' expr ')' | comparison | bool_field | macro_name | 'true' | 'false'
//   comparison := operand ('==' | '!=' | '<' | '<=' | '>' | '>=') operand
//               | operand ['not'] 'in' list            list := '(' literal (',' literal)* ')'
//               | operand 'in_cidr' list                        | list_name
//               | operand ('contains' | 'icontains' | 'startswith' | 'endswith') operand
//               | operand 'matches' 'regex'            (RE2, partial match)
//               | field 'exists'
//   operand    := field | 'string' | "string" | integer | true | false
//
// Keywords are lower case. Types are checked at compile time from FieldDef::kind: `<` needs
// numbers, `contains` text, `==` the same type on both sides. A missing value (an empty field,
// no patient, no context) makes every comparison false except `!=` and `not in`, which are true;
// `exists` is false for it. Strings compare exactly; `icontains` ignores ASCII case.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/common/status.hpp"
#include "daemon/detection/condition_library.hpp"
#include "daemon/detection/event_fields.hpp"

namespace phi {

struct ConditionNode;

// A compiled condition. Copies share one immutable tree (copying costs a reference count), and
// Evaluate may run on several threads at once. A default-constructed condition has no text and
// matches nothing.
class CompiledCondition {
 public:
  CompiledCondition() = default;
  // What the compiler builds; REQUIRES: `fields` lists every field `tree` reads.
  CompiledCondition(std::string text, std::shared_ptr<const ConditionNode> tree,
                    std::vector<const FieldDef*> fields);

  bool Evaluate(EventView& view) const;
  // Every field the condition reads, through macros too, each once, in order of first use: what
  // alert explanations record and `rules check` lists.
  const std::vector<const FieldDef*>& fields() const;
  std::string_view text() const;
  // The evaluation tree, which conditions using this one as a macro share.
  const std::shared_ptr<const ConditionNode>& tree() const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

// Compiles `text` against the field table and the library's lists and macros. Errors are
// Status::Invalid("column N: what was found, what was expected"), e.g.
//   column 12: unknown field 'patient.vipp' (did you mean 'patient.vip'?)
//   column 6: '<' needs numbers but 'user' is text
Result<CompiledCondition> CompileCondition(std::string_view text, const ConditionLibrary& library);

// The names a condition may use besides fields. ConditionLibrary answers from its tables;
// ConditionLibrary::Build answers while it compiles macros in dependency order.
class ConditionNames {
 public:
  virtual ~ConditionNames() = default;
  virtual const ConditionList* FindList(std::string_view name) const = 0;
  virtual bool IsMacro(std::string_view name) const = 0;
  // REQUIRES: IsMacro(name). The compiled macro, or why it cannot be used (a cycle).
  virtual Result<const CompiledCondition*> ResolveMacro(std::string_view name) = 0;
  virtual std::vector<std::string_view> ListNames() const = 0;
  virtual std::vector<std::string_view> MacroNames() const = 0;
};

Result<CompiledCondition> CompileConditionWithNames(std::string_view text, ConditionNames& names);

}  // namespace phi
