// The rates and windows of the synthetic world, declared once: every default of the routine work
// that makes the hospital and the clinic look real (README, "phi-demo-gen"). Only the consult
// order share is also a command-line option (--consult-order-share).
#pragma once

namespace phi::demo {

// ---- The context feeds' reach around the window -------------------------------------------
inline constexpr int kHistoryDays = 45;      // stays, visits and orders before the first day
inline constexpr int kBookedAheadDays = 28;  // appointments already booked after the last day

// ---- People ------------------------------------------------------------------------------
inline constexpr double kStaffWithRecordShare = 0.30;  // employees who are also patients
inline constexpr double kStaffCareShare = 0.01;    // stays and visits that go to staff households
inline constexpr double kApartmentShare = 0.20;    // households living in apartment buildings
inline constexpr int kHouseholdsPerBuilding = 30;  // one street address, no unit number
inline constexpr double kStaffElsewhereContactShare = 0.05;  // staff listed by a parent elsewhere
inline constexpr double kVipShare = 0.003;
inline constexpr double kLongDeceasedShare = 0.015;
inline constexpr double kSudShare = 0.08;  // clinic: kClinicSudShare
inline constexpr double kClinicSudShare = 0.20;
inline constexpr double kHivShare = 0.005;

// ---- Schedules ---------------------------------------------------------------------------
inline constexpr double kLeaveShare = 0.15;       // a vacation or leave of 5-9 days in the window
inline constexpr double kOvertimeShare = 0.06;    // a shift that runs 1-4 hours late
inline constexpr double kExtraShiftShare = 0.02;  // a shift picked up on a rota day off
inline constexpr double kRotatingNurseShare = 0.15;  // alternate weeks of days and nights
// Seasonal load: the middle third of the window has 30% more ED and medicine arrivals, and
// clinical staff do 15% more work.
inline constexpr double kSurgeArrivalFactor = 1.30;
inline constexpr double kSurgeWorkFactor = 1.15;

// ---- Hospital care -----------------------------------------------------------------------
inline constexpr double kEdAdmitShare = 0.15;         // ED visits admitted to a ward
inline constexpr double kElectiveShare = 0.40;        // of a ward's own admissions: scheduled
inline constexpr double kConsultPerStayDay = 0.10;    // consults per inpatient day / ED visit
inline constexpr double kConsultOrderShare = 0.70;    // consults with an order in appointments
inline constexpr double kConsultRevisitShare = 0.40;  // consultant comes back the next day
inline constexpr int kCrossCoverMaxPatients = 4;      // per night doctor, other teams' patients
inline constexpr double kChartPrepShare = 0.50;       // visits and scheduled stays, 1-7 days ahead
inline constexpr int kChartPrepMaxDays = 7;
inline constexpr double kResultsReviewShare = 0.60;  // stays: results 2-21 days after discharge
inline constexpr int kResultsReviewMaxDays = 21;
inline constexpr double kFollowUpCallShare = 0.40;   // a nurse calls 1-3 days after discharge
inline constexpr double kFollowUpVisitShare = 0.50;  // a clinic visit 7-28 days after discharge
inline constexpr double kReferralShare = 0.08;       // clinic visits that refer elsewhere
inline constexpr double kVisitImagingShare = 0.15;   // clinic visits with an imaging order
inline constexpr double kStayImagingShare = 0.30;    // stays with an imaging order
inline constexpr double kEdImagingShare = 0.40;
inline constexpr double kPreAdmissionVisitShare = 0.50;  // scheduled stays: a visit 2-7 days before
inline constexpr double kClinicNurseShare = 0.25;        // ward nurses who staff the clinic instead
inline constexpr double kBreakGlassOnRestricted = 0.6;   // ED's first look at a VIP or colleague

// ---- Operations --------------------------------------------------------------------------
inline constexpr int kBookingMaxDaysAhead = 30;      // an appointment is booked 1-30 days ahead
inline constexpr double kReminderCallShare = 0.5;    // a call 1-2 days before
inline constexpr int kBillingMaxDaysAfter = 21;      // billing/coding after a visit or discharge
inline constexpr double kDenialFollowUpShare = 0.2;  // a claim worked again 30-45 days later
inline constexpr double kRoiPerHimShift = 1.5;       // release-of-information requests
inline constexpr double kRoiDeceasedShare = 0.10;    // ...for a deceased patient's estate
inline constexpr int kMaxRoutineBatchRows = 60;      // a clerk's batch export or print
inline constexpr int kMaxItQueryRows = 40;

// ---- Failures and break-the-glass --------------------------------------------------------
inline constexpr double kFailedLoginShare = 0.02;   // shifts that start with a mistyped password
inline constexpr double kFailureShare = 0.003;      // chart accesses that fail
inline constexpr double kDeniedClickShare = 0.002;  // shifts with one denied restricted tab

// ---- The clinic ---------------------------------------------------------------------------
inline constexpr double kClinicActiveShare = 0.70;  // records with an open episode of care
inline constexpr double kClinicFormerShare = 0.12;  // records with a closed episode
inline constexpr int kTherapistCaseload = 55;       // clients of a full-time clinician
inline constexpr int kPsychologistCaseload = 45;
inline constexpr int kPrescriberCaseload = 250;
inline constexpr double kWeeklyShare = 0.45;          // therapy cadence: weekly, biweekly (0.40),
inline constexpr double kBiweeklyShare = 0.40;        // monthly otherwise
inline constexpr double kAlsoPsychiatryShare = 0.35;  // therapy clients who also see a prescriber
inline constexpr double kGroupLeaderShare = 0.30;     // therapists who run a weekly group
inline constexpr double kRescheduledShare = 0.12;
inline constexpr double kCancelledShare = 0.08;        // never in the feed
inline constexpr double kLateNoteShare = 0.15;         // session note written the next workday
inline constexpr double kNotesFromHomeShare = 0.25;    // clinicians who finish notes at 20-22 h
inline constexpr double kSupervisedShare = 0.30;       // pre-licensed therapists
inline constexpr double kLeaveMovedShare = 0.40;       // sessions moved to the covering colleague
inline constexpr double kInjectionClientShare = 0.05;  // prescriber clients with a nurse visit

// ---- Incidents ---------------------------------------------------------------------------
inline constexpr double kIncidentsPerThousandUserDays = 2.0;

}  // namespace phi::demo
