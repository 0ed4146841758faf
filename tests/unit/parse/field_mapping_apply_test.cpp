#include "collectors/parse/field_mapping_apply.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::Rule;

FieldMapping BasicMapping() {
  FieldMapping m;
  m.rules.push_back(Rule(EventField::kTs, "when"));
  FieldRule action = Rule(EventField::kAction, "what");
  action.values = {{"VIEW", "view"}, {"PRINT", "print"}};
  action.default_value = "view";
  m.rules.push_back(action);
  m.rules.push_back(Rule(EventField::kRecordCount, "rows"));
  return m;
}

std::shared_ptr<const CompiledFieldMapping> Compile(const FieldMapping& m) {
  auto compiled = CompiledFieldMapping::Compile(m, 0, "test");
  EXPECT_TRUE(compiled.ok()) << compiled.status().message();
  return compiled.value();
}

TEST(FieldMapping, RulesAreFoundBySourceAndPrefix) {
  FieldMapping m = BasicMapping();
  m.rules.push_back(Rule(EventField::kUser, "actor.id"));
  m.rules.push_back(Rule(EventField::kWorkstation, "actor.id"));  // one key, two fields
  m.rules.push_back(Rule(EventField::kPatient, "a.b.c"));
  auto compiled = Compile(m);
  EXPECT_EQ(compiled->RulesFor("when").size(), 1u);
  EXPECT_EQ(compiled->RulesFor("actor.id").size(), 2u);
  EXPECT_TRUE(compiled->RulesFor("actor").empty());
  EXPECT_TRUE(compiled->IsMappedPrefix("actor"));
  EXPECT_TRUE(compiled->IsMappedPrefix("a"));
  EXPECT_TRUE(compiled->IsMappedPrefix("a.b"));
  EXPECT_FALSE(compiled->IsMappedPrefix("a.b.c"));
  EXPECT_FALSE(compiled->IsMappedPrefix("when"));
}

TEST(FieldMapping, ValuesAreTranslatedTrimmedAndKeptWhenNotExhaustive) {
  FieldMappingRecord record(Compile(BasicMapping()));
  Event e;
  record.Begin();
  ASSERT_EQ(record.Set(0, "2024-03-04T10:00:00Z", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Set(1, "  PRINT\t", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Set(2, " 12 ", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Finish(e).code, ParseCode::kEvent);
  EXPECT_EQ(e.action, "print");
  EXPECT_EQ(e.record_count, 12);

  e.Clear();
  record.Begin();
  ASSERT_EQ(record.Set(0, "2024-03-04T10:00:00Z", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Set(1, "SIGN", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Finish(e).code, ParseCode::kEvent);
  EXPECT_EQ(e.action, "SIGN");
}

TEST(FieldMapping, ExhaustiveValuesRejectOthersWithoutShowingThem) {
  FieldMapping m = BasicMapping();
  m.rules[1].values_exhaustive = true;
  FieldMappingRecord record(Compile(m));
  Event e;
  record.Begin();
  ParseOutcome outcome = record.Set(1, "MRN0009999", e, 17);
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_EQ(outcome.column, 17u);
  EXPECT_EQ(outcome.reason, "'what' (mapped to action): value is not in the mapping's values");
}

TEST(FieldMapping, DefaultsApplyToAbsentOrEmptyValuesUntranslated) {
  FieldMapping m = BasicMapping();
  m.rules[1].values_exhaustive = true;  // the default "view" is not a key of `values`: still fine
  FieldMappingRecord record(Compile(m));
  Event e;
  record.Begin();
  ASSERT_EQ(record.Set(0, "2024-03-04T10:00:00Z", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Set(1, "   ", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Finish(e).code, ParseCode::kEvent);
  EXPECT_EQ(e.action, "view");
  EXPECT_EQ(e.record_count, 1);  // no value, no default: the Event default
}

TEST(FieldMapping, ADefaultDoesNotOverwriteAFieldAnotherColumnFilled) {
  FieldMapping m = BasicMapping();
  m.rules.push_back(Rule(EventField::kAction, "verb"));
  FieldMappingRecord record(Compile(m));
  Event e;
  record.Begin();
  ASSERT_EQ(record.Set(0, "2024-03-04T10:00:00Z", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Set(3, "export", e).code, ParseCode::kEvent);
  ASSERT_EQ(record.Finish(e).code, ParseCode::kEvent);
  EXPECT_EQ(e.action, "export");
}

TEST(FieldMapping, TimeFormatsAndOffsets) {
  FieldMapping m = BasicMapping();
  m.rules[0].time_format = TimeFormat::Compile("%d.%m.%Y %H:%M", nullptr);
  auto compiled = CompiledFieldMapping::Compile(m, 3600, "test");  // CET from the source
  ASSERT_TRUE(compiled.ok());
  FieldMappingRecord record(compiled.value());
  Event e;
  record.Begin();
  ASSERT_EQ(record.Set(0, "04.03.2024 10:00", e).code, ParseCode::kEvent);
  EXPECT_EQ(FormatIsoTime(e.ts), "2024-03-04T09:00:00.000Z");

  m.utc_offset_seconds = -5 * 3600;  // the mapping's own offset wins
  FieldMappingRecord eastern(CompiledFieldMapping::Compile(m, 3600, "test").value());
  eastern.Begin();
  ASSERT_EQ(eastern.Set(0, "04.03.2024 10:00", e).code, ParseCode::kEvent);
  EXPECT_EQ(FormatIsoTime(e.ts), "2024-03-04T15:00:00.000Z");

  ParseOutcome bad = eastern.Set(0, "2024-03-04T10:00:00Z", e, 3);
  ASSERT_EQ(bad.code, ParseCode::kError);
  EXPECT_EQ(bad.reason, "'when' (mapped to ts): expected a time in format '%d.%m.%Y %H:%M'");
  EXPECT_EQ(bad.column, 3u);
}

TEST(FieldMapping, MissingTimeStampIsAnError) {
  FieldMappingRecord record(Compile(BasicMapping()));
  Event e;
  record.Begin();
  ASSERT_EQ(record.Set(1, "VIEW", e).code, ParseCode::kEvent);
  ParseOutcome outcome = record.Finish(e);
  ASSERT_EQ(outcome.code, ParseCode::kError);
  EXPECT_EQ(outcome.reason, "no time stamp: 'when' (mapped to ts) is missing or empty");
}

TEST(FieldMapping, RecordCountMustBeAWholeNumber) {
  FieldMappingRecord record(Compile(BasicMapping()));
  Event e;
  for (const char* bad : {"-1", "1.5", "12abc", "99999999999999999999"}) {
    record.Begin();
    ParseOutcome outcome = record.Set(2, bad, e);
    ASSERT_EQ(outcome.code, ParseCode::kError) << bad;
    EXPECT_EQ(outcome.reason, "'rows' (mapped to record_count): expected a whole number >= 0");
  }
}

TEST(FieldMapping, InvalidMappingsAreRejectedWithTheRule) {
  struct Case {
    FieldMapping mapping;
    const char* message_part;
  };
  std::vector<Case> cases;
  {
    FieldMapping m = BasicMapping();
    m.rules.erase(m.rules.begin());
    cases.push_back({m, "no rule maps a key or column to 'ts'"});
  }
  {
    FieldMapping m = BasicMapping();
    m.rules.push_back(Rule(EventField::kUser, ""));
    cases.push_back({m, "rule 4 (user): names no source key or column and has no default_value"});
  }
  {
    FieldMapping m = BasicMapping();
    m.rules[2].time_format = TimeFormat::Compile("%Y", nullptr);
    cases.push_back({m, "rule 3 (record_count from 'rows'): time_format only applies to 'ts'"});
  }
  {
    FieldMapping m = BasicMapping();
    m.rules[2].values_exhaustive = true;
    cases.push_back({m, "values_exhaustive is set but values is empty"});
  }
  {
    FieldMapping m = BasicMapping();
    m.rules[2].default_value = "many";
    cases.push_back({m, "rule 3: default_value is invalid"});
  }
  for (const Case& c : cases) {
    auto compiled = CompiledFieldMapping::Compile(c.mapping, 0, "csv");
    ASSERT_FALSE(compiled.ok()) << c.message_part;
    EXPECT_EQ(compiled.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(compiled.status().message().find(c.message_part), std::string::npos)
        << compiled.status().message();
    EXPECT_EQ(compiled.status().message().rfind("csv mapping: ", 0), 0u);
  }
}

}  // namespace
}  // namespace phi
