#include "daemon/detection/sensitive_records.hpp"

#include <algorithm>

#include "daemon/context/role_class.hpp"

namespace phi {
namespace {

bool ContainsWords(const std::vector<std::string>& text, const std::vector<std::string>& words) {
  return !words.empty() &&
         std::search(text.begin(), text.end(), words.begin(), words.end()) != text.end();
}

int ClassIndex(const std::vector<SensitiveRecordClass>& classes, std::string_view record_type,
               std::string_view source) {
  if (record_type.empty()) return -1;
  const std::vector<std::string> words = LowerWords(record_type);
  for (size_t i = 0; i < classes.size(); ++i) {
    const SensitiveRecordClass& c = classes[i];
    if (!c.sources.empty() &&
        std::find(c.sources.begin(), c.sources.end(), source) == c.sources.end()) {
      continue;
    }
    if (std::find(c.record_types.begin(), c.record_types.end(), record_type) !=
        c.record_types.end()) {
      return static_cast<int>(i);
    }
    for (const std::string& w : c.record_type_words) {
      if (ContainsWords(words, LowerWords(w))) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

SensitiveRecordIndex::SensitiveRecordIndex(std::vector<SensitiveRecordClass> classes)
    : classes_(std::move(classes)) {
  for (const auto& c : classes_) any_source_filter_ |= !c.sources.empty();
}

std::string_view SensitiveRecordIndex::Classify(const std::vector<SensitiveRecordClass>& classes,
                                                std::string_view record_type,
                                                std::string_view source) {
  int i = ClassIndex(classes, record_type, source);
  return i < 0 ? std::string_view() : std::string_view(classes[static_cast<size_t>(i)].name);
}

std::string_view SensitiveRecordIndex::ClassOf(std::string_view record_type,
                                               std::string_view source) {
  if (record_type.empty()) return {};
  key_.assign(record_type);
  if (any_source_filter_) key_.append(1, '\x1f').append(source);
  auto found = remembered_.find(key_);
  int index;
  if (found != remembered_.end()) {
    index = found->second;
  } else {
    index = ClassIndex(classes_, record_type, source);
    if (remembered_.size() < kMaxRemembered) remembered_.emplace(key_, index);
  }
  return index < 0 ? std::string_view()
                   : std::string_view(classes_[static_cast<size_t>(index)].name);
}

}  // namespace phi
