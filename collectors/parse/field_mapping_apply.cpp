#include "collectors/parse/field_mapping_apply.hpp"

#include <algorithm>
#include <charconv>

namespace phi {
namespace {

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "'ACCESS_TIME' (mapped to ts)" — how errors name a rule; the value itself is PHI and never shown.
std::string Describe(const FieldRule& rule) {
  std::string out;
  if (rule.from.empty()) {
    out = "the default of ";
  } else {
    out = "'" + rule.from + "' (mapped to ";
  }
  out += EventFieldName(rule.field);
  if (!rule.from.empty()) out += ')';
  return out;
}

}  // namespace

Result<std::shared_ptr<const CompiledFieldMapping>> CompiledFieldMapping::Compile(
    const FieldMapping& mapping, int32_t default_utc_offset_seconds, std::string_view format) {
  auto compiled = std::make_shared<CompiledFieldMapping>();
  compiled->utc_offset_seconds_ =
      mapping.utc_offset_seconds != 0 ? mapping.utc_offset_seconds : default_utc_offset_seconds;
  compiled->keep_unmapped_ = mapping.keep_unmapped;
  const std::string where = std::string(format) + " mapping: ";
  bool has_ts = false;
  for (size_t i = 0; i < mapping.rules.size(); ++i) {
    const FieldRule& r = mapping.rules[i];
    std::string rule_name = "rule " + std::to_string(i + 1) + " (" +
                            std::string(EventFieldName(r.field)) +
                            (r.from.empty() ? "" : " from '" + r.from + "'") + ")";
    if (r.from.empty() && r.default_value.empty()) {
      return Status::Invalid(where + rule_name +
                             ": names no source key or column and has no default_value");
    }
    if (r.time_format && r.field != EventField::kTs) {
      return Status::Invalid(where + rule_name + ": time_format only applies to 'ts'");
    }
    if (r.values_exhaustive && r.values.empty()) {
      return Status::Invalid(where + rule_name + ": values_exhaustive is set but values is empty");
    }
    if (r.field == EventField::kTs) has_ts = true;
    CompiledRule c{r, {}};
    for (const auto& [from, to] : r.values) c.values.emplace(from, to);
    compiled->rules_.push_back(std::move(c));
    if (!r.from.empty()) {
      compiled->by_source_[r.from].push_back(static_cast<uint32_t>(i));
      for (size_t dot = r.from.find('.'); dot != std::string::npos;
           dot = r.from.find('.', dot + 1)) {
        compiled->prefixes_.insert(r.from.substr(0, dot));
      }
    }
  }
  if (!has_ts) {
    return Status::Invalid(where + "no rule maps a key or column to 'ts' (the time stamp)");
  }
  // A default that can never apply (a bad time or count) is a configuration error, found now.
  for (size_t i = 0; i < compiled->rules_.size(); ++i) {
    const FieldRule& r = compiled->rules_[i].rule;
    if (r.default_value.empty()) continue;
    Event scratch;
    ParseOutcome outcome = compiled->ApplyDefault(i, scratch);
    if (outcome.code == ParseCode::kError) {
      return Status::Invalid(where + "rule " + std::to_string(i + 1) +
                             ": default_value is invalid: " + outcome.reason);
    }
  }
  return std::shared_ptr<const CompiledFieldMapping>(std::move(compiled));
}

std::span<const uint32_t> CompiledFieldMapping::RulesFor(std::string_view from) const {
  auto it = by_source_.find(from);
  if (it == by_source_.end()) return {};
  return it->second;
}

bool CompiledFieldMapping::IsMappedPrefix(std::string_view path) const {
  return !prefixes_.empty() && prefixes_.find(path) != prefixes_.end();
}

ParseOutcome CompiledFieldMapping::Apply(size_t index, std::string_view value, Event& event,
                                         size_t column) const {
  const CompiledRule& c = rules_[index];
  if (value.empty()) return ParseOutcome::Event();
  if (!c.values.empty()) {
    auto it = c.values.find(value);
    if (it != c.values.end()) {
      value = it->second;
    } else if (c.rule.values_exhaustive) {
      return ParseOutcome::Error(Describe(c.rule) + ": value is not in the mapping's values",
                                 column);
    }
  }
  return Store(c.rule, value, event, column);
}

ParseOutcome CompiledFieldMapping::ApplyDefault(size_t index, Event& event) const {
  const FieldRule& rule = rules_[index].rule;
  if (rule.default_value.empty()) return ParseOutcome::Event();
  return Store(rule, rule.default_value, event, 0);
}

ParseOutcome CompiledFieldMapping::Store(const FieldRule& rule, std::string_view value,
                                         Event& event, size_t column) const {
  switch (rule.field) {
    case EventField::kTs: {
      std::optional<TimeMicros> t = rule.time_format
                                        ? rule.time_format->Parse(value, utc_offset_seconds_)
                                        : ParseIsoTime(value, utc_offset_seconds_);
      if (!t) {
        std::string expected = rule.time_format
                                   ? "a time in format '" + rule.time_format->pattern() + "'"
                                   : std::string("an ISO 8601 / RFC 3339 time");
        return ParseOutcome::Error(Describe(rule) + ": expected " + expected, column);
      }
      event.ts = *t;
      return ParseOutcome::Event();
    }
    case EventField::kRecordCount: {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 0) {
        return ParseOutcome::Error(Describe(rule) + ": expected a whole number >= 0", column);
      }
      event.record_count = n;
      return ParseOutcome::Event();
    }
    default:
      EventStringField(event, rule.field)->assign(value);
      return ParseOutcome::Event();
  }
}

FieldMappingRecord::FieldMappingRecord(std::shared_ptr<const CompiledFieldMapping> mapping)
    : mapping_(std::move(mapping)), set_(mapping_->rule_count(), 0) {}

void FieldMappingRecord::Begin() {
  std::fill(set_.begin(), set_.end(), 0);
  has_ts_ = false;
}

ParseOutcome FieldMappingRecord::Set(size_t index, std::string_view value, Event& event,
                                     size_t column) {
  value = TrimBlanks(value);
  if (value.empty()) return ParseOutcome::Event();
  ParseOutcome outcome = mapping_->Apply(index, value, event, column);
  if (outcome.code != ParseCode::kEvent) return outcome;
  set_[index] = 1;
  if (mapping_->rule(index).field == EventField::kTs) has_ts_ = true;
  return outcome;
}

ParseOutcome FieldMappingRecord::Finish(Event& event) {
  for (size_t i = 0; i < set_.size(); ++i) {
    if (set_[i]) continue;
    const FieldRule& r = mapping_->rule(i);
    if (r.default_value.empty()) continue;
    // A rule whose field another rule (another column) already filled keeps that value.
    bool field_filled = false;
    for (size_t k = 0; k < set_.size(); ++k) {
      if (set_[k] && mapping_->rule(k).field == r.field) field_filled = true;
    }
    if (field_filled) continue;
    ParseOutcome outcome = mapping_->ApplyDefault(i, event);
    if (outcome.code != ParseCode::kEvent) return outcome;
    if (r.field == EventField::kTs) has_ts_ = true;
  }
  if (!has_ts_) {
    std::string sources;
    for (size_t i = 0; i < set_.size(); ++i) {
      const FieldRule& r = mapping_->rule(i);
      if (r.field != EventField::kTs || r.from.empty()) continue;
      if (!sources.empty()) sources += ", ";
      sources += "'" + r.from + "'";
    }
    return ParseOutcome::Error("no time stamp: " + sources + " (mapped to ts) is missing or empty");
  }
  return ParseOutcome::Event();
}

}  // namespace phi
