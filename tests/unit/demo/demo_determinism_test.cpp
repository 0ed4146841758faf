// phi-demo-gen must give the same bytes for the same options and seed, for both profiles, and
// write every feed and log the daemon and the tests read.
#include <gtest/gtest.h>

#include <filesystem>

#include "daemon/demo/hospital_command.hpp"
#include "tests/test_support.hpp"
#include "tests/unit/demo/demo_test_worlds.hpp"

namespace phi::demo {
namespace {

constexpr const char* kOutputs[] = {"context/employees.csv",  "context/patients.csv",
                                    "context/encounters.csv", "context/appointments.csv",
                                    "logs/ehr_access.jsonl",  "logs/ehr_export.csv",
                                    "incidents.jsonl"};

// FNV-1a over every output's name and bytes.
uint64_t HashOutputs(const std::filesystem::path& dir) {
  uint64_t h = 0xCBF29CE484222325ull;
  auto mix = [&](std::string_view bytes) {
    for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  };
  for (const char* name : kOutputs) {
    mix(name);
    mix(phi::testing::ReadFile(dir / name));
  }
  return h;
}

uint64_t Generate(const HospitalOptions& options, const phi::testing::ScratchDir& dir) {
  std::string summary;
  Status s = GenerateHospital(options, dir.path().string(), summary);
  EXPECT_TRUE(s.ok()) << s.message();
  for (const char* name : kOutputs) {
    EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
  }
  return HashOutputs(dir.path());
}

void ExpectDeterministic(HospitalOptions options) {
  phi::testing::ScratchDir a, b, c;
  const uint64_t first = Generate(options, a);
  EXPECT_EQ(first, Generate(options, b));
  options.seed += 1;
  EXPECT_NE(first, Generate(options, c));
}

TEST(DemoDeterminism, HospitalSameSeedSameBytes) {
  HospitalOptions o = testing::SmallHospitalOptions();
  o.employees = 150;
  o.patients = 3000;
  o.days = 5;
  ExpectDeterministic(o);
}

TEST(DemoDeterminism, ClinicSameSeedSameBytes) {
  HospitalOptions o = testing::ClinicOptions();
  o.days = 7;
  ExpectDeterministic(o);
}

TEST(DemoDeterminism, AppointmentsFeedHasTheProductHeader) {
  phi::testing::ScratchDir dir;
  HospitalOptions o = testing::ClinicOptions();
  o.days = 3;
  Generate(o, dir);
  const std::string text = phi::testing::ReadFile(dir / "context/appointments.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')), "mrn,department,provider_user_id,scheduled_at");
  EXPECT_GT(std::count(text.begin(), text.end(), '\n'), 1000);
}

}  // namespace
}  // namespace phi::demo
