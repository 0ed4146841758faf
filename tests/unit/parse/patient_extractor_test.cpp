#include "collectors/parse/patient_extractor.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

std::shared_ptr<const PatientExtractor> Compiled(std::string_view pattern) {
  auto extractor = PatientExtractor::Compile(pattern);
  EXPECT_TRUE(extractor.ok()) << extractor.status().message();
  return *extractor;
}

TEST(PatientExtractor, EmptyPatternNeverExtracts) {
  auto extractor = Compiled("");
  EXPECT_FALSE(extractor->enabled());
  EXPECT_EQ(extractor->Extract("WHERE mrn = 'MRN0001234'"), "");
}

TEST(PatientExtractor, ReturnsTheFirstWholeMatch) {
  auto extractor = Compiled(R"(MRN\d{7})");
  EXPECT_EQ(extractor->Extract("WHERE mrn IN ('MRN0001234', 'MRN0000123')"), "MRN0001234");
  EXPECT_EQ(extractor->Extract("SELECT 1"), "");
  EXPECT_EQ(extractor->Extract("MRN123"), "");
  EXPECT_EQ(extractor->Extract(""), "");
}

TEST(PatientExtractor, ReturnsCaptureGroupOneWhenThePatternHasGroups) {
  auto extractor = Compiled(R"(mrn\s*=\s*'([^']+)')");
  EXPECT_EQ(extractor->Extract("SELECT * FROM patients WHERE mrn = 'A-77' AND x = 1"), "A-77");
}

TEST(PatientExtractor, TheMatchPointsIntoTheText) {
  auto extractor = Compiled(R"(MRN\d{7})");
  std::string text = "x MRN0007890 y";
  std::string_view match = extractor->Extract(text);
  EXPECT_EQ(match.data(), text.data() + 2);
}

TEST(PatientExtractor, RejectsAnInvalidPatternNamingTheError) {
  auto extractor = PatientExtractor::Compile(R"(MRN(\d{7})");
  ASSERT_FALSE(extractor.ok());
  EXPECT_EQ(extractor.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(extractor.status().message().find("patient_pattern"), std::string::npos);
  EXPECT_NE(extractor.status().message().find("missing )"), std::string::npos)
      << extractor.status().message();
}

}  // namespace
}  // namespace phi
