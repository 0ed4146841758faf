// Finds the patient (an MRN) in free text such as a SQL statement or its bound parameters, with
// the RE2 pattern from a source's `patient_pattern`, compiled once and shared by every parser of
// that source. Matching is thread-safe; an empty pattern never finds anything.
#pragma once

#include <memory>
#include <string_view>

#include "daemon/common/status.hpp"

namespace re2 {
class RE2;
}

namespace phi {

class PatientExtractor {
 public:
  // Compiles `pattern`; an invalid pattern is an error naming RE2's complaint.
  static Result<std::shared_ptr<const PatientExtractor>> Compile(std::string_view pattern);

  ~PatientExtractor();
  PatientExtractor(const PatientExtractor&) = delete;
  PatientExtractor& operator=(const PatientExtractor&) = delete;

  // The first match in `text`: capture group 1 when the pattern has groups, else the whole match.
  // Empty when nothing matches. The view points into `text`.
  std::string_view Extract(std::string_view text) const;

  bool enabled() const { return re_ != nullptr; }

 private:
  explicit PatientExtractor(std::unique_ptr<re2::RE2> re);
  std::unique_ptr<re2::RE2> re_;  // null: empty pattern
};

}  // namespace phi
