#include "daemon/detection/condition_compiler.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "daemon/detection/condition_parser.hpp"
#include "daemon/detection/condition_tree.hpp"

namespace phi {

struct CompiledCondition::Compiled {
  std::string text;
  std::shared_ptr<const ConditionNode> tree;
  std::vector<const FieldDef*> fields;
};

CompiledCondition::CompiledCondition(std::string text, std::shared_ptr<const ConditionNode> tree,
                                     std::vector<const FieldDef*> fields)
    : compiled_(std::make_shared<const Compiled>(
          Compiled{std::move(text), std::move(tree), std::move(fields)})) {}

bool CompiledCondition::Evaluate(EventView& view) const {
  return compiled_ && compiled_->tree->Evaluate(view);
}

const std::vector<const FieldDef*>& CompiledCondition::fields() const {
  static const std::vector<const FieldDef*> kNone;
  return compiled_ ? compiled_->fields : kNone;
}

std::string_view CompiledCondition::text() const {
  return compiled_ ? std::string_view(compiled_->text) : std::string_view();
}

const std::shared_ptr<const ConditionNode>& CompiledCondition::tree() const {
  static const std::shared_ptr<const ConditionNode> kNone;
  return compiled_ ? compiled_->tree : kNone;
}

namespace {

using AstKind = ConditionAst::Kind;
using OperandKind = ConditionAstOperand::Kind;
using NodeKind = ConditionNodeKind;
using Tok = ConditionTokenKind;
using NodePtr = std::shared_ptr<const ConditionNode>;

std::string_view KindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
      return "text";
    case FieldKind::kNumber:
      return "a number";
    case FieldKind::kBool:
      return "true or false";
  }
  return "?";
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The candidate closest to `name` within a few edits, or "".
std::string_view ClosestName(std::string_view name,
                             const std::vector<std::string_view>& candidates) {
  size_t limit = name.size() <= 4 ? 1 : (name.size() <= 10 ? 2 : 3);
  std::string_view best;
  size_t best_distance = limit + 1;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

// " (did you mean 'x'?)" for the closest candidate; otherwise, for a dotted name, the candidates
// that share its prefix; else "".
std::string Suggestion(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string_view best = ClosestName(name, candidates);
  if (!best.empty()) return " (did you mean '" + std::string(best) + "'?)";
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return "";
  std::string_view prefix = name.substr(0, dot + 1);
  std::string same;
  for (std::string_view c : candidates) {
    if (c.starts_with(prefix)) same += (same.empty() ? "" : ", ") + std::string(c);
  }
  return same.empty() ? "" : " (known: " + same + ")";
}

std::vector<std::string_view> FieldNames() {
  std::vector<std::string_view> names;
  for (const FieldDef& f : EventFields()) names.push_back(f.name);
  return names;
}

// A resolved operand: a field or a constant, with its type and how errors show it.
struct TypedOperand {
  const FieldDef* field = nullptr;
  FieldValue constant;
  std::string text;  // a constant string (the node stores its own copy)
  FieldKind kind = FieldKind::kString;
  std::string shown;  // 'user', 'abc', 42, true
  size_t offset = 0;
};

// Whether a condition reads a fact that compares the user with the patient through the context
// (names, addresses, contacts, a colleague's record): several look-ups and string comparisons
// each, the dearest fields there are.
bool ReadsPairFacts(const ConditionNode& node) {
  static constexpr std::string_view kPairFields[] = {"same_last_name", "same_address",
                                                     "user_is_contact", "same_department"};
  for (const ConditionOperand* operand : {&node.lhs, &node.rhs}) {
    if (operand->field && std::find(std::begin(kPairFields), std::end(kPairFields),
                                    operand->field->name) != std::end(kPairFields)) {
      return true;
    }
  }
  for (const auto& child : node.children) {
    if (ReadsPairFacts(*child)) return true;
  }
  return false;
}

// Turns the syntax tree into the evaluation tree, resolving names and checking types. Stops at
// the first error.
class Compiler {
 public:
  Compiler(std::string_view text, ConditionNames& names) : text_(text), names_(names) {}

  NodePtr Compile(const ConditionAst& ast) {
    switch (ast.kind) {
      case AstKind::kOr:
      case AstKind::kAnd:
      case AstKind::kNot: {
        auto node = std::make_shared<ConditionNode>();
        node->kind = ast.kind == AstKind::kOr    ? NodeKind::kOr
                     : ast.kind == AstKind::kAnd ? NodeKind::kAnd
                                                 : NodeKind::kNot;
        for (const auto& child : ast.children) {
          NodePtr compiled = Compile(*child);
          if (!compiled) return nullptr;
          node->children.push_back(std::move(compiled));
        }
        // The order of an `and` does not change its value (conditions have no side effects):
        // the cheaper parts go first and decide most events (most accesses are explained)
        // before any pair fact is looked up.
        if (node->kind == NodeKind::kAnd) {
          std::stable_partition(node->children.begin(), node->children.end(),
                                [](const NodePtr& c) { return !ReadsPairFacts(*c); });
        }
        return node;
      }
      case AstKind::kTrue:
      case AstKind::kFalse: {
        auto node = std::make_shared<ConditionNode>();
        node->value = ast.kind == AstKind::kTrue;
        return node;
      }
      case AstKind::kName:
        return Name(ast);
      case AstKind::kComparison:
        return Comparison(ast);
    }
    return Fail(ast.offset, "unexpected syntax");
  }

  const Status& error() const { return error_; }
  std::vector<const FieldDef*>& fields() { return fields_; }

 private:
  NodePtr Fail(size_t offset, const std::string& what) {
    if (error_.ok()) error_ = ConditionError(text_, offset, what);
    return nullptr;
  }

  void UseField(const FieldDef* f) {
    if (std::find(fields_.begin(), fields_.end(), f) == fields_.end()) fields_.push_back(f);
  }

  // A bare name: a bool field or a macro.
  NodePtr Name(const ConditionAst& ast) {
    const std::string& name = ast.name;
    if (const FieldDef* f = FindEventField(name)) {
      if (f->kind != FieldKind::kBool) {
        return Fail(ast.offset, "'" + name + "' is " + std::string(KindName(f->kind)) +
                                    ", not a condition; expected a comparison such as '" + name +
                                    " exists' or '" + name + " == ...'");
      }
      UseField(f);
      auto node = std::make_shared<ConditionNode>();
      node->kind = NodeKind::kBoolField;
      node->lhs.field = f;
      return node;
    }
    if (names_.IsMacro(name)) {
      Result<const CompiledCondition*> macro = names_.ResolveMacro(name);
      if (!macro.ok()) return Fail(ast.offset, macro.status().message());
      for (const FieldDef* f : macro.value()->fields()) UseField(f);
      auto node = std::make_shared<ConditionNode>();
      node->kind = NodeKind::kMacro;
      node->children.push_back(macro.value()->tree());
      return node;
    }
    if (names_.FindList(name)) {
      return Fail(ast.offset, "'" + name + "' is a list, not a condition; expected a comparison " +
                                  "such as 'user in " + name + "'");
    }
    // Say "field" or "macro" when the likely intent is clear from the closest name.
    std::vector<std::string_view> candidates = FieldNames();
    for (std::string_view m : names_.MacroNames()) candidates.push_back(m);
    std::string_view closest = ClosestName(name, candidates);
    std::string what = closest.empty()           ? "field or macro"
                       : FindEventField(closest) ? "field"
                                                 : "macro";
    return Fail(ast.offset, "unknown " + what + " '" + name + "'" + Suggestion(name, candidates));
  }

  bool Operand(const ConditionAstOperand& o, TypedOperand& out) {
    out.offset = o.offset;
    switch (o.kind) {
      case OperandKind::kName: {
        const FieldDef* f = FindEventField(o.text);
        if (!f) {
          if (names_.IsMacro(o.text)) {
            Fail(o.offset, "'" + o.text + "' is a macro (a condition), expected a field");
          } else if (names_.FindList(o.text)) {
            Fail(o.offset, "'" + o.text + "' is a list, expected a field (a list goes after 'in')");
          } else {
            Fail(o.offset, "unknown field '" + o.text + "'" + Suggestion(o.text, FieldNames()));
          }
          return false;
        }
        UseField(f);
        out.field = f;
        out.kind = f->kind;
        out.shown = "'" + o.text + "'";
        return true;
      }
      case OperandKind::kString:
        if (o.text.empty()) {
          Fail(o.offset,
               "found '', which never matches: an empty field is a missing value "
               "(expected a non-empty string; test presence with 'exists')");
          return false;
        }
        out.text = o.text;
        out.kind = FieldKind::kString;
        out.shown = "'" + o.text + "'";
        return true;
      case OperandKind::kNumber:
        out.constant = FieldValue::Number(o.number);
        out.kind = FieldKind::kNumber;
        out.shown = std::to_string(o.number);
        return true;
      case OperandKind::kBool:
        out.constant = FieldValue::Bool(o.boolean);
        out.kind = FieldKind::kBool;
        out.shown = o.boolean ? "true" : "false";
        return true;
    }
    return false;
  }

  // Stores an operand in its node; constant strings view the node's own copy.
  static void Place(ConditionNode& node, bool left, const TypedOperand& t) {
    ConditionOperand& o = left ? node.lhs : node.rhs;
    std::string& storage = left ? node.lhs_text : node.rhs_text;
    o.field = t.field;
    o.constant = t.constant;
    if (!t.field && t.kind == FieldKind::kString) {
      storage = t.text;
      o.constant = FieldValue::Text(storage);
    }
  }

  static std::string OpName(Tok op) { return "'" + std::string(ConditionTokenSpelling(op)) + "'"; }

  // "... but 'user' is text"
  static std::string Is(const TypedOperand& t) {
    return t.shown + " is " + std::string(KindName(t.kind));
  }

  // Why two operands of different types cannot be compared, with a hint when a literal was
  // quoted (or not) by mistake.
  static std::string MismatchHint(const TypedOperand& a, const TypedOperand& b) {
    const TypedOperand& literal = a.field ? b : a;
    const TypedOperand& other = a.field ? a : b;
    if (literal.field) return "";
    if (literal.kind == FieldKind::kNumber && other.kind == FieldKind::kString) {
      return " (quote it: '" + literal.shown + "')";
    }
    if (literal.kind == FieldKind::kString && other.kind != FieldKind::kString) {
      return " (write " + literal.text + " without quotes)";
    }
    return "";
  }

  NodePtr Comparison(const ConditionAst& ast) {
    auto node = std::make_shared<ConditionNode>();
    TypedOperand lhs;
    if (!Operand(ast.lhs, lhs)) return nullptr;
    Place(*node, true, lhs);
    std::string op = OpName(ast.op);
    switch (ast.op) {
      case Tok::kExists:
        if (!lhs.field) return Fail(ast.lhs.offset, "'exists' needs a field, found " + lhs.shown);
        node->kind = NodeKind::kExists;
        return node;
      case Tok::kIn:
        return In(ast, lhs, std::move(node));
      case Tok::kInCidr:
        return InCidr(ast, lhs, std::move(node));
      case Tok::kMatches:
        return Matches(ast, lhs, std::move(node));
      default:
        break;
    }
    TypedOperand rhs;
    if (!Operand(ast.rhs, rhs)) return nullptr;
    Place(*node, false, rhs);
    switch (ast.op) {
      case Tok::kEqual:
      case Tok::kNotEqual:
        if (lhs.kind != rhs.kind) {
          return Fail(ast.op_offset, op + " compares values of one type, but " + Is(lhs) + " and " +
                                         Is(rhs) + MismatchHint(lhs, rhs));
        }
        node->kind = ast.op == Tok::kEqual ? NodeKind::kEqual : NodeKind::kNotEqual;
        return node;
      case Tok::kLess:
      case Tok::kLessEqual:
      case Tok::kGreater:
      case Tok::kGreaterEqual:
        for (const TypedOperand* t : {&lhs, &rhs}) {
          if (t->kind != FieldKind::kNumber) {
            return Fail(ast.op_offset, op + " needs numbers but " + Is(*t));
          }
        }
        node->kind = ast.op == Tok::kLess        ? NodeKind::kLess
                     : ast.op == Tok::kLessEqual ? NodeKind::kLessEqual
                     : ast.op == Tok::kGreater   ? NodeKind::kGreater
                                                 : NodeKind::kGreaterEqual;
        return node;
      default:  // contains, icontains, startswith, endswith
        for (const TypedOperand* t : {&lhs, &rhs}) {
          if (t->kind != FieldKind::kString) {
            return Fail(ast.op_offset, op + " needs text but " + Is(*t));
          }
        }
        node->kind = ast.op == Tok::kContains     ? NodeKind::kContains
                     : ast.op == Tok::kIContains  ? NodeKind::kIContains
                     : ast.op == Tok::kStartsWith ? NodeKind::kStartsWith
                                                  : NodeKind::kEndsWith;
        return node;
    }
  }

  NodePtr Matches(const ConditionAst& ast, const TypedOperand& lhs,
                  std::shared_ptr<ConditionNode> node) {
    if (lhs.kind != FieldKind::kString) {
      return Fail(ast.op_offset, "'matches' needs text but " + Is(lhs));
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto regex = std::make_shared<const RE2>(ast.rhs.text, options);
    if (!regex->ok()) return Fail(ast.rhs.offset, "invalid regular expression: " + regex->error());
    node->kind = NodeKind::kMatches;
    node->regex = std::move(regex);
    return node;
  }

  // The named list of `in` / `in_cidr`, or nullptr after reporting why there is none.
  const ConditionList* NamedList(const ConditionAstList& list, const std::string& op) {
    if (const ConditionList* found = names_.FindList(list.name)) return found;
    if (FindEventField(list.name)) {
      Fail(list.offset, "'" + list.name + "' is a field, expected a list after " + op +
                            ": values in parentheses or a list name");
    } else if (names_.IsMacro(list.name)) {
      Fail(list.offset, "'" + list.name + "' is a macro, expected a list after " + op);
    } else {
      Fail(list.offset,
           "unknown list '" + list.name + "'" + Suggestion(list.name, names_.ListNames()));
    }
    return nullptr;
  }

  NodePtr In(const ConditionAst& ast, const TypedOperand& lhs,
             std::shared_ptr<ConditionNode> node) {
    std::string op = ast.negated ? "'not in'" : "'in'";
    if (lhs.kind == FieldKind::kBool) {
      return Fail(ast.op_offset, op + " needs text or numbers but " + Is(lhs));
    }
    node->negated = ast.negated;
    const ConditionAstList& list = ast.list;
    if (lhs.kind == FieldKind::kString) {
      node->kind = NodeKind::kInTexts;
      if (list.named) {
        const ConditionList* named = NamedList(list, op);
        if (!named) return nullptr;
        node->texts = named->texts;
        return node;
      }
      std::vector<std::string> values;
      for (const ConditionAstOperand& item : list.items) {
        if (item.kind != OperandKind::kString) {
          return Fail(item.offset, "list value " + item.text + " is a number but " + Is(lhs) +
                                       " (quote it: '" + item.text + "')");
        }
        if (item.text.empty()) return Fail(item.offset, "found '', which never matches");
        values.push_back(item.text);
      }
      node->texts = std::make_shared<const TextSet>(std::move(values));
      return node;
    }
    node->kind = NodeKind::kInNumbers;
    std::vector<int64_t> values;
    if (list.named) {
      const ConditionList* named = NamedList(list, op);
      if (!named) return nullptr;
      for (const std::string& v : named->values) {
        int64_t n = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || end != v.data() + v.size()) {
          return Fail(list.offset, "list '" + list.name + "' has the value '" + v +
                                       "', which is not a whole number, but " + Is(lhs));
        }
        values.push_back(n);
      }
    } else {
      for (const ConditionAstOperand& item : list.items) {
        if (item.kind != OperandKind::kNumber) {
          return Fail(item.offset, "list value '" + item.text + "' is text but " + Is(lhs));
        }
        values.push_back(item.number);
      }
    }
    node->numbers = std::make_shared<const NumberSet>(std::move(values));
    return node;
  }

  NodePtr InCidr(const ConditionAst& ast, const TypedOperand& lhs,
                 std::shared_ptr<ConditionNode> node) {
    if (lhs.kind != FieldKind::kString) {
      return Fail(ast.op_offset, "'in_cidr' needs text (an IP address) but " + Is(lhs));
    }
    const std::string expected = " (expected a CIDR block such as '10.0.0.0/8' or 'fd00::/8')";
    auto cidrs = std::make_shared<CidrSet>();
    const ConditionAstList& list = ast.list;
    if (list.named) {
      const ConditionList* named = NamedList(list, "'in_cidr'");
      if (!named) return nullptr;
      for (const std::string& v : named->values) {
        if (!cidrs->Add(v)) {
          return Fail(list.offset, "list '" + list.name + "' has the value '" + v +
                                       "', which is not an IP address or CIDR block" + expected);
        }
      }
    } else {
      for (const ConditionAstOperand& item : list.items) {
        if (item.kind != OperandKind::kString || !cidrs->Add(item.text)) {
          std::string shown = item.kind == OperandKind::kString ? "'" + item.text + "'" : item.text;
          return Fail(item.offset, shown + " is not an IP address or CIDR block" + expected);
        }
      }
    }
    cidrs->Seal();
    node->kind = NodeKind::kInCidr;
    node->cidrs = std::move(cidrs);
    return node;
  }

  std::string_view text_;
  ConditionNames& names_;
  Status error_;
  std::vector<const FieldDef*> fields_;
};

// The names of a built library, for conditions compiled against it.
class LibraryNames final : public ConditionNames {
 public:
  explicit LibraryNames(const ConditionLibrary& library) : library_(library) {}
  const ConditionList* FindList(std::string_view name) const override {
    return library_.FindList(name);
  }
  bool IsMacro(std::string_view name) const override { return library_.FindMacro(name); }
  Result<const CompiledCondition*> ResolveMacro(std::string_view name) override {
    return library_.FindMacro(name);
  }
  std::vector<std::string_view> ListNames() const override { return library_.ListNames(); }
  std::vector<std::string_view> MacroNames() const override { return library_.MacroNames(); }

 private:
  const ConditionLibrary& library_;
};

}  // namespace

Result<CompiledCondition> CompileConditionWithNames(std::string_view text, ConditionNames& names) {
  auto ast = ParseCondition(text);
  if (!ast.ok()) return ast.status();
  Compiler compiler(text, names);
  NodePtr tree = compiler.Compile(*ast.value());
  if (!tree) return compiler.error();
  // A condition that is one macro alone is that macro's tree (remembering it would gain nothing).
  if (tree->kind == NodeKind::kMacro) tree = tree->children[0];
  return CompiledCondition(std::string(text), std::move(tree), std::move(compiler.fields()));
}

Result<CompiledCondition> CompileCondition(std::string_view text, const ConditionLibrary& library) {
  LibraryNames names(library);
  return CompileConditionWithNames(text, names);
}

}  // namespace phi
