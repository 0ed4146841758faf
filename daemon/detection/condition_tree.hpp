// The compiled form of a condition: an immutable tree of typed nodes evaluated by a switch, with no
// string parsing and no allocation per event. Literal strings, value sets, regular expressions and
// CIDR blocks are built once, when the condition is compiled. Nodes are shared (a macro's tree is
// part of every condition that uses it) and are safe to evaluate from several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "daemon/detection/event_fields.hpp"

namespace re2 {
class RE2;
}

namespace phi {

// The strings of an `in` list: a short list is scanned, a long one hashed.
class TextSet {
 public:
  explicit TextSet(std::vector<std::string> values);
  TextSet(const TextSet&) = delete;
  TextSet& operator=(const TextSet&) = delete;

  bool Contains(std::string_view s) const;
  size_t size() const { return values_.size(); }

 private:
  static constexpr size_t kScanAtMost = 8;
  std::vector<std::string> values_;
  std::unordered_set<std::string_view> hashed_;  // views into values_, when the list is long
};

// The numbers of an `in` list, sorted.
class NumberSet {
 public:
  explicit NumberSet(std::vector<int64_t> values);
  bool Contains(int64_t n) const;

 private:
  std::vector<int64_t> values_;
};

// IPv4 and IPv6 blocks for `in_cidr`, kept as sorted, merged address ranges. An IPv4-mapped IPv6
// address (::ffff:10.1.2.3) is looked up as the IPv4 address.
class CidrSet {
 public:
  // Adds "10.0.0.0/8", "fd00::/8" or a single address (a /32 or /128); false when `block` is
  // neither. Host bits below the prefix are ignored.
  bool Add(std::string_view block);
  // REQUIRES: called once, after the last Add and before Contains.
  void Seal();
  // False for text that is not an IP address.
  bool Contains(std::string_view address) const;

 private:
  using V6 = std::pair<uint64_t, uint64_t>;        // high and low halves
  std::vector<std::pair<uint32_t, uint32_t>> v4_;  // [first, last]
  std::vector<std::pair<V6, V6>> v6_;
};

enum class ConditionNodeKind : uint8_t {
  kConstant,   // value
  kAnd,        // children
  kOr,         // children
  kNot,        // children[0]
  kBoolField,  // lhs.field is true
  kExists,     // lhs is present
  kEqual,      // lhs == rhs (same type, both present)
  kNotEqual,   // either missing, or different
  kLess,       // numbers
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kInTexts,    // lhs in texts (negated: not in)
  kInNumbers,  // lhs in numbers (negated: not in)
  kContains,   // text operands
  kIContains,  // ASCII case-insensitive
  kStartsWith,
  kEndsWith,
  kMatches,  // regex, partial match
  kInCidr,   // lhs is an address in cidrs
  kMacro,    // children[0], a macro's shared tree: evaluated once per event (EventView keeps it)
};

// One side of a comparison: a field read from the event, or a constant.
struct ConditionOperand {
  const FieldDef* field = nullptr;  // nullptr: constant
  FieldValue constant;              // a constant string views the node's own storage
  FieldValue Read(EventView& view) const { return field ? field->get(view) : constant; }
};

struct ConditionNode {
  ConditionNode() = default;
  // Constant operands view lhs_text / rhs_text: a node never moves or copies once built.
  ConditionNode(const ConditionNode&) = delete;
  ConditionNode& operator=(const ConditionNode&) = delete;

  bool Evaluate(EventView& view) const;

  ConditionNodeKind kind = ConditionNodeKind::kConstant;
  bool value = false;    // kConstant
  bool negated = false;  // kInTexts, kInNumbers: `not in` (true when lhs is missing)
  ConditionOperand lhs, rhs;
  std::vector<std::shared_ptr<const ConditionNode>> children;
  std::shared_ptr<const TextSet> texts;
  std::shared_ptr<const NumberSet> numbers;
  std::shared_ptr<const CidrSet> cidrs;
  std::shared_ptr<const re2::RE2> regex;
  std::string lhs_text, rhs_text;  // storage of constant strings
};

// ASCII case-insensitive substring search; allocates nothing.
bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle);

}  // namespace phi
