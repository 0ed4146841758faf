// Hostile input for every parser: records from the real samples, mutated many thousand times
// (bytes flipped, cut, quotes, backslashes, NUL and invalid UTF-8 inserted, fields repeated).
// A parser may accept or reject each one, but must not crash, must say why it rejects, and
// must never quote the record back in its reason (the record may be PHI).
#include <gtest/gtest.h>

#include <random>

#include "collectors/parse/parser_factory.hpp"
#include "tests/test_support.hpp"
#include "tests/unit/parse/parser_test_support.hpp"

namespace phi {
namespace {

using testing::Rule;

struct Case {
  ParserOptions options;
  std::vector<std::string> seeds;
};

std::string Mutate(const std::string& seed, std::mt19937& rng) {
  std::string s = seed;
  static const std::string kSpecial[] = {"\"",       "'",        "\\",   std::string(1, '\0'),
                                         "\xff\xfe", "\xe2\x82", ",",    "{",
                                         "}",        "\n\t",     "[[[[", "9e999999"};
  std::uniform_int_distribution<int> op(0, 5);
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t pos = rng() % s.size();
    switch (op(rng)) {
      case 0:
        s[pos] = static_cast<char>(rng());
        break;
      case 1:
        s.resize(pos);
        break;
      case 2:
        s.insert(pos, kSpecial[rng() % std::size(kSpecial)]);
        break;
      case 3:
        s.erase(pos, 1 + rng() % 8);
        break;
      case 4:
        s.insert(pos, s.substr(pos, std::min<size_t>(64, s.size() - pos)));
        break;
      case 5:
        s.insert(pos, std::string(1 + rng() % 5000, 'x'));
        break;
    }
  }
  return s;
}

ParserOptions Options(const std::string& format) {
  ParserOptions o;
  o.format = format;
  o.patient_pattern = R"(MRN\d{7})";
  o.statement_max_bytes = 256;
  if (format == "csv" || format == "json") {
    o.mapping.rules = {Rule(EventField::kTs, "ts"), Rule(EventField::kUser, "user"),
                       Rule(EventField::kPatient, "patient"), Rule(EventField::kAction, "action")};
  }
  return o;
}

TEST(ParserRobustness, MutatedRecordsNeverCrashAndNeverEchoTheRecord) {
  const std::vector<Case> cases = {
      {Options("phi-json"),
       {R"({"ts":"2026-03-01T08:00:00Z","user":"u1","action":"view","patient":"MRN0000001","record_count":3,"extra":{"a":[1,2,{"b":null}]}})"}},
      {Options("json"),
       {R"({"ts":"2026-03-01T08:00:00Z","user":"u1","patient":"MRN0000001","action":"view","n":1})"}},
      {Options("csv"),
       {"2026-03-01T08:00:00Z,u1,MRN0000001,view",
        "\"2026-03-01T08:00:00Z\",\"u,1\",\"MRN\"\"1\",view"}},
      {Options("pgaudit-stderr"),
       {"2023-02-03 20:29:44.139 GMT [143] alice@ehr LOG:  AUDIT: "
        "SESSION,2,1,READ,SELECT,TABLE,public.patients,\"select * from patients where mrn = "
        "'MRN0000001'\n\tand x = 1\",<none>",
        "2023-02-03 20:29:44.139 GMT [143] alice@ehr ERROR:  permission denied for table "
        "patients"}},
      {Options("pgaudit-csvlog"),
       {R"(2021-02-09 09:51:29.164 CST,"pg131","postgres",2286,"[local]",6021ea66.8ee,8,"SELECT",2021-02-09 09:50:30 CST,3/6,559,LOG,00000,"AUDIT: SESSION,2,1,READ,SELECT,TABLE,public.patients,""select * from patients where mrn = $1"",MRN0000001",,,,,,,,,"psql","client backend",,0)"}},
      {Options("pgaudit-jsonlog"),
       {R"({"timestamp":"2023-05-13 21:09:08.502 GMT","user":"postgres","dbname":"ehr","pid":138,"remote_host":"172.22.0.1","session_id":"645ffc74.8a","line_num":1,"error_severity":"LOG","message":"AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.patients,\"select 1\",<none>"})"}},
      {Options("mariadb-audit"),
       {R"(20201130 23:07:48,db1,alice,10.0.0.5,7,12,QUERY,ehr,'SELECT * FROM patients WHERE mrn = \'MRN0000001\'',0)",
        "20201130 23:07:48,db1,alice,10.0.0.5,7,12,READ,ehr,patients,"}},
  };
  std::mt19937 rng(20261125);
  for (const Case& c : cases) {
    auto factory = MakeParserFactory(c.options);
    ASSERT_TRUE(factory.ok()) << c.options.format << ": " << factory.status().message();
    auto parser = factory.value()();
    if (parser->wants_header()) parser->SetHeader("ts,user,patient,action");
    size_t accepted = 0, rejected = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string record = Mutate(c.seeds[i % c.seeds.size()], rng);
      Event e;
      ParseOutcome outcome = parser->Parse(record, e);
      if (outcome.code == ParseCode::kError) {
        ++rejected;
        ASSERT_FALSE(outcome.reason.empty()) << c.options.format;
        if (record.size() >= 24) {
          EXPECT_EQ(outcome.reason.find(record), std::string::npos)
              << c.options.format << " quotes the record in: " << outcome.reason;
        }
        EXPECT_LE(outcome.column, record.size()) << c.options.format;
      } else if (outcome.code == ParseCode::kEvent) {
        ++accepted;
        EXPECT_LE(e.statement.size(), 256u) << c.options.format;
      }
    }
    // The mutations must exercise both paths, or the test proves nothing.
    EXPECT_GT(rejected, 100u) << c.options.format;
    EXPECT_GT(accepted, 100u) << c.options.format;
  }
}

}  // namespace
}  // namespace phi
