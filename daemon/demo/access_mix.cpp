// Access mixes per reason and role (see access_mix.hpp).
#include "daemon/demo/access_mix.hpp"

#include <array>

#include "daemon/demo/hospital_model.hpp"

namespace phi::demo {
namespace {

struct Touch {
  Action action;
  RecordType type;
  int weight;
};

template <size_t N>
ChartAccess PickTouch(const Touch (&touches)[N], DemoRandom& rng) {
  std::array<int, N> weights;
  for (size_t i = 0; i < N; ++i) weights[i] = touches[i].weight;
  const Touch& t = touches[rng.Weighted(weights)];
  return {t.action, t.type};
}

using A = Action;
using R = RecordType;

constexpr Touch kChartPrep[] = {{A::kView, R::kClinicalNote, 40},
                                {A::kView, R::kLabResult, 25},
                                {A::kView, R::kMedication, 15},
                                {A::kView, R::kImaging, 10},
                                {A::kView, R::kDemographics, 10}};
constexpr Touch kResultsReview[] = {{A::kView, R::kLabResult, 45},
                                    {A::kView, R::kImaging, 25},
                                    {A::kView, R::kClinicalNote, 20},
                                    {A::kCreate, R::kClinicalNote, 10}};
constexpr Touch kFollowUpCall[] = {{A::kView, R::kClinicalNote, 30},
                                   {A::kView, R::kMedication, 25},
                                   {A::kView, R::kDischargeSummary, 15},
                                   {A::kCreate, R::kClinicalNote, 25},
                                   {A::kView, R::kSchedule, 5}};
constexpr Touch kDischargeSummary[] = {{A::kCreate, R::kDischargeSummary, 35},
                                       {A::kUpdate, R::kDischargeSummary, 10},
                                       {A::kView, R::kClinicalNote, 25},
                                       {A::kView, R::kLabResult, 15},
                                       {A::kView, R::kMedication, 15}};
constexpr Touch kReferralLetter[] = {{A::kCreate, R::kReferralLetter, 50},
                                     {A::kView, R::kClinicalNote, 30},
                                     {A::kPrint, R::kReferralLetter, 20}};
constexpr Touch kImagingStudy[] = {{A::kView, R::kDemographics, 30},
                                   {A::kView, R::kImaging, 40},
                                   {A::kView, R::kClinicalNote, 10},
                                   {A::kUpdate, R::kImaging, 20}};
constexpr Touch kImagingRead[] = {{A::kView, R::kImaging, 55},
                                  {A::kView, R::kClinicalNote, 20},
                                  {A::kCreate, R::kClinicalNote, 20},
                                  {A::kView, R::kLabResult, 5}};
constexpr Touch kConsult[] = {{A::kView, R::kClinicalNote, 35},
                              {A::kView, R::kLabResult, 20},
                              {A::kView, R::kImaging, 15},
                              {A::kView, R::kMedication, 15},
                              {A::kCreate, R::kClinicalNote, 15}};
constexpr Touch kCrossCover[] = {{A::kView, R::kMedication, 30},
                                 {A::kView, R::kClinicalNote, 30},
                                 {A::kView, R::kLabResult, 20},
                                 {A::kUpdate, R::kMedication, 15},
                                 {A::kCreate, R::kClinicalNote, 5}};
constexpr Touch kRegistration[] = {{A::kCreate, R::kDemographics, 5},
                                   {A::kUpdate, R::kDemographics, 40},
                                   {A::kView, R::kDemographics, 45},
                                   {A::kView, R::kSchedule, 10}};
constexpr Touch kNewPatient[] = {{A::kCreate, R::kDemographics, 50},
                                 {A::kUpdate, R::kDemographics, 25},
                                 {A::kView, R::kDemographics, 15},
                                 {A::kUpdate, R::kSchedule, 10}};
constexpr Touch kCheckIn[] = {{A::kView, R::kSchedule, 35},
                              {A::kView, R::kDemographics, 30},
                              {A::kUpdate, R::kDemographics, 15},
                              {A::kUpdate, R::kSchedule, 10},
                              {A::kView, R::kBillingStatement, 10}};
constexpr Touch kScheduling[] = {{A::kView, R::kSchedule, 45},
                                 {A::kUpdate, R::kSchedule, 30},
                                 {A::kView, R::kDemographics, 20},
                                 {A::kPrint, R::kSchedule, 5}};
constexpr Touch kBilling[] = {{A::kView, R::kBillingStatement, 45},
                              {A::kUpdate, R::kBillingStatement, 20},
                              {A::kView, R::kDemographics, 20},
                              {A::kPrint, R::kBillingStatement, 10},
                              {A::kView, R::kSchedule, 5}};
constexpr Touch kHimAbstracting[] = {
    {A::kView, R::kClinicalNote, 30}, {A::kView, R::kDischargeSummary, 15},
    {A::kView, R::kLabResult, 10},    {A::kUpdate, R::kClinicalNote, 15},
    {A::kView, R::kDemographics, 10}, {A::kView, R::kMedication, 5},
    {A::kView, R::kImaging, 5},       {A::kPrint, R::kClinicalNote, 10}};
constexpr Touch kReleaseOfInformation[] = {
    {A::kView, R::kDemographics, 20},      {A::kPrint, R::kClinicalNote, 25},
    {A::kPrint, R::kLabResult, 15},        {A::kView, R::kClinicalNote, 15},
    {A::kPrint, R::kDischargeSummary, 10}, {A::kExport, R::kClinicalNote, 10},
    {A::kView, R::kLabResult, 5}};
constexpr Touch kIntakeScreening[] = {{A::kView, R::kDemographics, 25},
                                      {A::kUpdate, R::kDemographics, 25},
                                      {A::kView, R::kReferralLetter, 25},
                                      {A::kUpdate, R::kSchedule, 15},
                                      {A::kView, R::kBillingStatement, 10}};
constexpr Touch kTherapy[] = {
    {A::kView, R::kTreatmentPlan, 12},       {A::kView, R::kClinicalNote, 25},
    {A::kView, R::kPsychotherapyNote, 15},   {A::kCreate, R::kClinicalNote, 25},
    {A::kCreate, R::kPsychotherapyNote, 13}, {A::kUpdate, R::kTreatmentPlan, 5},
    {A::kView, R::kDemographics, 5}};
constexpr Touch kPrescriber[] = {
    {A::kView, R::kClinicalNote, 25}, {A::kView, R::kMedication, 25},
    {A::kView, R::kLabResult, 15},    {A::kCreate, R::kClinicalNote, 15},
    {A::kUpdate, R::kMedication, 12}, {A::kView, R::kTreatmentPlan, 8}};
constexpr Touch kClinicNurse[] = {{A::kView, R::kMedication, 40},
                                  {A::kView, R::kClinicalNote, 25},
                                  {A::kCreate, R::kClinicalNote, 20},
                                  {A::kUpdate, R::kMedication, 10},
                                  {A::kView, R::kLabResult, 5}};
constexpr Touch kGroup[] = {{A::kCreate, R::kClinicalNote, 60},
                            {A::kView, R::kClinicalNote, 30},
                            {A::kView, R::kTreatmentPlan, 10}};
constexpr Touch kCaseloadCall[] = {{A::kView, R::kClinicalNote, 40},
                                   {A::kCreate, R::kClinicalNote, 30},
                                   {A::kView, R::kTreatmentPlan, 15},
                                   {A::kView, R::kMedication, 15}};
// Training under supervision is one of the uses of psychotherapy notes the Privacy Rule permits.
constexpr Touch kSupervision[] = {{A::kView, R::kClinicalNote, 50},
                                  {A::kView, R::kTreatmentPlan, 30},
                                  {A::kView, R::kPsychotherapyNote, 10},
                                  {A::kView, R::kDemographics, 10}};
constexpr Touch kLeaveCoverage[] = {{A::kView, R::kClinicalNote, 40},
                                    {A::kView, R::kTreatmentPlan, 20},
                                    {A::kView, R::kMedication, 15},
                                    {A::kCreate, R::kClinicalNote, 20},
                                    {A::kView, R::kPsychotherapyNote, 5}};

bool TalkTherapist(Role role) {
  return role == Role::kTherapist || role == Role::kPsychologist;
}

// Bedside and clinic-room work in a hospital department.
ChartAccess WardCare(Role role, Department unit, uint8_t conditions, DemoRandom& rng) {
  static constexpr std::array<RecordType, 9> kTypes = {
      R::kDemographics,      R::kClinicalNote, R::kLabResult, R::kMedication,        R::kImaging,
      R::kPsychotherapyNote, R::kSudTreatment, R::kHivResult, R::kReproductiveHealth};
  std::array<int, 9> weights;
  switch (unit) {
    case Department::kCardiology:
      weights = {5, 30, 25, 20, 20, 0, 0, 0, 0};
      break;
    case Department::kOncology:
      weights = {5, 25, 30, 25, 14, 0, 0, 0, 0};
      break;
    case Department::kPediatrics:
      weights = {10, 35, 25, 20, 10, 0, 0, 0, 0};
      break;
    case Department::kPsychiatry:
      weights = {8, 30, 5, 25, 0, 20, 0, 0, 0};
      break;
    case Department::kObstetrics:
      weights = {6, 25, 20, 15, 10, 0, 0, 0, 25};
      break;
    case Department::kRadiology:
      weights = {10, 10, 5, 0, 75, 0, 0, 0, 0};
      break;
    case Department::kEmergency:
      weights = {10, 30, 25, 18, 15, 0, 0, 0, 0};
      break;
    default:  // Internal Medicine and anything else
      weights = {6, 30, 28, 22, 14, 0, 0, 0, 0};
  }
  const bool treats_sud = unit == Department::kPsychiatry || unit == Department::kEmergency ||
                          unit == Department::kInternalMedicine;
  const bool treats_hiv = unit == Department::kInternalMedicine || unit == Department::kOncology ||
                          unit == Department::kEmergency;
  if ((conditions & kConditionSud) && treats_sud) weights[6] = 8;
  if ((conditions & kConditionHiv) && treats_hiv) weights[7] = 5;
  if (!TalkTherapist(role) && role != Role::kPhysician && role != Role::kPsychiatrist) {
    weights[5] = 0;  // nurses and residents do not open psychotherapy notes
  }
  static constexpr std::array<Action, 5> kActions = {A::kView, A::kCreate, A::kUpdate, A::kPrint,
                                                     A::kExport};
  static constexpr int kActionWeights[][5] = {
      {72, 10, 12, 4, 2},  // physician
      {62, 8, 26, 4, 0},   // nurse
      {70, 14, 12, 3, 1},  // resident
      {60, 25, 10, 5, 0},  // therapist, psychologist
  };
  const int row = role == Role::kNurse      ? 1
                  : role == Role::kResident ? 2
                  : TalkTherapist(role)     ? 3
                                            : 0;
  ChartAccess a{kActions[rng.Weighted(kActionWeights[row])], kTypes[rng.Weighted(weights)]};
  if (a.action == A::kCreate || a.action == A::kUpdate) {
    switch (a.type) {
      case R::kLabResult:
      case R::kImaging:
      case R::kHivResult:
      case R::kDemographics:
        a.type = a.action == A::kUpdate ? R::kMedication : R::kClinicalNote;
        break;
      default:
        break;
    }
  }
  return a;
}

}  // namespace

ChartAccess PickChartAccess(AccessReason reason, Role role, Department unit, uint8_t conditions,
                            DemoRandom& rng) {
  const bool sud = (conditions & kConditionSud) != 0;
  switch (reason) {
    case AccessReason::kWardCare:
    case AccessReason::kClinicVisit:
      return WardCare(role, unit, conditions, rng);
    case AccessReason::kChartPrep:
      return PickTouch(kChartPrep, rng);
    case AccessReason::kResultsReview:
      return PickTouch(kResultsReview, rng);
    case AccessReason::kFollowUpCall:
      return PickTouch(kFollowUpCall, rng);
    case AccessReason::kDischargeSummary:
      return PickTouch(kDischargeSummary, rng);
    case AccessReason::kReferralLetter:
      return PickTouch(kReferralLetter, rng);
    case AccessReason::kImagingStudy:
      return PickTouch(kImagingStudy, rng);
    case AccessReason::kImagingRead:
      return PickTouch(kImagingRead, rng);
    case AccessReason::kConsult:
    case AccessReason::kUnrecordedConsult:
      if (sud && unit == Department::kPsychiatry && rng.Chance(0.1)) {
        return {A::kView, R::kSudTreatment};
      }
      return PickTouch(kConsult, rng);
    case AccessReason::kCrossCover:
      return PickTouch(kCrossCover, rng);
    case AccessReason::kRegistration:
      return PickTouch(kRegistration, rng);
    case AccessReason::kNewPatient:
      return PickTouch(kNewPatient, rng);
    case AccessReason::kCheckIn:
      return PickTouch(kCheckIn, rng);
    case AccessReason::kScheduling:
      return PickTouch(kScheduling, rng);
    case AccessReason::kBilling:
      return PickTouch(kBilling, rng);
    case AccessReason::kHimAbstracting:
      return PickTouch(kHimAbstracting, rng);
    case AccessReason::kReleaseOfInformation:
      return PickTouch(kReleaseOfInformation, rng);
    case AccessReason::kIntakeScreening:
      return PickTouch(kIntakeScreening, rng);
    case AccessReason::kGroupSession:
      return PickTouch(kGroup, rng);
    case AccessReason::kSupervision:
      return PickTouch(kSupervision, rng);
    case AccessReason::kTherapySession:
    case AccessReason::kMedicationVisit:
    case AccessReason::kCaseloadCall:
    case AccessReason::kLeaveCoverage:
      break;
    default:
      return PickTouch(kChartPrep, rng);
  }
  // The clinic's clinical work, by who does it.
  if (role == Role::kNurse) return PickTouch(kClinicNurse, rng);
  if (role == Role::kPsychiatrist) {
    if (sud && rng.Chance(0.12)) return {A::kView, R::kSudTreatment};
    if ((conditions & kConditionHiv) && rng.Chance(0.04)) return {A::kView, R::kHivResult};
    return PickTouch(kPrescriber, rng);
  }
  if (sud && rng.Chance(0.08)) return {A::kView, R::kSudTreatment};
  switch (reason) {
    case AccessReason::kCaseloadCall:
      return PickTouch(kCaseloadCall, rng);
    case AccessReason::kLeaveCoverage:
      return PickTouch(kLeaveCoverage, rng);
    default:
      return PickTouch(kTherapy, rng);
  }
}

}  // namespace phi::demo
