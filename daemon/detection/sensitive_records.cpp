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

// Words of record types that front desk, scheduling and billing work needs.
const std::vector<std::string>& AdministrativeWords() {
  static const std::vector<std::string> kWords = {
      "billing",      "bill",      "account",     "claim",        "claims",       "charge",
      "charges",      "insurance", "coverage",    "eligibility",  "payment",      "payer",
      "statement",    "invoice",   "demographic", "demographics", "registration", "appointment",
      "appointments", "schedule",  "scheduling",  "referral",     "consent",      "authorization",
      "encounter",    "visit",     "admission",   "adt",          "guarantor",    "face sheet",
      "work queue",   "worklist",  "census",      "estimate",     "financial",    "copay",
      "roi",          "request"};
  return kWords;
}

}  // namespace

bool SensitiveRecordIndex::ClassifyAdministrative(std::string_view record_type) {
  if (record_type.empty()) return true;
  const std::vector<std::string> words = LowerWords(record_type);
  for (const std::string& w : AdministrativeWords()) {
    if (ContainsWords(words, LowerWords(w))) return true;
  }
  return false;
}

bool SensitiveRecordIndex::IsAdministrative(std::string_view record_type) {
  if (record_type.empty()) return true;
  key_.assign(record_type);
  auto found = administrative_.find(key_);
  if (found != administrative_.end()) return found->second;
  bool administrative = ClassifyAdministrative(record_type);
  if (administrative_.size() < kMaxRemembered) administrative_.emplace(key_, administrative);
  return administrative;
}

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
