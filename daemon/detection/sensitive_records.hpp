// What kind of record an event's record_type names, by exact name or by the words in it (so
// that "Psychotherapy Note" and "psychotherapy_notes" are both found): its sensitive class
// (psychotherapy notes, substance-use-disorder records...), and whether it is administrative
// (billing, insurance, scheduling, demographics: what front desk and billing work need) or
// clinical content. Answers are remembered per record_type (there are few distinct ones), so an
// event costs one hash look-up. Not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/detection/detection_settings.hpp"

namespace phi {

class SensitiveRecordIndex {
 public:
  explicit SensitiveRecordIndex(std::vector<SensitiveRecordClass> classes);

  // The class name, or "" when the record is of no sensitive class.
  std::string_view ClassOf(std::string_view record_type, std::string_view source);
  // Administrative rather than clinical content; an empty record_type counts as administrative
  // (nothing says it is clinical).
  bool IsAdministrative(std::string_view record_type);
  static bool ClassifyAdministrative(std::string_view record_type);
  // The same without remembering (for one-off use).
  static std::string_view Classify(const std::vector<SensitiveRecordClass>& classes,
                                   std::string_view record_type, std::string_view source);

 private:
  static constexpr size_t kMaxRemembered = 10'000;  // record types are few; never grow unbounded
  std::vector<SensitiveRecordClass> classes_;
  bool any_source_filter_ = false;
  std::unordered_map<std::string, int> remembered_;  // key -> class index, -1 for none
  std::unordered_map<std::string, bool> administrative_;
  std::string key_;
};

}  // namespace phi
