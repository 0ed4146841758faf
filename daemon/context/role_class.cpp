#include "daemon/context/role_class.hpp"

#include <algorithm>
#include <cctype>

namespace phi {

std::string_view RoleClassName(RoleClass c) {
  switch (c) {
    case RoleClass::kUnknown:
      return "unknown";
    case RoleClass::kService:
      return "service";
    case RoleClass::kRecords:
      return "records";
    case RoleClass::kOperations:
      return "operations";
    case RoleClass::kIt:
      return "it";
    case RoleClass::kClinical:
      return "clinical";
  }
  return "unknown";
}

std::vector<RoleClassKeywords> DefaultRoleClassKeywords() {
  return {
      {RoleClass::kService,
       {"=service", "=system", "service account", "system account", "interface", "integration",
        "batch", "etl", "svc", "daemon", "bot"}},
      {RoleClass::kRecords,
       {"him", "health information", "medical records", "medical record", "release of information",
        "roi", "records"}},
      {RoleClass::kOperations,
       {"billing",
        "biller",
        "coder",
        "coding",
        "claims",
        "revenue",
        "patient financial",
        "financial",
        "registrar",
        "registration",
        "patient access",
        "admissions",
        "admitting",
        "scheduler",
        "scheduling",
        "front desk",
        "front office",
        "receptionist",
        "reception",
        "clerk",
        "unit secretary",
        "ward clerk",
        "office manager",
        "practice manager"}},
      {RoleClass::kIt,
       {"it", "information technology", "information systems", "help desk", "helpdesk", "dba",
        "database administrator", "sysadmin", "system administrator", "developer", "software",
        "network", "desktop support", "informatics"}},
      {RoleClass::kClinical,
       {"physician",
        "doctor",
        "md",
        "surgeon",
        "hospitalist",
        "attending",
        "resident",
        "fellow",
        "intern",
        "nurse",
        "rn",
        "lpn",
        "lvn",
        "cna",
        "np",
        "practitioner",
        "pa",
        "midwife",
        "therapist",
        "psychotherapist",
        "psychologist",
        "psychiatrist",
        "counselor",
        "counsellor",
        "social worker",
        "clinician",
        "pharmacist",
        "pharmacy",
        "technologist",
        "technician",
        "tech",
        "radiologist",
        "anesthesiologist",
        "anaesthetist",
        "dietitian",
        "paramedic",
        "emt",
        "clinical",
        "care",
        "medical assistant",
        "aide",
        "psychiatry",
        "oncology",
        "cardiology",
        "emergency",
        "pediatrics",
        "radiology",
        "behavioral health",
        "mental health",
        "surgery",
        "medicine",
        "nursing",
        "icu",
        "ward",
        "clinic",
        "laboratory",
        "lab"}},
  };
}

std::vector<std::string> LowerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += static_cast<char>(std::tolower(u));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

RoleClassifier::RoleClassifier(std::vector<RoleClassKeywords> classes) {
  for (auto& c : classes) {
    for (const auto& k : c.keywords) {
      const bool whole = !k.empty() && k[0] == '=';
      std::vector<std::string> words = LowerWords(whole ? std::string_view(k).substr(1) : k);
      if (!words.empty()) keywords_.push_back({c.role_class, whole, std::move(words)});
    }
  }
}

RoleClass RoleClassifier::ClassifyText(std::string_view text) const {
  const std::vector<std::string> words = LowerWords(text);
  if (words.empty()) return RoleClass::kUnknown;
  for (const Keyword& k : keywords_) {
    if (k.whole) {
      if (k.words == words) return k.role_class;
      continue;
    }
    if (k.words.size() > words.size()) continue;
    auto found = std::search(words.begin(), words.end(), k.words.begin(), k.words.end());
    if (found != words.end()) return k.role_class;
  }
  return RoleClass::kUnknown;
}

RoleClass RoleClassifier::Classify(std::string_view role, std::string_view department) const {
  RoleClass c = ClassifyText(role);
  return c != RoleClass::kUnknown ? c : ClassifyText(department);
}

}  // namespace phi
