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
    case RoleClass::kAudit:
      return "audit";
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
      {RoleClass::kAudit, {"privacy", "compliance", "auditor", "audit"}},
      {RoleClass::kRecords,
       {"him", "health information", "medical records", "medical record", "release of information",
        "roi", "records", "tumor registrar", "registry", "quality", "utilization review",
        "infection prevention", "infection preventionist"}},
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

std::vector<std::string> DefaultServiceDepartmentWords() {
  return {"pharmacy",        "pharmacist",      "laboratory",       "lab",
          "pathology",       "case management", "care management",  "social work",
          "social services", "utilization",     "quality",          "infection",
          "rehabilitation",  "rehab",           "physical therapy", "occupational therapy",
          "respiratory",     "nutrition",       "dietary",          "food",
          "anesthesia",      "anesthesiology",  "chaplain",         "spiritual care",
          "pastoral",        "transport",       "interpreter",      "patient safety",
          "float",           "float pool",      "resource pool",    "wound care",
          "dialysis"};
}

bool ContainsAnyWords(std::string_view text, const std::vector<std::string>& phrases) {
  const std::vector<std::string> words = LowerWords(text);
  for (const auto& phrase : phrases) {
    const std::vector<std::string> want = LowerWords(phrase);
    if (!want.empty() &&
        std::search(words.begin(), words.end(), want.begin(), want.end()) != words.end())
      return true;
  }
  return false;
}

OperationsWork ClassifyOperationsWork(std::string_view role, std::string_view department) {
  static const std::vector<std::string> kCoding = {"coder", "coding", "abstractor",
                                                   "clinical documentation", "cdi"};
  static const std::vector<std::string> kBilling = {"billing",           "biller",   "claims",
                                                    "revenue",           "account",  "accounts",
                                                    "patient financial", "financial"};
  static const std::vector<std::string> kRegistration = {
      "registrar",  "registration", "patient access", "admissions", "admitting",
      "front desk", "front office", "receptionist",   "reception",  "check in"};
  static const std::vector<std::string> kScheduling = {"scheduler", "scheduling", "appointment",
                                                       "appointments"};
  for (std::string_view text : {role, department}) {
    if (ContainsAnyWords(text, kCoding)) return OperationsWork::kCoding;
    if (ContainsAnyWords(text, kScheduling)) return OperationsWork::kScheduling;
    if (ContainsAnyWords(text, kBilling)) return OperationsWork::kBilling;
    if (ContainsAnyWords(text, kRegistration)) return OperationsWork::kRegistration;
  }
  return OperationsWork::kGeneral;
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
