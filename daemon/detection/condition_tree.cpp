#include "daemon/detection/condition_tree.hpp"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace phi {
namespace {

using Kind = ConditionNodeKind;
using Type = FieldValue::Type;

struct IpAddress {
  bool v6 = false;
  uint32_t v4 = 0;
  uint64_t high = 0, low = 0;
};

uint64_t LoadBigEndian64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

// A dotted quad, as strict as inet_pton: four decimal parts 0-255, no leading zeros. Hand-written
// because it runs per event and inet_pton costs several times more.
bool ParseIpv4(std::string_view s, uint32_t& out) {
  uint32_t address = 0;
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    size_t start = i;
    uint32_t value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
      value = value * 10 + static_cast<uint32_t>(s[i] - '0');
      ++i;
    }
    size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) return false;
    address = (address << 8) | value;
  }
  if (i != s.size()) return false;
  out = address;
  return true;
}

// Parses a dotted-quad IPv4 or an IPv6 address without allocating; false for anything else.
bool ParseIpAddress(std::string_view s, IpAddress& out) {
  if (s.find(':') == std::string_view::npos) {
    out.v6 = false;
    return ParseIpv4(s, out.v4);
  }
  char buffer[64];
  if (s.size() >= sizeof(buffer)) return false;
  std::memcpy(buffer, s.data(), s.size());
  buffer[s.size()] = '\0';
  unsigned char bytes[16];
  if (inet_pton(AF_INET6, buffer, bytes) != 1) return false;
  out.high = LoadBigEndian64(bytes);
  out.low = LoadBigEndian64(bytes + 8);
  out.v6 = true;
  if (out.high == 0 && (out.low >> 32) == 0xFFFF) {  // ::ffff:a.b.c.d
    out.v6 = false;
    out.v4 = static_cast<uint32_t>(out.low);
  }
  return true;
}

template <typename T>
void SortAndMerge(std::vector<std::pair<T, T>>& ranges) {
  std::sort(ranges.begin(), ranges.end());
  size_t out = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (out > 0 && ranges[i].first <= ranges[out - 1].second) {
      ranges[out - 1].second = std::max(ranges[out - 1].second, ranges[i].second);
    } else {
      ranges[out++] = ranges[i];
    }
  }
  ranges.resize(out);
}

template <typename T>
bool InRanges(const std::vector<std::pair<T, T>>& ranges, const T& x) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), x,
                             [](const T& v, const std::pair<T, T>& r) { return v < r.first; });
  return it != ranges.begin() && x <= std::prev(it)->second;
}

char FoldCase(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool SameValue(const FieldValue& a, const FieldValue& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case Type::kString:
      return a.text == b.text;
    case Type::kNumber:
      return a.number == b.number;
    case Type::kBool:
      return a.boolean == b.boolean;
    case Type::kMissing:
      return false;
  }
  return false;
}

}  // namespace

TextSet::TextSet(std::vector<std::string> values) : values_(std::move(values)) {
  if (values_.size() > kScanAtMost) hashed_.insert(values_.begin(), values_.end());
}

bool TextSet::Contains(std::string_view s) const {
  if (values_.size() > kScanAtMost) return hashed_.count(s) != 0;
  for (const auto& v : values_) {
    if (v == s) return true;
  }
  return false;
}

NumberSet::NumberSet(std::vector<int64_t> values) : values_(std::move(values)) {
  std::sort(values_.begin(), values_.end());
}

bool NumberSet::Contains(int64_t n) const {
  return std::binary_search(values_.begin(), values_.end(), n);
}

bool CidrSet::Add(std::string_view block) {
  size_t slash = block.find('/');
  IpAddress a;
  if (!ParseIpAddress(block.substr(0, slash), a)) return false;
  bool mapped_v4 = !a.v6 && block.find(':') != std::string_view::npos;
  int max_prefix = a.v6 ? 128 : 32;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = block.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return false;
    if (mapped_v4) prefix -= 96;  // ::ffff:10.0.0.0/104 is 10.0.0.0/8
    if (prefix < 0 || prefix > max_prefix) return false;
  }
  if (!a.v6) {
    uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
    v4_.emplace_back(a.v4 & mask, (a.v4 & mask) | ~mask);
    return true;
  }
  uint64_t high_mask =
      prefix >= 64 ? ~uint64_t{0} : (prefix == 0 ? 0 : ~uint64_t{0} << (64 - prefix));
  uint64_t low_mask = prefix <= 64 ? 0 : ~uint64_t{0} << (128 - prefix);
  V6 first{a.high & high_mask, a.low & low_mask};
  V6 last{first.first | ~high_mask, first.second | ~low_mask};
  v6_.emplace_back(first, last);
  return true;
}

void CidrSet::Seal() {
  SortAndMerge(v4_);
  SortAndMerge(v6_);
}

bool CidrSet::Contains(std::string_view address) const {
  IpAddress a;
  if (!ParseIpAddress(address, a)) return false;
  return a.v6 ? InRanges(v6_, V6{a.high, a.low}) : InRanges(v4_, a.v4);
}

bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && FoldCase(haystack[i + j]) == FoldCase(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

bool ConditionNode::Evaluate(EventView& view) const {
  switch (kind) {
    case Kind::kConstant:
      return value;
    case Kind::kAnd:
      for (const auto& child : children) {
        if (!child->Evaluate(view)) return false;
      }
      return true;
    case Kind::kOr:
      for (const auto& child : children) {
        if (child->Evaluate(view)) return true;
      }
      return false;
    case Kind::kNot:
      return !children[0]->Evaluate(view);
    case Kind::kMacro: {
      // Most rules start with the same macros (a person, a patient access): once per event.
      const ConditionNode* macro = children[0].get();
      bool result;
      if (view.RecallCondition(macro, result)) return result;
      result = macro->Evaluate(view);
      view.RememberCondition(macro, result);
      return result;
    }
    case Kind::kBoolField: {
      FieldValue v = lhs.field->get(view);
      return v.type == Type::kBool && v.boolean;
    }
    case Kind::kExists:
      return lhs.Read(view).present();
    default:
      break;
  }

  // Comparisons: a missing left side decides alone, before the right side is read.
  FieldValue a = lhs.Read(view);
  if (!a.present())
    return kind == Kind::kNotEqual ||
           (negated && (kind == Kind::kInTexts || kind == Kind::kInNumbers));
  switch (kind) {
    case Kind::kInTexts:
      return (a.type == Type::kString && texts->Contains(a.text)) != negated;
    case Kind::kInNumbers:
      return (a.type == Type::kNumber && numbers->Contains(a.number)) != negated;
    case Kind::kMatches:
      return a.type == Type::kString && RE2::PartialMatch(a.text, *regex);
    case Kind::kInCidr:
      return a.type == Type::kString && cidrs->Contains(a.text);
    default:
      break;
  }
  FieldValue b = rhs.Read(view);
  if (!b.present()) return kind == Kind::kNotEqual;
  switch (kind) {
    case Kind::kEqual:
      return SameValue(a, b);
    case Kind::kNotEqual:
      return !SameValue(a, b);
    case Kind::kLess:
      return a.type == Type::kNumber && b.type == Type::kNumber && a.number < b.number;
    case Kind::kLessEqual:
      return a.type == Type::kNumber && b.type == Type::kNumber && a.number <= b.number;
    case Kind::kGreater:
      return a.type == Type::kNumber && b.type == Type::kNumber && a.number > b.number;
    case Kind::kGreaterEqual:
      return a.type == Type::kNumber && b.type == Type::kNumber && a.number >= b.number;
    case Kind::kContains:
      return a.type == Type::kString && b.type == Type::kString &&
             a.text.find(b.text) != std::string_view::npos;
    case Kind::kIContains:
      return a.type == Type::kString && b.type == Type::kString &&
             ContainsIgnoringCase(a.text, b.text);
    case Kind::kStartsWith:
      return a.type == Type::kString && b.type == Type::kString && a.text.starts_with(b.text);
    case Kind::kEndsWith:
      return a.type == Type::kString && b.type == Type::kString && a.text.ends_with(b.text);
    default:
      return false;
  }
}

}  // namespace phi
