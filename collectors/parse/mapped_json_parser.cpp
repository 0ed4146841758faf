#include "collectors/parse/mapped_json_parser.hpp"

#include "collectors/parse/field_mapping_apply.hpp"
#include "collectors/parse/json_record_reader.hpp"
#include "collectors/parse/statement_limit.hpp"
#include "daemon/common/json_writer.hpp"

namespace phi {
namespace {

class MappedJsonParser final : public RecordParser {
 public:
  MappedJsonParser(std::shared_ptr<const CompiledFieldMapping> mapping, size_t statement_max_bytes)
      : record_(std::move(mapping)), statement_max_bytes_(statement_max_bytes) {}

  ParseOutcome Parse(std::string_view record, Event& event) override {
    simdjson::ondemand::object object;
    ParseOutcome outcome = reader_.Begin(record, object);
    if (outcome.code != ParseCode::kEvent) return outcome;
    record_.Begin();
    path_.clear();
    outcome = Walk(object, event);
    if (outcome.code != ParseCode::kEvent) return outcome;
    outcome = reader_.End();
    if (outcome.code != ParseCode::kEvent) return outcome;
    ParseOutcome finished = record_.Finish(event);  // a default may fill the statement
    LimitStatement(event.statement, statement_max_bytes_);
    return finished;
  }

 private:
  // Visits the members of `object`, whose dotted path is path_ (empty at the top).
  ParseOutcome Walk(simdjson::ondemand::object& object, Event& event) {
    const CompiledFieldMapping& mapping = record_.mapping();
    for (auto member : object) {
      simdjson::ondemand::field field;
      simdjson::error_code error = std::move(member).get(field);
      if (error) return reader_.Error(error, {});
      std::string_view key;
      if ((error = field.unescaped_key().get(key))) return reader_.Error(error, {});
      const size_t parent_size = path_.size();
      if (!path_.empty()) path_ += '.';
      path_.append(key);

      ParseOutcome outcome = Member(mapping, field.value(), event);
      if (outcome.code != ParseCode::kEvent) return outcome;
      path_.resize(parent_size);
    }
    return ParseOutcome::Event();
  }

  ParseOutcome Member(const CompiledFieldMapping& mapping, simdjson::ondemand::value& value,
                      Event& event) {
    std::span<const uint32_t> rules = mapping.RulesFor(path_);
    if (!rules.empty()) {
      size_t column = reader_.ColumnOf(value.raw_json_token().data());
      std::string_view text;
      bool is_null = false;
      ParseOutcome outcome =
          reader_.ScalarText(path_, value, /*accept_booleans=*/true, text, is_null);
      if (outcome.code != ParseCode::kEvent) return outcome;
      for (uint32_t rule : rules) {
        outcome = record_.Set(rule, text, event, column);
        if (outcome.code != ParseCode::kEvent) return outcome;
      }
      return outcome;
    }
    if (mapping.IsMappedPrefix(path_)) {
      simdjson::ondemand::json_type type;
      if (auto error = value.type().get(type)) return reader_.Error(error, path_);
      if (type == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object nested;
        if (auto error = value.get_object().get(nested)) return reader_.Error(error, path_);
        return Walk(nested, event);
      }
    }
    if (!mapping.keep_unmapped()) return ParseOutcome::Event();  // On-Demand skips it
    quoted_key_.clear();
    AppendJsonString(path_, quoted_key_);
    return reader_.AppendVerbatim(quoted_key_, value, event.extra);
  }

  JsonRecordReader reader_;
  FieldMappingRecord record_;
  size_t statement_max_bytes_;
  std::string path_;        // dotted path of the member being visited
  std::string quoted_key_;  // path_ as a JSON string, for extra
};

}  // namespace

Result<ParserFactory> MakeMappedJsonParser(const ParserOptions& options) {
  auto mapping = CompiledFieldMapping::Compile(options.mapping, options.utc_offset_seconds, "json");
  if (!mapping.ok()) return mapping.status();
  std::shared_ptr<const CompiledFieldMapping> shared = mapping.value();
  size_t max = options.statement_max_bytes;
  return ParserFactory([shared, max] { return std::make_unique<MappedJsonParser>(shared, max); });
}

}  // namespace phi
