// The one table of fields that rules may use: event fields, context attributes and derived
// facts (care_relationship, same_last_name, hour...). Rule validation, `rules check`, the
// documentation and evaluation all read this table, so a field exists in one place only.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "daemon/detection/event_view.hpp"

namespace phi {

struct FieldValue {
  enum class Type : uint8_t { kMissing, kString, kNumber, kBool };
  Type type = Type::kMissing;
  std::string_view text;
  int64_t number = 0;
  bool boolean = false;

  static FieldValue Missing() { return {}; }
  static FieldValue Text(std::string_view s) {
    return s.empty() ? Missing() : FieldValue{Type::kString, s, 0, false};
  }
  static FieldValue Number(int64_t n) { return {Type::kNumber, {}, n, false}; }
  static FieldValue Bool(bool b) { return {Type::kBool, {}, 0, b}; }
  bool present() const { return type != Type::kMissing; }
};

enum class FieldKind : uint8_t { kString, kNumber, kBool };

struct FieldDef {
  std::string_view name;
  FieldKind kind;
  std::string_view help;
  FieldValue (*get)(EventView& view);
};

std::span<const FieldDef> EventFields();
// nullptr when there is no such field.
const FieldDef* FindEventField(std::string_view name);

}  // namespace phi
