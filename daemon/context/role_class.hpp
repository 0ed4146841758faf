// What kind of work a role does, read from the free-text role and department names of the
// employees feed ("Billing Specialist", "billing_clerk", "Patient Access Representative"...),
// so that explanations and rules do not depend on one hospital's spelling of its job titles.
// Words are matched case-insensitively on word boundaries; the first class with a match wins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace phi {

enum class RoleClass : uint8_t {
  kUnknown,     // no keyword matched
  kService,     // a system account: interfaces, reporting jobs, backups
  kRecords,     // health information management, release of information
  kOperations,  // billing, coding, registration, scheduling, front desk
  kIt,          // information technology
  kAudit,       // privacy, compliance and audit: they review any record's use
  kClinical,    // physicians, nurses, therapists, pharmacists, technologists...
};
std::string_view RoleClassName(RoleClass c);

// For operations roles: which part of the patient's journey their work follows, which decides
// how long around a care episode it explains an access (context_snapshot.cpp).
enum class OperationsWork : uint8_t {
  kGeneral,       // clerks, office managers: around any episode
  kBilling,       // billing, claims: from the start of care to months after it
  kCoding,        // coding and documentation review: the same, and they read clinical notes
  kRegistration,  // registration, front desk, admissions: around arrival, during a stay
  kScheduling,    // scheduling: the weeks before an appointment
};
OperationsWork ClassifyOperationsWork(std::string_view role, std::string_view department);

struct RoleClassKeywords {
  RoleClass role_class = RoleClass::kUnknown;
  // One or more words each ("front desk"); "=service" matches only a role named exactly so.
  std::vector<std::string> keywords;
};

// The defaults, in the order they are tried (a "Nurse Scheduler" schedules).
std::vector<RoleClassKeywords> DefaultRoleClassKeywords();

class RoleClassifier {
 public:
  explicit RoleClassifier(std::vector<RoleClassKeywords> classes = DefaultRoleClassKeywords());

  // The class of a role; when the role says nothing, the class its department suggests.
  RoleClass Classify(std::string_view role, std::string_view department) const;
  RoleClass ClassifyText(std::string_view text) const;

 private:
  struct Keyword {
    RoleClass role_class;
    bool whole;  // the words must be the whole text
    std::vector<std::string> words;
  };
  std::vector<Keyword> keywords_;
};

// Whether a department serves the patients of every other department (pharmacy, laboratory,
// case management...), by the words of its name; see DefaultServiceDepartmentWords().
std::vector<std::string> DefaultServiceDepartmentWords();
bool ContainsAnyWords(std::string_view text, const std::vector<std::string>& phrases);

// The lower-case words of `text` (letters and digits; everything else separates words).
std::vector<std::string> LowerWords(std::string_view text);

}  // namespace phi
