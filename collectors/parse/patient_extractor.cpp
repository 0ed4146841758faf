#include "collectors/parse/patient_extractor.hpp"

#include <re2/re2.h>

#include <string>

namespace phi {

PatientExtractor::PatientExtractor(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {}

PatientExtractor::~PatientExtractor() = default;

Result<std::shared_ptr<const PatientExtractor>> PatientExtractor::Compile(
    std::string_view pattern) {
  if (pattern.empty()) {
    return std::shared_ptr<const PatientExtractor>(new PatientExtractor(nullptr));
  }
  re2::RE2::Options options;
  options.set_log_errors(false);  // the error comes back as a Status instead
  auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    return Status::Invalid("invalid patient_pattern '" + std::string(pattern) +
                           "': " + re->error());
  }
  return std::shared_ptr<const PatientExtractor>(new PatientExtractor(std::move(re)));
}

std::string_view PatientExtractor::Extract(std::string_view text) const {
  if (re_ == nullptr || text.empty()) return {};
  const int group = re_->NumberOfCapturingGroups() > 0 ? 1 : 0;
  re2::StringPiece match[2];
  if (!re_->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), re2::RE2::UNANCHORED,
                  match, group + 1)) {
    return {};
  }
  return std::string_view(match[group].data(), match[group].size());
}

}  // namespace phi
