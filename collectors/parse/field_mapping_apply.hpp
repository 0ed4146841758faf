// Applies a FieldMapping (collectors/parse/field_mapping.hpp) to the values of one record: value
// translation, defaults, time formats and record_count parsing, written once for the mapped JSON
// and CSV export parsers. CompiledFieldMapping is immutable and shared by every parser of a
// source; FieldMappingRecord holds the per-record state and belongs to one parser (one thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "collectors/parse/field_mapping.hpp"
#include "collectors/parse/record_parser.hpp"
#include "daemon/common/status.hpp"

namespace phi {

class CompiledFieldMapping {
 public:
  // Validates `mapping` once: every rule names a source (or is a constant with a default), a
  // time format only on `ts`, a value table when `values_exhaustive` is set, and some rule
  // feeds `ts`. `default_utc_offset_seconds` applies when the mapping leaves its own offset 0.
  // `format` ("json", "csv") only prefixes the error messages.
  static Result<std::shared_ptr<const CompiledFieldMapping>> Compile(
      const FieldMapping& mapping, int32_t default_utc_offset_seconds, std::string_view format);

  size_t rule_count() const { return rules_.size(); }
  const FieldRule& rule(size_t index) const { return rules_[index].rule; }
  bool keep_unmapped() const { return keep_unmapped_; }

  // The rules fed by the source column or key `from`; empty when it is unmapped.
  std::span<const uint32_t> RulesFor(std::string_view from) const;

  // True when `path` is a proper prefix of a mapped dotted key ("actor" for "actor.id"): the
  // JSON parser descends into objects at such paths instead of keeping them whole.
  bool IsMappedPrefix(std::string_view path) const;

  // Writes a source value into the rule's field: translated through `values`, then parsed as a
  // time (ts) or a whole number (record_count). An empty value is left alone (the caller applies
  // the default). Errors name the source key and the field, never the value (it may be PHI).
  ParseOutcome Apply(size_t index, std::string_view value, Event& event, size_t column) const;

  // Writes the rule's default_value, as is (not translated through `values`).
  ParseOutcome ApplyDefault(size_t index, Event& event) const;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using ValueTable = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;

  ParseOutcome Store(const FieldRule& rule, std::string_view value, Event& event,
                     size_t column) const;

  struct CompiledRule {
    FieldRule rule;
    ValueTable values;  // `rule.values` with string_view lookup
  };

  std::vector<CompiledRule> rules_;
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> by_source_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> prefixes_;
  int32_t utc_offset_seconds_ = 0;
  bool keep_unmapped_ = true;
};

// The per-record half: remembers which rules got a value, then applies the defaults of the rest
// and checks that the record has a time stamp.
class FieldMappingRecord {
 public:
  explicit FieldMappingRecord(std::shared_ptr<const CompiledFieldMapping> mapping);

  const CompiledFieldMapping& mapping() const { return *mapping_; }

  // Starts a new record.
  void Begin();

  // Sets rule `index` from a source value; blanks around it are trimmed and an empty value
  // counts as absent (its default applies in Finish). `column` is reported with errors.
  ParseOutcome Set(size_t index, std::string_view value, Event& event, size_t column = 0);

  // Applies the defaults of the rules that got no value and requires a time stamp.
  ParseOutcome Finish(Event& event);

 private:
  std::shared_ptr<const CompiledFieldMapping> mapping_;
  std::vector<uint8_t> set_;  // per rule: got a non-empty value in this record
  bool has_ts_ = false;
};

}  // namespace phi
