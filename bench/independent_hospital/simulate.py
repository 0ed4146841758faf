#!/usr/bin/env python3
"""Independent synthetic EHR audit-log simulator (held-out test bench for phi-auditd).

It models a *world* (people, households, staff, schedules, care episodes, back-office
worklists) and lets the audit log fall out of the work people do in it.  Nothing here
knows about any detection rule.

Two profiles
------------
hospital (default: 2,000 employees, 50,000 patients in the master patient index, 14 days)
    A ~260-bed community teaching hospital with an ED, ten inpatient services, surgery
    (perioperative nursing, anesthesia), hospital and practice-based clinics, ancillaries
    (Radiology, Laboratory, Pharmacy, Rehab),
    back office (Patient Access, Patient Financial Services, HIM, Quality, IT) and
    staff who never touch the EHR (EVS, food service, facilities, security, HR).
practice (default: 40 staff, 2,000 clients, 14 days)
    A community outpatient mental-health practice: therapists / psychologists /
    prescribers with standing weekly, biweekly or monthly appointments, groups,
    clinical supervision, leave cover, a front desk, billing, intake, a part-time
    IT contractor.

What the world contains (hospital defaults, all volumes scale with --employees/2000)
-----------------------------------------------------------------------------------
* People live in households (1-6 members, partners keep their own surname 25% of the
  time, grandparents / roommates with other surnames); 9% of households are in ~150
  apartment buildings, 85% of those with a unit number in the address.  A third of
  households are linked to a relative's household elsewhere (emergency contacts).
  Surnames follow a long-tailed distribution (Smith ~1%).  Employees live among the
  patients; ~55% of employees and ~65% of their relatives are patients here.
  8% of employees have an HR address that differs from their registration address.
* ~66 admissions/day incl. newborns (ALOS ~4 d, ~52% through the ED, census ~240-300),
  ~155 ED visits/day, ~19 same-day surgeries per day, ~1,300 clinic visits per weekday
  from provider templates (Saturday urgent clinic only), outpatient lab (35% of visits)
  and imaging (15%) orders, referrals (6%), post-discharge follow-up visits (60% of
  discharges, 7-30 days later), surgery cases, newborns for deliveries, 2% in-hospital
  mortality.  A flu-like stretch (40%-75% of the window) raises ED and medical volume.
  History is generated for 90 days before the window (encounters / appointments in
  the feeds, back-office work on them in the window) and 60 days of future bookings.
* Shifts: 12 h nursing (day / night / rotating, 3 per week, overtime), ED physician
  shifts incl. nights, hospitalists 7-on/7-off and nocturnists, specialists on weekdays
  with weekend call and occasional evening results review from home (VDI), residents
  on 1-2 week rotations (night-float weeks), float-pool nurses assigned to a unit each
  shift, 8 h 24x7 shifts (lab, pharmacy, radiology, ED registration), office hours with
  personal start times, remote coders, IT on-call.  ~10% of staff take a 5-9 day
  vacation in the window, 2% of shifts are sick days.
* Care: nurses chart through each shift (continuity across shifts), attendings or their
  covering colleague round daily, residents, NPs, pharmacists, lab/radiology, case
  management, social work, rehab, dietitians, night cross-cover by another service,
  consults (35% of stays, 70% with a consult order row), pre-visit chart prep,
  discharge summaries, results review and calls for weeks after discharge.
* Back office works from worklists (coding after discharge, billing 2-30 days after and
  denials on 30-120 day old accounts, HIM deficiencies/scanning, quality abstraction,
  release of information incl. estates of long-dead patients, tumour registry), clerks'
  routine daily export batches (30-80 records), a reporting service account exporting
  thousands of records nightly, IT ad-hoc queries and test-patient use, infection
  prevention, an employee-health flu-shot campaign, a privacy officer's reviews.
* Noise that is not misuse: shared workstations, failed logins and password-expiry
  bursts, unknown (mistyped) user ids on failed logins, access-denied on restricted
  records, legitimate break-the-glass on restricted (VIP / employee) charts,
  consecutive new MRNs registered in a busy ED, mother/newborn MRNs, employees treated
  by colleagues, VIPs treated by their care team, unrecorded consults, incoming
  referrals, IT troubleshooting a real chart.

Incidents (--incidents-per-scenario, default 5 hospital / 2 practice) are injected
afterwards by users who never appear in another incident, on victims their department
never treated (practice: never on the user's caseload, group or supervision) and whom
they never touched in routine work; see INCIDENT_SCENARIOS and README.md.

Everything is driven by random.Random(seed); no clock, no global RNG.  Times are
generated in site-local time and written as UTC (--utc-offset, default 0).
"""
import argparse
import bisect
import csv
import datetime as dt
import math
import os
import sys
import time
from operator import itemgetter
from random import Random

MS_S = 1000
MS_MIN = 60_000
MS_H = 3_600_000
MS_D = 86_400_000
EPOCH = dt.datetime(1970, 1, 1)

HIST_DAYS = 90      # encounters / appointments generated before the window
FUTURE_DAYS = 60    # appointments that may already be booked after the window

INCIDENT_SCENARIOS = [
    "vip", "coworker", "family", "neighbour", "self", "contact", "terminated",
    "bulk_export", "volume_spike", "after_hours", "failed_burst", "break_glass",
    "deceased", "consecutive_mrns", "sensitive_wrong_role",
]

# --------------------------------------------------------------------------- names
SURNAMES = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez
Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright
Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell
Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart
Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly
Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza
Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell
Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez
Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro
Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen
Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva
Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose
Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens
Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez
Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll
Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena
Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada
Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison
Franklin Carlson Austin Dominguez Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop
Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid
Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang
Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May
Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro
Figueroa Keller Avila Wade Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell
Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal Leonard Gregory Carrillo
Sutton Fleming Rhodes Shelton Schwartz Norris Jennings Watts Duran Walters Cohen McDaniel
Moran Parks Steele Vaughn Becker Holt DeLeon Barker Terry Hale Leon Benson Haynes Horton
Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman Dawson
Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson Reeves Chang Klein Salinas
Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin Cummings Chandler Sharp
Barber Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul Blair O'Connor Cardenas
Pacheco Cross Calderon Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald Rosales
Stevenson Christensen Manning Gill Curry McLaughlin Harmon McGee Gross Doyle Garner Newton
Burgess Reese Walton Blake Trujillo Adkins Brady Goodman Roman Webster Goodwin Fischer Huang
Potter Delacruz Montoya Todd Wu Hines Mullins Castaneda Malone Cannon Tate Mack Sherman
Hubbard Hodges Zhang Guerra Wolf Valencia Saunders Franco Rowe Gallagher Farmer Hammond
Hampton Townsend Ingram Wise Gallegos Clarke Barton Schroeder Maxwell Waters Logan Camacho
Strickland Norman Person Colon Parsons Frank Harrington Glover Osborne Buchanan Casey Floyd
Patton Ibarra Ball Tyler Suarez Bowers Orozco Salas Cobb Gibbs Andrade Bauer Conner Moody
Escobar McGuire Lloyd Mueller Hartman French Kramer McBride Pope Lindsey Velazquez Norton
McCormick Sparks Flynn Yates Hogan Marsh Macias Villanueva Zamora Pratt Stokes Owen Ballard
Lang Brock Villarreal Charles Drake Barrera Cain Patrick Pineda Burnett Mercado Santana
Shepherd Bautista Ali Shaffer Lamb Trevino McKenzie Hess Olsen Cochran Morton Nash Wilkins
Petersen Briggs Shah Roth Nicholson Holloway Lozano Rangel Flowers Hoover Short Arias Mora
Valenzuela Bryan Meyers Weiss Underwood Bass Greer Summers Houston Carson Morrow Clayton
Whitaker Decker Yoder Collier Zuniga Carey Wilcox Melendez Poole Roberson Larsen Conley
Davenport Copeland Massey Lam Huff Rocha Cameron Jefferson Hood Monroe Anthony Pittman Huynh
Randall Livingston McIntyre Kowalski Novak Nowak Jankowski Lindqvist Okafor Adeyemi Mensah
Haddad Nasser Kaur Gupta Sharma Reddy Tanaka Sato Yamamoto Ivanova Petrov Rossi Bianchi
Moretti Dubois Lefebvre Schmitt Becker Kruger Van Dyke Delaney Whitfield Ashworth""".split()

FIRST_M = """James Robert John Michael David William Richard Joseph Thomas Christopher Charles
Daniel Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian Timothy
Ronald George Jason Edward Jeffrey Ryan Jacob Nicholas Gary Eric Jonathan Stephen Larry
Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis
Jerry Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy
Christian Walter Keith Austin Roger Terry Sean Gerald Carl Dylan Harold Jordan Jesse Bryan
Lawrence Arthur Gabriel Bruce Logan Billy Joe Alan Juan Elijah Willie Albert Wayne Randy
Mason Vincent Liam Roy Bobby Caleb Bradley Russell Lucas Carlos Luis Miguel Wei Ahmed Omar
Rajesh Hiroshi Dmitri Kwame Tomasz""".split()

FIRST_F = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Karen Sarah Lisa Nancy
Sandra Betty Ashley Emily Kimberly Margaret Donna Michelle Carol Amanda Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Dorothy Amy Kathleen Angela Shirley Emma Brenda
Pamela Nicole Anna Samantha Katherine Christine Debra Rachel Carolyn Janet Maria Olivia
Heather Helen Catherine Diane Julie Victoria Joyce Lauren Kelly Christina Ruth Joan Virginia
Judith Evelyn Hannah Andrea Megan Cheryl Jacqueline Madison Teresa Abigail Sophia Martha
Sara Gloria Janice Kathryn Ann Isabella Judy Charlotte Julia Grace Amber Alice Jean Denise
Frances Danielle Marilyn Natalie Beverly Diana Brittany Theresa Kayla Alexis Doris Lori
Tiffany Rosa Ana Lucia Mei Fatima Priya Yuki Olga Aisha Ingrid""".split()

STREETS = """Oak Maple Cedar Pine Elm Washington Lake Hill Park Main Church High Walnut
Chestnut Spruce Willow Sunset Meadow River Forest Highland Jefferson Lincoln Madison Franklin
Spring Ridge Valley Mill Prospect Orchard Birch Cherry Hickory Dogwood Magnolia Laurel
Jackson Adams Monroe Grant Liberty Union Center School Broad Market Front Bridge Water
Harbor Summit Fairview Greenwood Lakeview Riverside Woodland Brookside Hillcrest Pleasant
Academy Railroad Canal Quarry Lindbergh Kingsley Ashford Preston Whitman""".split()
STREET_SFX = ["St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Way", "Pl", "Ter"]
CITIES = [("Riverton", "45502"), ("Lakeside", "45503"), ("Fairview", "45505"),
          ("Millbrook", "45506"), ("Cedar Falls", "45510"), ("Oak Ridge", "45511"),
          ("Harbor Point", "45514"), ("West Haven", "45517"), ("Springdale", "45520"),
          ("North Bend", "45523")]

# --------------------------------------------------------------------------- vocab
SENSITIVE_TYPES = ("Psychotherapy Note", "Substance Use Treatment Record",
                   "HIV Test Result", "Reproductive Health Record")

V, C, U, P, X, Q = "view", "create", "update", "print", "export", "query"


def _prof(spec):
    """'view Chart Review 10; update Flowsheet 5' -> expanded list of (action, type)."""
    out = []
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        action, weight, rtype = bits[0], int(bits[-1]), " ".join(bits[1:-1])
        out.extend([(action, rtype)] * weight)
    return tuple(out)


PROFILES = {k: _prof(v) for k, v in {
    "rn_inpt": "view Flowsheet 14; update Flowsheet 18; view MAR 12; update MAR 12; "
               "view Chart Review 6; view Orders 5; view Lab Result 5; create Nursing Note 5; "
               "update Vital Signs 8; view Care Plan 3; view Medication List 3; update I/O 3; "
               "view Allergies 1; view Progress Note 2",
    "rn_ed": "view Chart Review 6; update ED Triage 4; update Flowsheet 12; update Vital Signs 10; "
             "view Orders 8; update MAR 8; view Lab Result 5; create Nursing Note 4; "
             "view Allergies 3; view Medication List 3; view Imaging Report 1",
    "md_round": "view Chart Review 12; view Lab Result 14; view Imaging Report 6; "
                "view Medication List 6; create Progress Note 8; update Progress Note 6; "
                "create Orders 8; view Orders 5; view Flowsheet 6; view Vital Signs 4; "
                "view Consult Note 2; view Problem List 2; view MAR 3",
    "md_ed": "view Chart Review 10; create ED Provider Note 6; update ED Provider Note 6; "
             "create Orders 9; view Lab Result 10; view Imaging Report 6; view Vital Signs 4; "
             "view Medication List 4; view Allergies 2; view Problem List 2",
    "md_clinic": "view Chart Review 12; create Progress Note 9; update Progress Note 6; "
                 "view Lab Result 9; view Medication List 7; create Orders 5; "
                 "update Problem List 3; view Imaging Report 4; create eRx 4; view Allergies 2; "
                 "view Vital Signs 5; view Referral 1",
    "md_results": "view Lab Result 20; view Imaging Report 10; update Result Note 5; "
                  "view Chart Review 6; create Patient Message 3; view Progress Note 2",
    "md_prep": "view Chart Review 10; view Progress Note 6; view Lab Result 6; "
               "view Imaging Report 3; view Medication List 3; view Referral 2; view Problem List 2",
    "md_consult": "view Chart Review 10; view Lab Result 8; view Imaging Report 5; "
                  "create Consult Note 5; update Consult Note 3; view Medication List 3; "
                  "view Progress Note 4; create Orders 2",
    "md_dc": "create Discharge Summary 4; update Discharge Summary 4; view Chart Review 3; "
             "view Lab Result 2; create Orders 1; update Medication List 2",
    "ob": "view Reproductive Health Record 8; update Reproductive Health Record 4; "
          "view Chart Review 6; view Lab Result 5; view Flowsheet 4; update Flowsheet 4; "
          "view HIV Test Result 1; create Progress Note 4; view Imaging Report 2",
    "bh": "view Chart Review 6; view Progress Note 8; create Progress Note 6; "
          "view Psychotherapy Note 7; create Psychotherapy Note 5; update Psychotherapy Note 3; "
          "update Treatment Plan 4; view Medication List 3; view PHQ-9 Screening 3",
    "bh_sud": "view Chart Review 4; view Progress Note 6; create Progress Note 5; "
              "view Substance Use Treatment Record 8; update Substance Use Treatment Record 5; "
              "update Treatment Plan 3; view Psychotherapy Note 2; view Lab Result 2",
    "bh_rx": "view Chart Review 6; view Medication List 10; create eRx 6; view Lab Result 5; "
             "create Progress Note 6; update Progress Note 3; view Progress Note 4; "
             "view Psychotherapy Note 1; view PHQ-9 Screening 2",
    "np": "view Chart Review 10; create Progress Note 6; view Lab Result 8; create Orders 6; "
          "view Medication List 5; view Vital Signs 4; create eRx 3; view Imaging Report 3",
    "ma": "update Vital Signs 10; view Medication List 8; update Medication List 4; "
          "view Allergies 5; view Chart Review 4; view Appointment 4; update Immunizations 2; "
          "create Nursing Note 2",
    "fd": "view Appointment 12; update Appointment 12; view Demographics 10; update Demographics 4; "
          "view Insurance Coverage 8; update Insurance Coverage 3; create Payment 3",
    "reg": "view Demographics 14; update Demographics 10; view Insurance Coverage 10; "
           "update Insurance Coverage 6; create Consent Form 3; view Appointment 2; view Encounter 4",
    "sched": "view Appointment 12; create Appointment 10; update Appointment 6; "
             "view Demographics 8; view Insurance Coverage 3; view Referral 3",
    "rn_periop": "view Chart Review 6; update Intraop Record 10; view Consent Form 3; update Flowsheet 6; "
                 "view Allergies 3; view Lab Result 3; update Vital Signs 5; create Nursing Note 2; "
                 "view Orders 3; view Medication List 2",
    "ortech": "view Chart Review 3; update Intraop Record 5; view Orders 2; view Allergies 1",
    "anes": "view Chart Review 8; create Anesthesia Record 6; update Anesthesia Record 10; view Lab Result 6; "
            "view Medication List 5; view Allergies 4; create Orders 3; view Imaging Report 1; "
            "view Vital Signs 4",
    "surgeon": "view Chart Review 6; create Operative Note 4; update Operative Note 2; create Orders 4; "
               "view Imaging Report 3; view Lab Result 3; view Consent Form 2; create Progress Note 1",
    "pharm": "view Medication List 12; update Order Verification 14; view Lab Result 8; "
             "view Allergies 5; view Chart Review 3; view MAR 3",
    "pharmtech": "view MAR 8; view Medication List 6; update Dispense Record 8",
    "lab": "view Orders 10; update Lab Result 16; view Specimen Tracking 8; view Demographics 2",
    "radtech": "view Orders 10; update Imaging Study 12; view Chart Review 2; view Allergies 2; "
               "view Demographics 1",
    "radiol": "view Imaging Study 14; create Imaging Report 10; view Chart Review 4; "
              "view Lab Result 2; view Imaging Report 4",
    "cm": "view Chart Review 10; create Case Management Note 8; view Progress Note 6; "
          "view Insurance Coverage 5; update Discharge Plan 6; view Demographics 2",
    "sw": "view Chart Review 10; create Social Work Note 8; view Demographics 5; "
          "view Progress Note 4; view Contacts 3",
    "ther": "view Chart Review 8; create Therapy Note 10; update Therapy Note 3; view Orders 3; "
            "update Flowsheet 3",
    "diet": "view Chart Review 6; create Nutrition Note 6; view Lab Result 4; view Flowsheet 3; "
            "update Diet Order 2",
    "bill": "view Billing Account 16; update Billing Account 8; view Claim 8; update Claim 5; "
            "view Insurance Coverage 5; view Demographics 3; view Encounter 3",
    "coder": "view Chart Review 6; view Discharge Summary 8; view Progress Note 8; "
             "view Operative Note 2; update Coding Summary 10; view Lab Result 2; "
             "view Imaging Report 2; view Encounter 3",
    "him": "view Scanned Document 8; update Scanned Document 8; view Chart Review 4; "
           "update Chart Deficiency 6; view Encounter 3",
    "roi": "view Chart Review 6; create ROI Request 4; view ROI Request 5; view Scanned Document 3",
    "qa": "view Chart Review 12; view Discharge Summary 6; view Progress Note 5; "
          "view Medication List 2; update Quality Abstract 5; view Lab Result 2",
    "ip": "view Lab Result 12; view Chart Review 8; view Medication List 2; "
          "create Infection Surveillance 2; view Imaging Report 1",
    "eh": "view Immunizations 8; update Immunizations 10; view Chart Review 2; view Demographics 2; "
          "view Allergies 2",
    "registrar": "view Chart Review 6; view Pathology Report 6; update Tumor Abstract 5; "
                 "view Progress Note 3; view Imaging Report 2",
    "priv": "view Chart Review 6; view Demographics 4; view Access Log 6",
    "it_test": "view Chart Review 6; update Orders 4; view Demographics 4; create Orders 3; "
               "update Flowsheet 2; view Lab Result 3",
    "it_real": "view Chart Review 5; view Orders 3; view Scanned Document 2",
    "snoop": "view Chart Review 10; view Lab Result 6; view Imaging Report 3; view Progress Note 4; "
             "view Demographics 4; view Problem List 2; view Medication List 2; "
             "view Discharge Summary 2",
    # practice
    "p_clin": "view Progress Note 10; create Progress Note 6; update Progress Note 4; "
              "view Psychotherapy Note 8; create Psychotherapy Note 6; update Psychotherapy Note 3; "
              "view Treatment Plan 5; update Treatment Plan 2; view PHQ-9 Screening 3; "
              "view Appointment 2",
    "p_sud": "view Progress Note 8; create Progress Note 5; view Substance Use Treatment Record 8; "
             "update Substance Use Treatment Record 6; view Treatment Plan 4; "
             "view Psychotherapy Note 2; view Lab Result 2",
    "p_rx": "view Progress Note 6; create Progress Note 5; view Medication List 10; "
            "create eRx 6; view Lab Result 5; view PHQ-9 Screening 3; view Treatment Plan 2",
    "p_group": "view Progress Note 3; create Group Note 6; view Treatment Plan 2",
    "p_sup": "view Progress Note 10; update Progress Note 5; view Treatment Plan 5; "
             "view Psychotherapy Note 3; view PHQ-9 Screening 2",
    "p_cm": "view Progress Note 5; create Case Management Note 6; view Demographics 4; "
            "view Contacts 3; view Treatment Plan 2",
    "p_intake": "create Demographics 4; update Demographics 4; create Intake Assessment 5; "
                "view Insurance Coverage 4; create Appointment 4",
    "p_him": "view Progress Note 5; view Scanned Document 6; update Scanned Document 4; "
             "view Treatment Plan 3; update Chart Deficiency 3",
}.items()}

CLIN_GROUPS = {"att", "res", "np", "rn", "ma", "sw", "cm", "ther", "pharm", "radiol", "bh",
               "eh", "diet", "clin", "clin_sud", "psy_md", "psy_np", "sup"}


# --------------------------------------------------------------------------- model objects
class Person:
    __slots__ = ("first", "last", "sex", "dob", "age", "address", "hh", "contacts", "emp",
                 "mrn", "mrn_no", "vip", "death", "restricted", "util", "sud", "created",
                 "is_test", "name")

    def __init__(self, first, last, sex, dob, age, address, hh):
        self.first, self.last, self.sex, self.dob, self.age = first, last, sex, dob, age
        self.address, self.hh = address, hh
        self.contacts = []
        self.emp = None
        self.mrn = None
        self.mrn_no = 0
        self.vip = False
        self.death = None       # local ms of death
        self.restricted = False
        self.util = 1.0
        self.sud = False
        self.created = None     # local ms when registered during the window (new patient)
        self.is_test = False
        self.name = f"{first} {last}"


class Household:
    __slots__ = ("address", "members", "relatives")

    def __init__(self, address):
        self.address = address
        self.members = []
        self.relatives = []


class Emp:
    __slots__ = ("idx", "uid", "person", "first", "last", "dept", "role", "grp", "pattern",
                 "hr_address", "hired", "term", "shifts", "code", "desk", "vpn_ip", "sub",
                 "clinic_days", "slots", "panel", "rot", "batch", "ehr", "clin", "remote_pref",
                 "worked_depts", "caseload", "supervisees", "night_ok", "evening", "prm")

    def __init__(self, idx, uid, person, dept, role, grp, pattern):
        self.idx, self.uid, self.person = idx, uid, person
        self.first, self.last = person.first, person.last
        self.dept, self.role, self.grp, self.pattern = dept, role, grp, pattern
        self.hr_address = person.address
        self.hired = None
        self.term = None
        self.shifts = []
        self.code = ""
        self.desk = None
        self.vpn_ip = None
        self.sub = ""
        self.clinic_days = ()
        self.slots = 0
        self.panel = []
        self.rot = []
        self.batch = None
        self.ehr = pattern not in ("none",)
        self.clin = grp in CLIN_GROUPS
        self.remote_pref = 0.0
        self.worked_depts = set()
        self.caseload = []
        self.supervisees = []
        self.night_ok = False
        self.evening = False
        self.prm = {}


class Shift:
    __slots__ = ("start", "end", "dept", "ws", "ips", "remote", "emp")

    def __init__(self, start, end, dept, ws, ips, remote, emp):
        self.start, self.end, self.dept, self.ws, self.ips = start, end, dept, ws, ips
        self.remote, self.emp = remote, emp


class Enc:
    __slots__ = ("pat", "dept", "att", "adm", "dis", "kind", "died", "consults", "elective",
                 "last_rn", "res", "cm", "ed_prov", "link", "from_ed", "surg")

    def __init__(self, pat, dept, att, adm, dis, kind):
        self.pat, self.dept, self.att, self.adm, self.dis, self.kind = pat, dept, att, adm, dis, kind
        self.died = False
        self.consults = []
        self.elective = False
        self.last_rn = None
        self.res = None
        self.cm = None
        self.ed_prov = None
        self.link = None
        self.from_ed = False
        self.surg = None


class Appt:
    __slots__ = ("pat", "dept", "prov", "t", "kind", "status", "booked", "orderer", "actual")

    def __init__(self, pat, dept, prov, t, kind, booked, status="ok"):
        self.pat, self.dept, self.prov, self.t, self.kind = pat, dept, prov, t, kind
        self.booked, self.status = booked, status
        self.orderer = None
        self.actual = None     # practice: clinician who really saw the client (cover)


# --------------------------------------------------------------------------- the world
class World:
    """State and helpers shared by both profiles."""

    SITE = "RVH"

    def __init__(self, args):
        self.args = args
        self.rng = Random(args.seed)
        self.r = self.rng.random
        start = dt.datetime.strptime(args.start, "%Y-%m-%d")
        self.start_date = start.date()
        self.days = args.days
        self.W0 = int((start - EPOCH).total_seconds()) * MS_S
        self.W1 = self.W0 + self.days * MS_D
        self.H0 = self.W0 - HIST_DAYS * MS_D
        self.F1 = self.W1 + FUTURE_DAYS * MS_D
        self.off = int(round(args.utc_offset * MS_H))
        self.ev = []                 # (t, uid, role, dept, action, mrn, rtype, count, ws, ip, outcome, extra, tag)
        self._days = {}
        self.people = []
        self.households = []
        self.patients = []
        self.emps = []
        self.uids = set()
        self.new_patients = []
        self.encs = []
        self.appts = []
        self.duty = {}
        self.unit_ws = {}
        self.dept_ip = {}
        self.incidents = []
        self.btg_seen = set()
        self.inc_users = set()
        sn_w = [1.0 / (i + 30) ** 0.95 for i in range(len(SURNAMES))]
        self._sn_cum = list(self._cum(sn_w))
        self._fm_cum = list(self._cum([1.0 / (i + 8) for i in range(len(FIRST_M))]))
        self._ff_cum = list(self._cum([1.0 / (i + 8) for i in range(len(FIRST_F))]))

    # ---------------------------------------------------------------- random helpers
    @staticmethod
    def _cum(ws):
        s = 0.0
        for w in ws:
            s += w
            yield s

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def wpick(self, items, cum):
        return items[bisect.bisect_right(cum, self.r() * cum[-1])]

    def chance(self, p):
        return self.r() < p

    def uni(self, a, b):
        return a + (b - a) * self.r()

    def randint(self, a, b):
        return a + int(self.r() * (b - a + 1))

    def poisson(self, lam):
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, int(self.rng.gauss(lam, math.sqrt(lam)) + 0.5))
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.r()
            if p <= l:
                return k
            k += 1

    def lognorm(self, median, sigma):
        return median * math.exp(self.rng.gauss(0.0, sigma))

    def gap(self):
        """Seconds between two clicks of one user in one chart."""
        return 3000 + int(self.rng.expovariate(1.0 / 22000))

    # ---------------------------------------------------------------- time helpers
    @staticmethod
    def weekday(t):
        return (t // MS_D + 3) % 7          # 1970-01-01 was a Thursday; Monday = 0

    @staticmethod
    def day0(t):
        return t - t % MS_D

    def day_index(self, t):
        return (t - self.W0) // MS_D

    def flu(self, t):
        """Load factor of the flu-like stretch (40%-75% of the window)."""
        f = (t - self.W0) / max(1, self.W1 - self.W0)
        return 1.0 if not (0.4 <= f < 0.75) else 1.0 + 0.35 * math.sin(math.pi * (f - 0.4) / 0.35)

    def _daystr(self, d):
        s = self._days.get(d)
        if s is None:
            s = (EPOCH + dt.timedelta(days=d)).strftime("%Y-%m-%d")
            self._days[d] = s
        return s

    def ts(self, t):
        u = t - self.off
        d, rem = divmod(u, MS_D)
        h, rem = divmod(rem, MS_H)
        m, rem = divmod(rem, MS_MIN)
        s, f = divmod(rem, MS_S)
        return f"{self._daystr(d)}T{h:02d}:{m:02d}:{s:02d}.{f:03d}Z"

    def ts_min(self, t):
        u = t - self.off
        d, rem = divmod(u, MS_D)
        h, rem = divmod(rem, MS_H)
        m = rem // MS_MIN
        return f"{self._daystr(d)}T{h:02d}:{m:02d}:00Z"

    def date_local(self, t):
        return self._daystr(t // MS_D)

    def ms_of_date(self, d):
        return (d - EPOCH.date()).days * MS_D

    # ---------------------------------------------------------------- people
    def surname(self):
        return self.wpick(SURNAMES, self._sn_cum)

    def firstname(self, sex):
        return self.wpick(FIRST_M, self._fm_cum) if sex == "M" else self.wpick(FIRST_F, self._ff_cum)

    def person(self, last, sex, age, address, hh):
        dob = self.start_date - dt.timedelta(days=int(age * 365.25 + self.r() * 364))
        p = Person(self.firstname(sex), last, sex, dob, int(age), address, hh)
        self.people.append(p)
        hh.members.append(p)
        return p

    def adult_age(self, lo=19, hi=96):
        while True:
            a = self.uni(lo, hi)
            if a < 72 or self.r() < 0.55 * (hi - a) / (hi - 72 + 1e-9):
                return a

    def make_buildings(self, n):
        self.buildings = []
        for _ in range(n):
            city, zp = self.pick(CITIES)
            num = self.randint(10, 2400)
            street = f"{num} {self.pick(STREETS)} {self.pick(STREET_SFX)}"
            self.buildings.append((street, f"{city} {zp}", self.randint(2, 9), self.chance(0.5)))
        self.house_addrs = set()

    def address(self, apt_share):
        r = self.r
        if r() < apt_share:
            street, city, floors, numeric = self.pick(self.buildings)
            if r() < 0.85:
                fl = self.randint(1, floors)
                unit = f"{fl}{chr(65 + int(r() * 6))}" if not numeric else f"{fl}{self.randint(1, 24):02d}"
                kw = "Apt" if r() < 0.8 else ("Unit" if r() < 0.5 else "#")
                sep = " " if kw != "#" else " "
                return f"{street} {kw}{sep}{unit}".replace("# ", "#") + f", {city}"
            return f"{street}, {city}"
        while True:
            city, zp = self.pick(CITIES)
            a = f"{self.randint(1, 9899)} {self.pick(STREETS)} {self.pick(STREET_SFX)}, {city} {zp}"
            if a not in self.house_addrs:
                self.house_addrs.add(a)
                return a

    def household(self, apt_share, primary_age=None, link_p=0.33):
        """One household; returns (household, adults)."""
        r = self.r
        hh = Household(self.address(apt_share))
        self.households.append(hh)
        relative = None
        if len(self.households) > 50 and r() < link_p:
            relative = self.households[int(r() * (len(self.households) - 1))]
            if not relative.members:
                relative = None
        x = r()
        size = 1 if x < 0.28 else 2 if x < 0.62 else 3 if x < 0.78 else 4 if x < 0.91 else 5 if x < 0.97 else 6
        age1 = primary_age if primary_age is not None else self.adult_age()
        sex1 = "F" if r() < 0.53 else "M"
        last1 = relative.members[0].last if relative else self.surname()
        p1 = self.person(last1, sex1, age1, hh.address, hh)
        adults = [p1]
        partner = None
        if size >= 2:
            if r() < 0.78 and age1 < 88:
                sex2 = ("M" if sex1 == "F" else "F") if r() < 0.92 else sex1
                last2 = last1 if r() < 0.75 else self.surname()
                partner = self.person(last2, sex2, max(19, age1 + self.rng.gauss(0, 5)), hh.address, hh)
            else:
                last2 = last1 if r() < 0.5 else self.surname()
                partner = self.person(last2, "F" if r() < 0.5 else "M", self.adult_age(19, 90), hh.address, hh)
            adults.append(partner)
        for _ in range(size - len(adults)):
            if r() < 0.08:
                g = self.person(last1 if r() < 0.5 else self.surname(), "F" if r() < 0.6 else "M",
                                self.uni(64, 95), hh.address, hh)
                adults.append(g)
                continue
            if age1 < 60:
                cage = self.uni(0, min(17.9, max(0.5, age1 - 18)))
            else:
                cage = self.uni(18, max(19, age1 - 18))
            clast = last1 if (partner is None or r() < 0.85) else partner.last
            c = self.person(clast, "F" if r() < 0.49 else "M", cage, hh.address, hh)
            c.contacts = [a.name for a in adults[:2]]
            if cage >= 18:
                adults.append(c)
        if partner is not None:
            p1.contacts.append(partner.name)
            partner.contacts.append(p1.name)
        for a in adults[2:]:
            if not a.contacts:
                a.contacts.append(p1.name)
        if relative is not None:
            rp = relative.members[0]
            p1.contacts.append(rp.name)
            rp.contacts.append(p1.name)
            hh.relatives.append(relative)
            relative.relatives.append(hh)
        if not p1.contacts and r() < 0.6:
            p1.contacts.append(f"{self.firstname('F' if r() < 0.5 else 'M')} {self.surname()}")
        return hh, adults

    def register(self, p, util_scale=1.0):
        p.util = self.lognorm(1.0, 0.9) * util_scale * (0.35 + p.age / 45.0)
        self.patients.append(p)
        return p

    # ---------------------------------------------------------------- employees
    def make_uid(self, first, last):
        base = (first[0] + "".join(ch for ch in last if ch.isalpha())).lower()[:8]
        uid, n = base, 1
        while uid in self.uids:
            n += 1
            uid = f"{base}{n}"
        self.uids.add(uid)
        return uid

    def hr_address_variant(self, a):
        r = self.r
        if " Apt " in a and r() < 0.5:
            return a.replace(" Apt ", " #")
        if r() < 0.5:
            for short, long in ((" St,", " Street,"), (" Ave,", " Avenue,"), (" Rd,", " Road,"),
                                (" Dr,", " Drive,"), (" Ln,", " Lane,")):
                if short in a:
                    return a.replace(short, long)
        return self.address(0.2)       # moved; HR has the new address, registration the old

    def scale_template(self, template, n_total):
        base = sum(t[3] for t in template)
        f = n_total / base
        out = []
        raw = [t[3] * f for t in template]
        counts = [max(1, int(x)) if t[3] > 0 else 0 for x, t in zip(raw, template)]
        rest = n_total - sum(counts)
        order = sorted(range(len(template)), key=lambda i: -(raw[i] - int(raw[i])))
        i = 0
        while rest > 0 and order:
            counts[order[i % len(order)]] += 1
            rest -= 1
            i += 1
        while rest < 0:
            j = max(range(len(counts)), key=lambda k: counts[k])
            counts[j] -= 1
            rest += 1
        for t, c in zip(template, counts):
            out.extend([t] * c)
        return out

    def make_employees(self, template, n_total, apt_share, p_emp_patient, p_rel_patient,
                       util_scale=1.0):
        r = self.r
        slots = self.scale_template(template, n_total)
        self.rng.shuffle(slots)
        emp_households = []
        for dept, role, grp, _, pattern in slots:
            if emp_households and r() < 0.03:
                hh = self.pick(emp_households)
                ref = hh.members[0]
                last = ref.last if r() < 0.7 else self.surname()
                p = self.person(last, "M" if ref.sex == "F" else "F",
                                max(22, min(66, ref.age + self.rng.gauss(0, 4))), hh.address, hh)
                p.contacts.append(ref.name)
                ref.contacts.append(p.name)
            else:
                age = self.uni(22, 67)
                hh, adults = self.household(apt_share, primary_age=age)
                emp_households.append(hh)
                p = adults[1] if (len(adults) > 1 and r() < 0.4 and 22 <= adults[1].age <= 70) else adults[0]
            e = Emp(len(self.emps), self.make_uid(p.first, p.last), p, dept, role, grp, pattern)
            p.emp = e
            if r() < 0.08:
                e.hr_address = self.hr_address_variant(p.address)
            yrs = min(40, self.rng.expovariate(1 / 6.5))
            e.hired = self.start_date - dt.timedelta(days=int(30 + yrs * 365))
            self.emps.append(e)
        # patient registration of employees and their households
        for hh in emp_households:
            for m in hh.members:
                if m.emp is not None:
                    if r() < p_emp_patient:
                        self.register(m, util_scale)
                elif r() < p_rel_patient:
                    self.register(m, util_scale)
        # hires and terminations (innocent)
        for e in self.emps:
            x = r()
            if x < 0.01:
                e.hired = self.start_date + dt.timedelta(days=self.randint(1, max(1, self.days - 3)))
            elif x < 0.04:
                e.term = self.start_date - dt.timedelta(days=self.randint(5, 300))
            elif x < 0.047:
                e.term = self.start_date + dt.timedelta(days=self.randint(1, max(1, self.days - 2)))
            elif x < 0.052:
                e.term = self.start_date + dt.timedelta(days=self.days + self.randint(3, 40))

    def general_population(self, n_patients, apt_share, p_reg, util_scale=1.0, age_factor=None):
        r = self.r
        while len(self.patients) < n_patients:
            hh, _ = self.household(apt_share)
            for m in hh.members:
                f = age_factor(m.age) if age_factor else 1.0
                if len(self.patients) < n_patients and r() < p_reg * f:
                    self.register(m, util_scale)

    def assign_mrns(self, prefix, width, first_no, test_names):
        """Existing patients get MRNs in (random) registration order, with gaps for merged
        charts; test patients live in their own high range."""
        pts = self.patients[:]
        self.rng.shuffle(pts)
        no = first_no
        for p in pts:
            p.mrn_no = no
            p.mrn = f"{prefix}{no:0{width}d}"
            no += 1 if self.r() < 0.97 else self.randint(2, 4)
        self.next_mrn = no + self.randint(5, 30)
        self.mrn_prefix, self.mrn_width = prefix, width
        hh = Household("1 Test Way, Riverton 45502")
        base = int("9" * (width - 3) + "000") if width > 4 else 9000
        for i, (fn, ln) in enumerate(test_names):
            p = Person(fn, ln, "F" if i % 2 else "M", dt.date(1980 + i, 1, 1), 40, hh.address, hh)
            p.is_test = True
            p.mrn_no = base + i + 1
            p.mrn = f"{prefix}{p.mrn_no:0{width}d}"
            p.util = 0.0
            self.patients.append(p)
            self.people.append(p)
        self.test_patients = [p for p in self.patients if p.is_test]
        self.by_mrn_no = {}

    def finalize_new_patients(self):
        """New patients registered during the window get MRNs in creation order."""
        self.new_patients.sort(key=lambda p: p.created)
        no = self.next_mrn
        for p in self.new_patients:
            p.mrn_no = no
            p.mrn = f"{self.mrn_prefix}{no:0{self.mrn_width}d}"
            no += 1
            self.patients.append(p)

    def new_patient(self, t, age_lo=0, age_hi=95, sex=None, last=None, address=None, contacts=None):
        """Somebody registered for the first time at local time t (MRN assigned later)."""
        r = self.r
        cand = None
        if last is None and r() < 0.4:
            for _ in range(30):
                q = self.pick(self.people)
                if q.mrn is None and not q.is_test and q.created is None and age_lo <= q.age <= age_hi \
                        and (sex is None or q.sex == sex) and q.emp is None:
                    cand = q
                    break
        if cand is None:
            if address is None:
                hh, _ = self.household(0.09, primary_age=self.uni(max(19, age_lo), max(20, min(age_hi, 90))))
                cand = hh.members[0]
                if sex is not None and cand.sex != sex:
                    cand.sex = sex
                    cand.first = self.firstname(sex)
                    cand.name = f"{cand.first} {cand.last}"
            else:
                hh = Household(address)
                cand = self.person(last, sex or ("F" if r() < 0.5 else "M"), self.uni(age_lo, age_hi), address, hh)
                cand.contacts = list(contacts or [])
        cand.created = t
        cand.util = self.lognorm(1.0, 0.8)
        self.new_patients.append(cand)
        return cand

    # ---------------------------------------------------------------- workstations & shifts
    def make_unit_pool(self, dept, code, n, kinds=("WS", "COW")):
        di = len(self.dept_ip) + 1
        self.dept_ip[dept] = di
        pool = []
        for i in range(n):
            kind = kinds[0] if (i % 3 or len(kinds) == 1) else kinds[1]
            pool.append((f"{self.SITE}{code}{kind}{i + 1:03d}", f"10.{20 + di}.{i // 200}.{i % 200 + 20}"))
        self.unit_ws[dept] = pool
        return pool

    def give_desk(self, e, code):
        di = self.dept_ip.get(e.dept, 99)
        k = e.idx
        e.desk = (f"{self.SITE}{code}DT{k % 1000:03d}", f"10.{20 + di}.{10 + (k // 200) % 40}.{k % 200 + 20}")

    def give_vpn(self, e):
        e.vpn_ip = f"172.20.{self.randint(0, 63)}.{self.randint(2, 254)}"

    def remote_ws(self, e):
        """Hospital: a Citrix/VDI host reached over the VPN (client_ip = the user's VPN address)."""
        if e.vpn_ip is None:
            self.give_vpn(e)
        return f"{self.SITE}VDI{self.randint(1, 240):03d}", e.vpn_ip

    def add_shift(self, e, start, end, dept, remote=0):
        r = self.r
        if remote:
            w, i = self.remote_ws(e)
            ws, ips = (w,), (i,)
        elif e.desk is not None and dept == e.dept:
            ws, ips = (e.desk[0],), (e.desk[1],)
        else:
            pool = self.unit_ws.get(dept) or self.unit_ws[e.dept]
            k = 1 if r() < 0.45 else (2 if r() < 0.7 else 3)
            picks = [pool[int(r() * len(pool))] for _ in range(k)]
            ws, ips = tuple(p[0] for p in picks), tuple(p[1] for p in picks)
        sh = Shift(start, end, dept, ws, ips, remote, e)
        e.shifts.append(sh)
        e.worked_depts.add(dept)
        return sh

    def plan_shifts(self, e):
        """Yield (day, start_minute, duration_minutes, dept, remote) for one employee."""
        r, D, p, prm = self.r, self.days, e.pattern, e.prm
        wd = lambda d: self.weekday(self.W0 + d * MS_D)
        plan = []
        jit = lambda a, b: self.randint(a, b)
        if p == "rn12":
            phase = self.randint(0, 6)
            for wk in range(-phase, D, 7):
                k = 3 + (1 if r() < 0.12 else 0) - (1 if r() < 0.04 else 0)
                for d in self.rng.sample(range(wk, wk + 7), k):
                    if not 0 <= d < D:
                        continue
                    dept = self.float_unit() if e.grp == "rn_float" else e.dept
                    night = e.sub == "night" or (e.sub == "rot" and r() < 0.4)
                    ot = jit(0, 75) if r() < 0.2 else jit(0, 20)
                    if night:
                        plan.append((d, 19 * 60 + jit(-15, 5), 12 * 60 + 30 + ot, dept, 0))
                    else:
                        plan.append((d, 7 * 60 + jit(-15, 5), 12 * 60 + 30 + ot, dept, 0))
        elif p == "ed_md":
            starts = prm["starts"]
            for d in range(D):
                if r() < prm.get("rate", 0.5):
                    plan.append((d, self.pick(starts) * 60 + jit(-10, 10), 9 * 60 + jit(0, 75), e.dept, 0))
        elif p == "hosp_md":
            phase = prm["phase"]
            for d in range(D):
                if ((d + phase) // 7) % 2 == 0:
                    if e.sub == "noc":
                        plan.append((d, 19 * 60 + jit(-20, 10), 12 * 60 + jit(0, 40), e.dept, 0))
                    else:
                        plan.append((d, 7 * 60 + jit(-20, 15), 11 * 60 + jit(-30, 60), e.dept, 0))
        elif p == "spec_md":
            callwk = prm["callwk"]
            for d in range(D):
                w = wd(d)
                if w < 5:
                    plan.append((d, prm["start"] + jit(-15, 15), 9 * 60 + 30 + jit(-30, 90), e.dept, 0))
                    if r() < 0.12:
                        plan.append((d, 20 * 60 + jit(0, 150), jit(15, 55), e.dept, 2))
                elif ((d + 7 - w) // 7) % 4 == callwk:
                    plan.append((d, 8 * 60 + jit(-30, 30), 4 * 60 + jit(0, 120), e.dept, 0))
        elif p == "resident":
            for d in range(D):
                dept, nights = self.rotation_of(e, d)
                if r() < 1 / 7:
                    continue
                if nights:
                    plan.append((d, 19 * 60 + jit(-10, 10), 12 * 60 + jit(0, 60), dept, 0))
                else:
                    plan.append((d, 6 * 60 + jit(-15, 20), 11 * 60 + 30 + jit(0, 90), dept, 0))
        elif p == "np":
            off = prm["off"]
            for d in range(D):
                w = wd(d)
                if w < 5 and w != off:
                    plan.append((d, 8 * 60 + jit(-20, 20), 9 * 60 + jit(-20, 45), e.dept, 0))
        elif p == "shift8":
            s0 = prm["start"]
            for wk in range(-self.randint(0, 6), D, 7):
                for d in self.rng.sample(range(wk, wk + 7), 5 if r() < 0.9 else 4):
                    if 0 <= d < D:
                        plan.append((d, s0 * 60 + jit(-15, 10), 8 * 60 + 30 + jit(0, 40), e.dept, 0))
        elif p in ("office", "office_remote", "clinic", "it", "p_office", "p_it", "p_fd"):
            s0 = prm["start"]
            days = prm.get("days", (0, 1, 2, 3, 4))
            dur = prm.get("dur", 8 * 60 + 30)
            for d in range(D):
                if wd(d) not in days:
                    continue
                remote = 1 if r() < e.remote_pref else 0
                plan.append((d, s0 + jit(-20, 20), dur + jit(-30, 40), e.dept, remote))
            if p == "it":
                oncall = prm["oncall"]
                for d in range(D):
                    if (d // 7) % 6 == oncall and r() < 0.45:
                        plan.append((d, 20 * 60 + jit(0, 180), jit(25, 100), e.dept, 2))
                    if (d // 7) % 6 == oncall and r() < 0.1:
                        plan.append((d, 25 * 60 + jit(0, 60), jit(40, 120), e.dept, 2))
            if p == "p_it" and prm.get("maint") is not None:
                for d in prm["maint"]:
                    if 0 <= d < D:
                        plan.append((d, 21 * 60 + jit(30, 90), jit(40, 100), e.dept, 2))
        elif p == "p_clin":
            days = prm["days"]
            s0, dur = prm["start"], prm["dur"]
            for d in range(D):
                if wd(d) in days:
                    remote = 1 if r() < e.remote_pref else 0
                    plan.append((d, s0 + jit(-15, 15), dur + jit(-20, 40), e.dept, remote))
                    if r() < prm.get("notes", 0.0):
                        plan.append((d, 20 * 60 + jit(0, 120), jit(20, 70), e.dept, 2))
        return plan

    def build_shifts(self, e):
        if not e.ehr or e.pattern in ("none", "svc"):
            return
        D = self.days
        first = 0
        hd = (e.hired - self.start_date).days
        if hd > 0:
            first = hd
        last = D - 1
        term_d = None
        if e.term is not None:
            term_d = (e.term - self.start_date).days
            if term_d < 0:
                return
            last = min(last, term_d)
        vac = set()
        if self.r() < 0.10 and e.idx not in self.inc_users:
            v0 = self.randint(-3, D - 2)
            vac = set(range(v0, v0 + self.randint(5, 9)))
        worked_term_day = False
        for d, smin, dur, dept, remote in self.plan_shifts(e):
            if d < first or d > last or (d in vac and remote != 2):
                continue
            if remote != 2 and self.r() < 0.02 and d != term_d:
                continue
            start = self.W0 + d * MS_D + smin * MS_MIN
            end = start + dur * MS_MIN
            if d == term_d:
                end = min(end, self.W0 + (d + 1) * MS_D - self.randint(5, 60) * MS_MIN)
                if end - start < 2 * MS_H:
                    continue
                worked_term_day = True
            self.add_shift(e, start, end, dept, remote)
        if term_d is not None and term_d < D and not worked_term_day and term_d >= first:
            start = self.W0 + term_d * MS_D + (7 * 60 + self.randint(-20, 60)) * MS_MIN
            dept = e.dept if e.grp not in ("rn_float", "res") else self.float_unit()
            self.add_shift(e, start, start + self.randint(6 * 60, 9 * 60) * MS_MIN, dept, 0)
        e.shifts.sort(key=lambda s: s.start)

    def index_duty(self):
        nh = self.days * 24
        for e in self.emps:
            g = "rn" if e.grp == "rn_float" else e.grp
            for sh in e.shifts:
                if sh.remote == 2:
                    continue
                key = (sh.dept, g)
                hrs = self.duty.get(key)
                if hrs is None:
                    hrs = self.duty[key] = [[] for _ in range(nh)]
                h0 = max(0, (sh.start - self.W0) // MS_H)
                h1 = min(nh, (sh.end - 1 - self.W0) // MS_H + 1)
                for h in range(h0, h1):
                    hrs[h].append(sh)

    def on_duty(self, dept, grp, t, exclude=None):
        hrs = self.duty.get((dept, grp))
        if not hrs:
            return None
        h = (t - self.W0) // MS_H
        if h < 0 or h >= len(hrs):
            return None
        lst = hrs[h]
        if not lst:
            return None
        n = len(lst)
        for _ in range(5):
            sh = lst[int(self.r() * n)]
            if sh.start <= t < sh.end - 3 * MS_MIN and sh.emp is not exclude:
                return sh
        return None

    def shift_at(self, e, t):
        for sh in e.shifts:
            if sh.start <= t < sh.end:
                return sh
        return None

    def user_time(self, e, lo, hi, first=False, onsite=False):
        """A time inside one of e's shifts within [lo, hi), or None."""
        lo, hi = max(lo, self.W0), min(hi, self.W1)
        if hi <= lo:
            return None
        cands = [sh for sh in e.shifts if sh.start < hi and sh.end > lo and (not onsite or sh.remote == 0)]
        if not cands:
            return None
        sh = cands[0] if first else cands[int(self.r() * len(cands))]
        a, b = max(lo, sh.start + 2 * MS_MIN), min(hi, sh.end - 2 * MS_MIN)
        if b <= a:
            return None
        return a + int(self.r() * (b - a)), sh

    def worklist(self, grp, tasks, prof, clicks, filler=None, start_backlog=3, idle_p=0.0):
        """Workers of `grp` pull tasks (ready_time, patient, minutes) in FIFO order during their
        shifts; `filler(t)` supplies work when the queue is empty."""
        r = self.r
        tasks = sorted((x for x in tasks if x[0] >= self.W0 - start_backlog * MS_D), key=itemgetter(0))
        shifts = sorted((sh for e in self.emps if e.grp == grp for sh in e.shifts if sh.remote != 2),
                        key=lambda s: s.start)
        i, pending = 0, []
        head = 0
        P = PROFILES[prof]
        for sh in shifts:
            t = sh.start + self.randint(5, 25) * MS_MIN
            end = sh.end - self.randint(5, 30) * MS_MIN
            lunch = sh.start + int((sh.end - sh.start) * self.uni(0.4, 0.6))
            while t < end:
                while i < len(tasks) and tasks[i][0] <= t:
                    pending.append(tasks[i])
                    i += 1
                if head < len(pending):
                    task = pending[head]
                    head += 1
                elif filler is not None:
                    task = filler(t)
                else:
                    task = None
                if task is None:
                    if i < len(tasks) and tasks[i][0] < end:
                        t = tasks[i][0] + self.randint(1, 20) * MS_MIN
                        continue
                    break
                self.session(sh, t, task[1], P, clicks())
                t += int(task[2] * self.uni(0.6, 1.5) * MS_MIN)
                if lunch and t > lunch:
                    t += self.randint(30, 60) * MS_MIN
                    lunch = 0
                if r() < idle_p:
                    t += self.randint(5, 40) * MS_MIN

    # ---------------------------------------------------------------- event emission
    def session(self, sh, t, pat, prof, n, tag=-1, wsi=None):
        """n clicks by sh.emp in pat's chart starting at t; returns the time after."""
        if t < self.W0 or t >= self.W1 or pat is None or pat.mrn is None:
            return t
        e = sh.emp
        r = self.r
        if wsi is None:
            wsi = 0 if (len(sh.ws) == 1 or r() < 0.55) else int(r() * len(sh.ws))
        ws, ip = sh.ws[wsi], sh.ips[wsi]
        ev = self.ev
        uid, role, dept, mrn = e.uid, e.role, sh.dept, pat.mrn
        if tag < 0 and pat.restricted and e.clin and (uid, mrn) not in self.btg_seen:
            self.btg_seen.add((uid, mrn))
            if r() < 0.15:
                ev.append((t, uid, role, dept, "break_glass", mrn, "Break-the-Glass", 1, ws, ip, "success",
                           self.pick(("Patient Care", "Emergency Treatment", "Continuity of Care")), tag))
                t += 8000 + int(r() * 30000)
        np_ = len(prof)
        for _ in range(n):
            a, rt = prof[int(r() * np_)]
            out = "failure" if (a == "view" and r() < 0.0015) else "success"
            ev.append((t, uid, role, dept, a, mrn, rt, 1, ws, ip, out, None, tag))
            t += self.gap()
        return t

    def emit(self, sh, t, action, pat, rtype, count=1, outcome="success", extra=None, tag=-1, wsi=0):
        if t < self.W0 or t >= self.W1:
            return
        e = sh.emp
        wsi = min(wsi, len(sh.ws) - 1)
        self.ev.append((t, e.uid, e.role, sh.dept, action, pat.mrn if pat is not None else "",
                        rtype, count, sh.ws[wsi], sh.ips[wsi], outcome, extra, tag))

    def act(self, dept, grp, t, pat, prof, n, prefer=None):
        """Whoever of (dept, grp) is on duty at t works n clicks in pat's chart."""
        sh = None
        if prefer is not None:
            sh = self.shift_at(prefer, t)
            if sh is not None and sh.remote == 2:
                sh = None
        if sh is None:
            sh = self.on_duty(dept, grp, t)
        if sh is None:
            return None
        self.session(sh, t, pat, PROFILES[prof], n)
        return sh.emp


# =========================================================================== hospital
H_CODES = {
    "Emergency Department": "ED", "Internal Medicine": "IM", "Cardiology": "CARD",
    "Oncology": "ONC", "Pediatrics": "PEDS", "Behavioral Health": "BH", "Obstetrics": "OB",
    "Orthopedics": "ORTH", "General Surgery": "SURG", "Neurology": "NEUR", "Medical ICU": "MICU",
    "Radiology": "RAD", "Laboratory": "LAB", "Pharmacy": "RX", "Rehabilitation Services": "REHB",
    "Case Management": "CM", "Food and Nutrition Services": "FNS", "Nursing Float Pool": "FLT",
    "Graduate Medical Education": "GME", "Patient Access": "PA", "Patient Financial Services": "PFS",
    "Health Information Management": "HIM", "Quality Management": "QM", "Employee Health": "EH",
    "Information Technology": "IT", "Administration": "ADM", "Environmental Services": "EVS",
    "Facilities": "FAC", "Security": "SEC", "Human Resources": "HR",
    "Perioperative Services": "OR", "Anesthesiology": "ANES",
}

# dept, role, group, count per 2,000 employees, shift pattern
H_STAFF = [
    ("Emergency Department", "Attending Physician", "att", 22, "ed_md"),
    ("Emergency Department", "Nurse Practitioner", "np", 8, "ed_md"),
    ("Emergency Department", "Registered Nurse", "rn", 52, "rn12"),
    ("Emergency Department", "Social Worker", "sw", 2, "office"),
    ("Internal Medicine", "Attending Physician", "att", 36, "hosp_md"),
    ("Internal Medicine", "Nurse Practitioner", "np", 10, "np"),
    ("Internal Medicine", "Registered Nurse", "rn", 56, "rn12"),
    ("Internal Medicine", "Medical Assistant", "ma", 16, "clinic"),
    ("Internal Medicine", "Front Desk", "fd", 7, "clinic"),
    ("Internal Medicine", "Resident Physician", "res", 12, "resident"),
    ("Cardiology", "Attending Physician", "att", 12, "spec_md"),
    ("Cardiology", "Nurse Practitioner", "np", 4, "np"),
    ("Cardiology", "Registered Nurse", "rn", 20, "rn12"),
    ("Cardiology", "Medical Assistant", "ma", 5, "clinic"),
    ("Cardiology", "Front Desk", "fd", 3, "clinic"),
    ("Oncology", "Attending Physician", "att", 10, "spec_md"),
    ("Oncology", "Nurse Practitioner", "np", 5, "np"),
    ("Oncology", "Registered Nurse", "rn", 19, "rn12"),
    ("Oncology", "Medical Assistant", "ma", 4, "clinic"),
    ("Oncology", "Front Desk", "fd", 3, "clinic"),
    ("Oncology", "Social Worker", "sw", 2, "office"),
    ("Pediatrics", "Attending Physician", "att", 11, "spec_md"),
    ("Pediatrics", "Nurse Practitioner", "np", 3, "np"),
    ("Pediatrics", "Registered Nurse", "rn", 12, "rn12"),
    ("Pediatrics", "Medical Assistant", "ma", 5, "clinic"),
    ("Pediatrics", "Front Desk", "fd", 3, "clinic"),
    ("Behavioral Health", "Psychiatrist", "att", 6, "spec_md"),
    ("Behavioral Health", "Psychologist", "bh", 5, "office"),
    ("Behavioral Health", "Therapist", "bh", 10, "office"),
    ("Behavioral Health", "Registered Nurse", "rn", 11, "rn12"),
    ("Behavioral Health", "Social Worker", "sw", 4, "office"),
    ("Behavioral Health", "Front Desk", "fd", 3, "clinic"),
    ("Obstetrics", "Attending Physician", "att", 10, "spec_md"),
    ("Obstetrics", "Nurse Practitioner", "np", 4, "np"),
    ("Obstetrics", "Registered Nurse", "rn", 19, "rn12"),
    ("Obstetrics", "Medical Assistant", "ma", 4, "clinic"),
    ("Obstetrics", "Front Desk", "fd", 2, "clinic"),
    ("Orthopedics", "Attending Physician", "att", 9, "spec_md"),
    ("Orthopedics", "Nurse Practitioner", "np", 3, "np"),
    ("Orthopedics", "Registered Nurse", "rn", 12, "rn12"),
    ("Orthopedics", "Medical Assistant", "ma", 4, "clinic"),
    ("Orthopedics", "Front Desk", "fd", 2, "clinic"),
    ("General Surgery", "Attending Physician", "att", 11, "spec_md"),
    ("General Surgery", "Nurse Practitioner", "np", 3, "np"),
    ("General Surgery", "Registered Nurse", "rn", 19, "rn12"),
    ("General Surgery", "Medical Assistant", "ma", 2, "clinic"),
    ("Neurology", "Attending Physician", "att", 7, "spec_md"),
    ("Neurology", "Registered Nurse", "rn", 10, "rn12"),
    ("Neurology", "Medical Assistant", "ma", 3, "clinic"),
    ("Neurology", "Front Desk", "fd", 2, "clinic"),
    ("Medical ICU", "Attending Physician", "att", 8, "hosp_md"),
    ("Medical ICU", "Registered Nurse", "rn", 26, "rn12"),
    ("Perioperative Services", "Registered Nurse", "rn", 30, "clinic"),
    ("Perioperative Services", "Surgical Technologist", "ortech", 14, "clinic"),
    ("Anesthesiology", "Attending Physician", "att", 10, "spec_md"),
    ("Anesthesiology", "Nurse Anesthetist", "np", 12, "np"),
    ("Radiology", "Radiologist", "radiol", 12, "spec_md"),
    ("Radiology", "Radiology Technologist", "radtech", 45, "shift8"),
    ("Laboratory", "Medical Technologist", "lab", 48, "shift8"),
    ("Pharmacy", "Pharmacist", "pharm", 32, "shift8"),
    ("Pharmacy", "Pharmacy Technician", "pharmtech", 22, "shift8"),
    ("Rehabilitation Services", "Therapist", "ther", 26, "office"),
    ("Case Management", "Case Manager", "cm", 18, "office"),
    ("Case Management", "Social Worker", "sw", 8, "office"),
    ("Food and Nutrition Services", "Dietitian", "diet", 8, "office"),
    ("Nursing Float Pool", "Registered Nurse", "rn_float", 26, "rn12"),
    ("Graduate Medical Education", "Resident Physician", "res", 58, "resident"),
    ("Patient Access", "Patient Access Representative", "reg", 55, "shift8"),
    ("Patient Access", "Scheduler", "sched", 24, "office"),
    ("Patient Financial Services", "Billing Specialist", "bill", 42, "office"),
    ("Health Information Management", "Medical Coder", "coder", 18, "office_remote"),
    ("Health Information Management", "HIM Specialist", "him", 10, "office"),
    ("Health Information Management", "Release of Information Specialist", "roi", 5, "office"),
    ("Health Information Management", "Tumor Registrar", "registrar", 2, "office"),
    ("Quality Management", "Quality Analyst", "qa", 6, "office"),
    ("Quality Management", "Infection Preventionist", "ip", 3, "office"),
    ("Employee Health", "Registered Nurse", "eh", 3, "office"),
    ("Information Technology", "IT Analyst", "it", 28, "it"),
    ("Administration", "Privacy Officer", "priv", 2, "office"),
    ("Administration", "Administrator", "none", 25, "none"),
    ("Environmental Services", "Environmental Services Technician", "none", 70, "none"),
    ("Food and Nutrition Services", "Food Service Worker", "none", 45, "none"),
    ("Facilities", "Facilities Technician", "none", 35, "none"),
    ("Security", "Security Officer", "none", 20, "none"),
    ("Human Resources", "HR Generalist", "none", 12, "none"),
]

# admissions/day per 2,000 employees, LOS median (days), P(through ED), P(elective), patient pool
H_INPT = {
    "Internal Medicine": (14.0, 3.4, 0.75, 0.0, "adult"),
    "Cardiology": (6.0, 2.8, 0.60, 0.15, "adult"),
    "Oncology": (4.0, 4.5, 0.30, 0.35, "adult"),
    "Pediatrics": (2.2, 2.2, 0.50, 0.0, "peds"),
    "Behavioral Health": (2.5, 7.0, 0.60, 0.0, "adult"),
    "Obstetrics": (6.0, 2.1, 0.10, 0.30, "ob"),
    "Orthopedics": (4.0, 2.8, 0.30, 0.60, "adult"),
    "General Surgery": (5.0, 3.8, 0.40, 0.50, "adult"),
    "Neurology": (3.0, 3.8, 0.60, 0.0, "adult"),
    "Medical ICU": (3.0, 3.6, 0.70, 0.0, "adult"),
}
H_ADM_SCALE = 1.25         # all admission rates above are multiplied by this
H_ED_ONLY = 112.0          # ED visits/day that do not end in admission
H_CLINIC = ["Internal Medicine", "Cardiology", "Oncology", "Pediatrics", "Behavioral Health",
            "Obstetrics", "Orthopedics", "General Surgery", "Neurology"]
H_HOSP_CLINIC = {"Oncology", "Cardiology", "Behavioral Health", "Obstetrics"}   # visits are encounters
H_CONSULT = [("Cardiology", 25), ("Internal Medicine", 14), ("Neurology", 12), ("Oncology", 7),
             ("Behavioral Health", 10), ("General Surgery", 10), ("Orthopedics", 5),
             ("Medical ICU", 4), ("Obstetrics", 1), ("Pediatrics", 1)]
H_NIGHT_COVER = {"Internal Medicine": "Internal Medicine", "Cardiology": "Internal Medicine",
                 "Neurology": "Internal Medicine", "Oncology": "Internal Medicine",
                 "General Surgery": "General Surgery", "Orthopedics": "General Surgery",
                 "Pediatrics": "Pediatrics", "Obstetrics": "Obstetrics",
                 "Behavioral Health": "Behavioral Health", "Medical ICU": "Medical ICU"}
ED_HOURLY = [2, 1.6, 1.3, 1.1, 1.0, 1.1, 1.5, 2.2, 3.0, 3.6, 4.0, 4.1, 4.0, 3.9, 3.8, 3.8, 3.9,
             4.0, 3.9, 3.6, 3.3, 3.0, 2.7, 2.3]
FLOAT_UNITS = [("Internal Medicine", 30), ("Medical ICU", 12), ("Cardiology", 10), ("Oncology", 8),
               ("General Surgery", 10), ("Orthopedics", 6), ("Neurology", 6), ("Emergency Department", 12),
               ("Pediatrics", 3), ("Obstetrics", 3)]
ROT_GME = [("Internal Medicine", 28), ("Emergency Department", 14), ("Cardiology", 8), ("Oncology", 6),
           ("Pediatrics", 8), ("General Surgery", 10), ("Orthopedics", 5), ("Neurology", 5),
           ("Medical ICU", 9), ("Obstetrics", 5), ("Behavioral Health", 2)]
ROT_IM = [("Internal Medicine", 60), ("Medical ICU", 18), ("Cardiology", 12), ("Emergency Department", 10)]
RN_SESS_DAY, RN_SESS_NIGHT = 10.0, 7.0
H_SDS = 26.0               # same-day (outpatient) surgeries per weekday
H_SDS_DEPTS = [("General Surgery", 40), ("Orthopedics", 40), ("Obstetrics", 12), ("Cardiology", 8)]
H_SURGICAL = {"General Surgery": 0.85, "Orthopedics": 0.9, "Oncology": 0.3, "Obstetrics": 0.3}


def _wlist(pairs):
    items = [a for a, _ in pairs]
    cum, s = [], 0.0
    for _, w in pairs:
        s += w
        cum.append(s)
    return items, cum


class Hospital(World):
    SITE = "RVH"

    def __init__(self, args):
        super().__init__(args)
        self.S = args.employees / 2000.0
        self._float = _wlist(FLOAT_UNITS)
        self._rot_gme = _wlist(ROT_GME)
        self._rot_im = _wlist(ROT_IM)
        self._consult = _wlist(H_CONSULT)
        self._sds = _wlist(H_SDS_DEPTS)

    def float_unit(self):
        return self.wpick(*self._float)

    def rotation_of(self, e, d):
        for d0, d1, dept, nights in e.rot:
            if d0 <= d < d1:
                return dept, nights
        return e.rot[-1][2], False

    # ---------------------------------------------------------------- build
    def build(self):
        a = self.args
        self.make_buildings(max(6, a.patients // 330))
        self.make_employees(H_STAFF, a.employees, 0.09, 0.55, 0.65)
        self.general_population(a.patients - 12, 0.09, 0.8)
        self.assign_mrns("M", 8, 1_000_000 + self.randint(0, 99_999), [
            ("Patient", "Zztest"), ("Adult", "Zztest"), ("Peds", "Zztest"), ("Ob", "Zztest"),
            ("Oncology", "Zztest"), ("Interface", "Zztest"), ("Training", "Zzedtrain"),
            ("Training", "Zzedtrain"), ("Mychart", "Zztest"), ("Lab", "Zztest"),
            ("Rad", "Zztest"), ("Pharmacy", "Zztest")])
        self.patient_attributes()
        self.setup_staff()
        self.pick_terminated_incident_users()
        for e in self.emps:
            self.build_shifts(e)
        self.index_duty()
        self.build_pools()
        self.gen_encounters()
        self.gen_clinic_appointments()
        self.gen_employee_health()
        self.finalize_new_patients()

    def patient_attributes(self):
        r = self.r
        pts = [p for p in self.patients if not p.is_test]
        W0 = self.W0
        for p in pts:
            if p.age >= 25 and r() < 0.002:
                p.vip = True
                p.util *= 4
            if p.emp is not None or p.vip:
                p.restricted = True
            if 14 <= p.age and r() < 0.03:
                p.sud = True
            x = r()
            old = 0.02 + 0.06 * (p.age > 60) + 0.1 * (p.age > 80)
            if x < old:
                p.death = W0 - int(self.uni(400, 4500)) * MS_D
            elif x < old + 0.006 + 0.02 * (p.age > 75):
                p.death = W0 - int(self.uni(20, 364)) * MS_D
            if p.death is not None:
                p.death -= p.death % MS_D - self.randint(0, 1439) * MS_MIN
                if p.emp is not None and p.emp.term is None:
                    p.death = None     # living employees

    def setup_staff(self):
        r = self.r
        for dept, code in H_CODES.items():
            n = sum(1 for e in self.emps if e.dept == dept)
            if dept in ("Patient Access",):
                self.make_unit_pool(dept, "REG", max(6, n // 4), ("WS", "KSK"))
            elif dept in ("Radiology", "Laboratory", "Pharmacy"):
                self.make_unit_pool(dept, code, max(4, n // 3), ("WS", "WS"))
            else:
                self.make_unit_pool(dept, code, max(4, n // 4 + 2))
        office_like = {"office", "office_remote", "clinic", "it"}
        for e in self.emps:
            e.code = H_CODES[e.dept]
            g, prm = e.grp, e.prm
            if g == "rn" and r() < 0.1:
                e.role = "Charge Nurse"
            elif g == "bill" and r() < 0.25:
                e.role = "Patient Account Representative"
            elif g == "np" and e.dept in ("Emergency Department", "Orthopedics", "General Surgery") and r() < 0.45:
                e.role = "Physician Assistant"
            if e.pattern in office_like:
                prm["start"] = int(self.uni(6.5, 9.0) * 60)
                if e.pattern == "clinic":
                    prm["start"] = int(self.uni(7.25, 8.0) * 60)
                    if e.dept == "Perioperative Services":
                        prm["start"] = int(self.uni(5.75, 6.5) * 60)
                        prm["dur"] = 10 * 60 + 15
                        prm["days"] = tuple(sorted(self.rng.sample(range(5), 4)))
                if r() < 0.12:
                    prm["days"] = tuple(sorted(self.rng.sample(range(5), 3)))
                if g not in ("fd", "ma", "eh", "ther", "sw", "cm", "diet"):
                    self.give_desk(e, e.code)          # own desktop; clinical staff use unit pools
                if g in ("bill", "sched", "him", "qa", "registrar") and r() < 0.3:
                    e.remote_pref = 0.3                # hybrid: some days from home
                if e.pattern == "office_remote":
                    e.remote_pref = 0.85 if r() < 0.7 else 0.2
                    prm["start"] = int(self.uni(5.5, 10.5) * 60)
                if g == "it":
                    prm["oncall"] = self.randint(0, 5)
                    e.remote_pref = 0.1
            if e.pattern == "rn12":
                x = r()
                e.sub = "day" if x < 0.58 else ("night" if x < 0.82 else "rot")
            elif e.pattern == "ed_md":
                e.prm["starts"] = self.pick(((7, 15), (7, 11, 15), (15, 23), (7, 23), (11, 15, 23), (23,)))
                e.prm["rate"] = 0.45 if e.grp == "att" else 0.55
            elif e.pattern == "hosp_md":
                if e.dept == "Internal Medicine" and r() < 0.45:
                    e.pattern = "spec_md"
                    e.sub = "pc"
                else:
                    e.sub = "noc" if r() < 0.14 else "day"
                    e.prm["phase"] = self.randint(0, 13)
            if e.pattern == "spec_md":
                prm["start"] = int(self.uni(7.0, 8.25) * 60)
                prm["callwk"] = -1 if e.sub == "pc" else self.randint(0, 3)
                if e.grp in ("att", "radiol"):
                    self.give_vpn(e)
            elif e.pattern == "np":
                prm["off"] = self.randint(0, 4) if r() < 0.5 else -1
            elif e.pattern == "shift8":
                x = r()
                prm["start"] = 7 if x < 0.55 else (15 if x < 0.85 else 23)
            elif e.pattern == "resident":
                self.make_rotations(e)
            if g in ("coder", "bill", "sched", "him", "qa", "registrar", "it", "roi", "priv") or e.remote_pref:
                self.give_vpn(e)
            # clinic providers
            if e.dept in H_CLINIC and ((g == "att" and (e.pattern == "spec_md")) or g == "np" and e.pattern == "np"):
                if e.sub == "pc":
                    e.clinic_days = tuple(sorted(self.rng.sample(range(5), 4)))
                    e.slots = self.randint(14, 20)
                    if r() < 0.25:
                        e.prm["sat"] = self.randint(0, 1)
                elif g == "np":
                    e.clinic_days = tuple(sorted(self.rng.sample(range(5), 4)))
                    e.slots = self.randint(10, 14)
                else:
                    e.clinic_days = tuple(sorted(self.rng.sample(range(5), self.randint(2, 3))))
                    e.slots = self.randint(10, 16)
            if g == "bh":
                e.clinic_days = prm.get("days", (0, 1, 2, 3, 4))
                e.slots = self.randint(6, 8)
        # service account (the EHR's reporting extract)
        svc_p = Person("Reporting", "Service", "M", dt.date(2015, 1, 1), 10, "", Household(""))
        svc = Emp(len(self.emps), "svc_rptextract", svc_p, "Information Technology", "Service Account",
                  "svc", "svc")
        svc.hr_address = ""
        svc.hired = dt.date(2015, 3, 1)
        svc.code = "IT"
        svc.ehr = True
        self.uids.add(svc.uid)
        self.emps.append(svc)
        self.svc = svc
        # clerks with a routine daily export batch
        clerks = [e for e in self.emps if e.grp in ("bill", "him", "sched")]
        for e in self.rng.sample(clerks, min(len(clerks), max(2, int(8 * self.S)))):
            rt = {"bill": "Claims Batch", "him": "Deficiency Worklist", "sched": "Appointment List"}[e.grp]
            e.batch = (self.randint(30, 80), rt, "export" if r() < 0.7 else "print")

    def make_rotations(self, e):
        items = self._rot_im if e.dept == "Internal Medicine" else self._rot_gme
        d = -self.randint(0, 13)
        while d < self.days:
            ln = 7 if self.r() < 0.4 else 14
            dept = self.wpick(*items)
            nights = dept in ("Internal Medicine", "Emergency Department", "Medical ICU") and self.r() < 0.15
            e.rot.append((d, d + ln, dept, nights))
            d += ln

    def pick_terminated_incident_users(self):
        """Terminated-account incidents need users whose last day is inside the window."""
        k = self.args.incidents_per_scenario
        if k <= 0 or self.days < 4:
            self.term_users = []
            return
        cands = [e for e in self.emps if e.grp in ("rn", "ma", "reg", "bill", "sched", "np", "fd", "pharm",
                                                     "cm", "rn_float", "coder")
                 and e.term is None and e.hired < self.start_date]
        self.term_users = self.rng.sample(cands, min(k, len(cands)))
        for e in self.term_users:
            e.term = self.start_date + dt.timedelta(days=self.randint(1, max(1, self.days - 4)))
            self.inc_users.add(e.idx)

    def build_pools(self):
        pts = [p for p in self.patients if not p.is_test]
        self.pools = {}

        def mk(name, pred, wf=lambda p: p.util):
            items = [p for p in pts if pred(p)]
            cum, s = [], 0.0
            for p in items:
                s += max(1e-6, wf(p))
                cum.append(s)
            self.pools[name] = (items, cum)
        mk("adult", lambda p: p.age >= 18)
        mk("peds", lambda p: p.age < 18, lambda p: p.util * 2.5)
        mk("ob", lambda p: p.sex == "F" and 16 <= p.age <= 44)
        mk("any", lambda p: True)

    def pick_patient(self, pool, t):
        items, cum = self.pools[pool]
        for _ in range(30):
            p = items[bisect.bisect_right(cum, self.r() * cum[-1])]
            if p.death is None or p.death > t + 2 * MS_D:
                return p
        return items[0]

    def dept_atts(self, dept, inpatient=True):
        key = (dept, inpatient)
        c = self.__dict__.setdefault("_att_cache", {})
        if key not in c:
            c[key] = [e for e in self.emps if e.dept == dept and e.grp in ("att", "radiol") and
                      (not inpatient or e.sub != "pc")]
        return c[key]

    def clinic_provs(self, dept):
        c = self.__dict__.setdefault("_cp_cache", {})
        if dept not in c:
            c[dept] = [e for e in self.emps if e.dept == dept and e.clinic_days]
        return c[dept]

    # ---------------------------------------------------------------- encounters
    def ed_arrival(self, day_t):
        h = self.wpick(list(range(24)), self._edh)
        return day_t + h * MS_H + int(self.r() * MS_H)

    def gen_encounters(self):
        self._edh = list(self._cum(ED_HOURLY))
        r = self.r
        self.inpt, self.eds = [], []
        for d in range(-HIST_DAYS, self.days):
            day_t = self.W0 + d * MS_D
            w = self.weekday(day_t)
            fl = self.flu(day_t) if d >= 0 else 1.0
            for dept, (rate, los, p_ed, p_el, pool) in H_INPT.items():
                lam = rate * H_ADM_SCALE * self.S * (0.8 if w >= 5 else 1.04)
                if dept in ("Internal Medicine", "Medical ICU", "Pediatrics"):
                    lam *= fl
                for _ in range(self.poisson(lam)):
                    self.make_admission(dept, day_t, w, los, p_ed, p_el, pool)
            if w < 5:
                for _ in range(self.poisson(H_SDS * self.S)):
                    self.make_sds(day_t)
            lam = H_ED_ONLY * self.S * fl * (1.07 if w in (0, 6) else 1.0)
            for _ in range(self.poisson(lam)):
                a = self.ed_arrival(day_t)
                pat = self.ed_patient(a)
                dur = int(min(16, max(0.7, self.lognorm(3.3, 0.5))) * MS_H)
                self.make_ed(pat, a, a + dur)

    def ed_patient(self, a):
        if self.W0 <= a < self.W1 and self.r() < 0.1:
            return self.new_patient(a, 0, 92)
        return self.pick_patient("peds" if self.r() < 0.2 else "adult", a)

    def make_ed(self, pat, a, dep):
        if self.W0 <= a < self.W1:
            sh = self.on_duty("Emergency Department", "att", a + 10 * MS_MIN)
            att = sh.emp if sh else self.pick(self.dept_atts("Emergency Department"))
        else:
            att = self.pick(self.dept_atts("Emergency Department"))
        enc = Enc(pat, "Emergency Department", att, a, dep, "ed")
        if self.W0 - 3 * MS_D <= a < self.W1 and self.r() < 0.3:
            sh = self.on_duty("Emergency Department", "np", a + 15 * MS_MIN)
            if sh:
                enc.ed_prov = sh.emp
        self.encs.append(enc)
        self.eds.append(enc)
        return enc

    def make_admission(self, dept, day_t, w, los_med, p_ed, p_el, pool):
        r = self.r
        x = r()
        elective = False
        if x < p_ed:
            a = self.ed_arrival(day_t)
            pat = self.ed_patient(a) if pool != "ob" else self.pick_patient(pool, a)
            if pool == "peds" and pat.age >= 18:
                pat = self.pick_patient("peds", a)
            adm = a + int(min(14, max(1.0, self.lognorm(4.5, 0.4))) * MS_H)
            ed = self.make_ed(pat, a, adm)
        else:
            ed = None
            if w < 5 and r() < p_el / max(0.01, 1 - p_ed):
                adm = day_t + int(self.uni(6.0, 10.5) * MS_H)
                elective = True
            else:
                adm = day_t + int(self.uni(9.5, 21.0) * MS_H)
                elective = False
            pat = self.pick_patient(pool, adm)
        los = max(0.25, self.lognorm(los_med, 0.55))
        dis = adm + int(los * MS_D)
        dd = self.day0(dis)
        if dd > self.day0(adm):
            dis = dd + int(self.uni(10.0, 17.5) * MS_H)
        if self.W0 <= adm < self.W1:
            sh = self.on_duty(dept, "att", adm + 30 * MS_MIN)
            att = sh.emp if sh else self.pick(self.dept_atts(dept))
        else:
            att = self.pick(self.dept_atts(dept))
        enc = Enc(pat, dept, att, adm, dis, "inpt")
        enc.from_ed = ed is not None
        enc.elective = ed is None and elective
        if ed is not None:
            ed.link = enc
        if r() < H_SURGICAL.get(dept, 0.0) and (dept != "Oncology" or enc.elective):
            if enc.elective:
                enc.surg = adm + int(self.uni(1.0, 3.0) * MS_H)
                booked = adm - self.randint(7, 30) * MS_D
            else:
                enc.surg = adm + int(self.uni(2.0, 30.0) * MS_H)
                booked = enc.surg - int(self.uni(1, 6) * MS_H)
            enc.surg = min(enc.surg, adm + (dis - adm) // 2)
            if booked <= self.W1:
                self.appts.append(Appt(pat, "Perioperative Services", att, enc.surg, "surg", booked))
        p_die = {"Medical ICU": 0.08, "Obstetrics": 0.0, "Pediatrics": 0.002,
                 "Behavioral Health": 0.0}.get(dept, 0.02)
        if pat.death is None and pat.emp is None and r() < p_die and pat.created is None:
            enc.died = True
            pat.death = dis
        if dis > self.W0 - 2 * MS_D and r() < 0.35:
            cd = dept
            while cd == dept or (cd == "Pediatrics" and pat.age >= 18) or (cd == "Obstetrics" and pat.sex == "M"):
                cd = self.wpick(*self._consult)
            t_order = adm + int(self.uni(0.1, min(2.0, max(0.15, (dis - adm) / MS_D * 0.7))) * MS_D)
            has_order = r() < 0.7
            ap = None
            if has_order:
                ap = Appt(pat, cd, None, t_order, "consult", t_order)
                self.appts.append(ap)
            enc.consults.append((cd, t_order, ap))
        self.encs.append(enc)
        self.inpt.append(enc)
        if dept == "Obstetrics" and r() < 0.85 and self.W0 <= adm < self.W1:
            self.make_newborn(enc)
        # follow-up visit after discharge
        if not enc.died and dept in H_CLINIC and r() < 0.6:
            provs = self.clinic_provs(dept)
            if provs:
                prov = enc.att if enc.att.clinic_days else self.pick(provs)
                t = self.day0(dis) + self.randint(7, 30) * MS_D + int(self.uni(8.0, 16.5) * MS_H)
                booked = dis - int(self.uni(0, 1) * MS_D)
                if booked <= self.W1:
                    self.appts.append(Appt(pat, dept, prov, t, "visit", booked,
                                           "noshow" if r() < 0.07 else "ok"))
        return enc

    def make_sds(self, day_t):
        """Same-day (outpatient) surgery: booked weeks ahead, home the same day."""
        dept = self.wpick(*self._sds)
        t = day_t + int(self.uni(7.5, 14.5) * MS_H)
        pat = self.pick_patient("ob" if dept == "Obstetrics" else "adult", t)
        if self.W0 <= t < self.W1:
            sh = self.on_duty(dept, "att", t)
            att = sh.emp if sh else self.pick(self.dept_atts(dept))
        else:
            att = self.pick(self.dept_atts(dept))
        enc = Enc(pat, dept, att, t - int(self.uni(1.5, 2.5) * MS_H), t + int(self.uni(2, 5.5) * MS_H), "sds")
        enc.surg = t
        enc.elective = True
        self.encs.append(enc)
        booked = t - self.randint(7, 40) * MS_D
        if booked <= self.W1:
            self.appts.append(Appt(pat, "Perioperative Services", att, t, "surg", booked))
        if self.r() < 0.5 and att.clinic_days:
            tv = self.day0(t) + self.randint(7, 14) * MS_D + int(self.uni(8, 16) * MS_H)
            if t <= self.W1:
                self.appts.append(Appt(pat, dept, att, tv, "visit", t, "noshow" if self.r() < 0.05 else "ok"))

    def surgery_events(self, enc):
        r = self.r
        pat, t, surgeon = enc.pat, enc.surg, enc.att
        OR = "Perioperative Services"
        if enc.elective:
            if r() < 0.7:
                t0 = self.day0(t) - self.randint(1, 3) * MS_D + int(self.uni(9, 15) * MS_H)
                self.act(OR, "rn", t0, pat, "rn_periop", self.randint(2, 4))
            if r() < 0.5 and surgeon is not None:
                ut = self.user_time(surgeon, t - 7 * MS_D, t - 3 * MS_H)
                if ut:
                    self.session(ut[1], ut[0], pat, PROFILES["md_prep"], self.randint(2, 4))
        if not self.W0 <= t < self.W1:
            return
        if enc.kind == "sds":
            self.act("Patient Access", "reg", enc.adm - self.randint(0, 15) * MS_MIN, pat, "reg", self.randint(2, 5))
        self.act(OR, "rn", t - self.randint(30, 90) * MS_MIN, pat, "rn_periop", self.randint(3, 5))
        self.act("Anesthesiology", "att", t - self.randint(15, 60) * MS_MIN, pat, "anes", self.randint(3, 6))
        dur = int(self.uni(0.6, 3.5) * MS_H)
        sh = self.on_duty(OR, "rn", t + 5 * MS_MIN)
        if sh is not None:
            self.session(sh, t + self.randint(2, 10) * MS_MIN, pat, PROFILES["rn_periop"], self.randint(3, 6))
            self.session(sh, t + dur - self.randint(5, 20) * MS_MIN, pat, PROFILES["rn_periop"], self.randint(2, 4))
        if r() < 0.4:
            self.act(OR, "ortech", t + self.randint(5, 30) * MS_MIN, pat, "ortech", self.randint(1, 3))
        sh = self.on_duty("Anesthesiology", "np", t)
        if sh is not None:
            self.session(sh, t, pat, PROFILES["anes"], self.randint(4, 8))
            self.session(sh, t + dur // 2, pat, PROFILES["anes"], self.randint(2, 5))
        ssh = self.shift_at(surgeon, t + dur) if surgeon is not None else None
        if ssh is None or ssh.remote:
            ssh = self.on_duty(enc.dept, "att", t + dur)
        if ssh is not None:
            self.session(ssh, t + dur + self.randint(2, 20) * MS_MIN, pat, PROFILES["surgeon"], self.randint(3, 6))
        sh = self.on_duty(OR, "rn", t + dur + 20 * MS_MIN)
        if sh is not None:
            for k in range(self.randint(1, 3)):
                self.session(sh, t + dur + self.randint(10, 90) * MS_MIN, pat, PROFILES["rn_periop"],
                             self.randint(2, 5))

    def make_newborn(self, mom_enc):
        mom = mom_enc.pat
        birth = mom_enc.adm + int(self.uni(2, 20) * MS_H)
        if birth >= mom_enc.dis:
            birth = mom_enc.adm + (mom_enc.dis - mom_enc.adm) // 3
        partner = [m for m in mom.hh.members if m is not mom and m.age >= 18]
        last = mom.last if (not partner or self.r() < 0.75) else partner[0].last
        contacts = [mom.name] + ([partner[0].name] if partner else [])
        n = 2 if self.r() < 0.02 else 1
        for i in range(n):
            sex = "F" if self.r() < 0.49 else "M"
            baby = Person(self.firstname(sex), last, sex, (EPOCH + dt.timedelta(milliseconds=birth)).date(),
                          0, mom.address, mom.hh)
            baby.contacts = contacts[:]
            self.people.append(baby)
            mom.hh.members.append(baby)
            baby.created = birth + (i + 1) * 30_000
            baby.util = 1.0
            self.new_patients.append(baby)
            sh = self.on_duty("Pediatrics", "att", birth)
            att = sh.emp if sh else self.pick(self.dept_atts("Pediatrics"))
            enc = Enc(baby, "Pediatrics", att, birth, mom_enc.dis, "inpt")
            enc.link = "newborn"
            self.encs.append(enc)
            self.inpt.append(enc)

    def gen_clinic_appointments(self):
        r = self.r
        for prov in (e for e in self.emps if e.clinic_days):
            pool = "peds" if prov.dept == "Pediatrics" else ("ob" if prov.dept == "Obstetrics" else "adult")
            panel = prov.panel
            for d in range(-HIST_DAYS, self.days + FUTURE_DAYS):
                day_t = self.W0 + d * MS_D
                w = self.weekday(day_t)
                sat = w == 5 and "sat" in prov.prm and (d // 7) % 2 == prov.prm["sat"]
                if w not in prov.clinic_days and not sat:
                    continue
                if prov.term is not None and day_t >= self.ms_of_date(prov.term) + MS_D:
                    continue
                if 0 <= d < self.days and not any(sh.start < day_t + 17 * MS_H and sh.end > day_t + 9 * MS_H
                                                  and sh.remote == 0 for sh in prov.shifts):
                    continue        # provider off: clinic blocked
                n = prov.slots if not sat else prov.slots // 3
                span = (8 * MS_H) if not sat else 4 * MS_H
                step = span // max(1, n)
                fl = self.flu(day_t) if 0 <= d < self.days else 1.0
                fill = 0.86 * (min(1.0, fl) if prov.dept != "Internal Medicine" else min(1.1, fl))
                for i in range(n):
                    if r() > fill:
                        continue
                    t = day_t + 8 * MS_H + i * step + (MS_H if (not sat and i * step >= 4 * MS_H) else 0)
                    lead = min(120.0, self.lognorm(12.0, 1.0))
                    booked = t - int(lead * MS_D)
                    if booked > self.W1:
                        continue
                    pat = None
                    if self.W0 <= booked < self.W1 and r() < 0.04:
                        pat = self.new_patient(booked, 0 if pool == "peds" else 18, 17 if pool == "peds" else 90,
                                               sex="F" if pool == "ob" else None)
                    elif panel and r() < 0.72:
                        pat = self.pick(panel)
                        if pat.death is not None and pat.death < t:
                            pat = None
                    if pat is None:
                        pat = self.pick_patient(pool, t)
                        panel.append(pat)
                    status = "noshow" if (t < self.W1 and r() < 0.07) else "ok"
                    ap = Appt(pat, prov.dept, prov, t, "visit", booked, status)
                    self.appts.append(ap)
                    if t < self.W1 and status == "ok":
                        self.visit_orders(ap)

    def visit_orders(self, ap):
        r = self.r
        t = ap.t
        if r() < 0.35:
            tl = t + int(self.uni(0.5, 2.5) * MS_H) if r() < 0.6 else \
                self.day0(t) + self.randint(1, 3) * MS_D + int(self.uni(7, 16) * MS_H)
            self.appts.append(Appt(ap.pat, "Laboratory", ap.prov, tl, "lab", t))
        if r() < 0.15:
            ti = self.day0(t) + self.randint(1, 14) * MS_D + int(self.uni(7, 19) * MS_H)
            self.appts.append(Appt(ap.pat, "Radiology", ap.prov, ti, "img", t))
        if r() < 0.06:
            cd = ap.dept
            while cd == ap.dept:
                cd = self.pick(H_CLINIC)
            if (cd == "Pediatrics") != (ap.pat.age < 18) or (cd == "Obstetrics" and ap.pat.sex == "M"):
                cd = "Cardiology" if ap.pat.age >= 18 else "Neurology"
            provs = self.clinic_provs(cd)
            prov = self.pick(provs) if (provs and r() < 0.6) else None
            tr = self.day0(t) + self.randint(7, 45) * MS_D + int(self.uni(8, 16) * MS_H)
            ref = Appt(ap.pat, cd, prov, tr, "ref", t)
            ref.orderer = ap.prov
            self.appts.append(ref)
        if ap.dept in H_HOSP_CLINIC:
            ci = t - self.randint(3, 25) * MS_MIN
            enc = Enc(ap.pat, ap.dept, ap.prov, ci, t + self.randint(25, 80) * MS_MIN, "clinic")
            self.encs.append(enc)

    def gen_employee_health(self):
        """Flu-shot campaign: employee health nurses vaccinate employees who are patients."""
        emp_pts = [p for p in self.patients if p.emp is not None and p.emp.term is None]
        if not emp_pts:
            return
        for e in (x for x in self.emps if x.grp == "eh"):
            for sh in e.shifts:
                if sh.remote:
                    continue
                for _ in range(self.randint(8, 28)):
                    p = self.pick(emp_pts)
                    t = sh.start + int(self.r() * (sh.end - sh.start - 20 * MS_MIN))
                    self.appts.append(Appt(p, "Employee Health", e, t, "eh", t - self.randint(1, 12) * MS_D))

    # ---------------------------------------------------------------- routine events
    def gen_events(self):
        W0, W1 = self.W0, self.W1
        for enc in self.encs:
            if enc.kind == "inpt" and enc.dis >= W0 - 50 * MS_D and enc.adm < W1:
                self.inpatient_events(enc)
            elif enc.kind == "ed" and enc.dis >= W0 - 5 * MS_D and enc.adm < W1:
                self.ed_events(enc)
            if enc.surg is not None and W0 - 8 * MS_D <= enc.surg < W1 + 8 * MS_D:
                self.surgery_events(enc)
        for ap in self.appts:
            lo = min(ap.t, ap.booked)
            if ap.t < W0 - 20 * MS_D or lo >= W1:
                continue
            k = ap.kind
            if k == "visit":
                self.visit_events(ap)
            elif k == "lab":
                self.lab_events(ap)
            elif k == "img":
                self.img_events(ap)
            elif k == "ref":
                self.ref_events(ap)
            elif k == "eh":
                sh = self.shift_at(ap.prov, ap.t)
                if sh:
                    self.session(sh, ap.t, ap.pat, PROFILES["eh"], self.randint(3, 5))
        self.back_office()
        self.it_and_service()

    def rn_profile(self, dept):
        return "ob" if dept == "Obstetrics" and self.r() < 0.35 else (
            "rn_ed" if dept == "Emergency Department" else "rn_inpt")

    def md_profile(self, e, dept, pat):
        r = self.r
        if dept == "Behavioral Health":
            if e.grp == "bh":
                return "bh_sud" if pat.sud and r() < 0.5 else "bh"
            return "bh_rx" if r() < 0.7 else ("bh_sud" if pat.sud else "bh")
        if dept == "Obstetrics" and r() < 0.5:
            return "ob"
        return None

    def inpatient_events(self, enc):
        r, W0, W1 = self.r, self.W0, self.W1
        pat, dept = enc.pat, enc.dept
        adm, dis = enc.adm, enc.dis
        lo, hi = max(adm, W0), min(dis, W1)
        # --- around admission
        if W0 <= adm < W1 and not enc.from_ed:
            if enc.link == "newborn":
                self.act("Patient Access", "reg", pat.created + self.randint(1, 40) * MS_MIN, pat, "reg",
                         self.randint(3, 6))
            else:
                self.act("Patient Access", "reg", adm - self.randint(5, 40) * MS_MIN, pat, "reg",
                         self.randint(3, 6))
        if enc.elective and adm >= W0 - MS_D:
            if r() < 0.6:
                ut = self.user_time(enc.att, adm - 7 * MS_D, adm - 2 * MS_H)
                if ut:
                    self.session(ut[1], ut[0], pat, PROFILES["md_prep"], self.randint(2, 5))
            if r() < 0.7:
                t = self.day0(adm) - self.randint(1, 4) * MS_D + int(self.uni(9, 15) * MS_H)
                self.act("Patient Access", "reg", t, pat, "reg", self.randint(2, 4))
            t = adm - self.randint(7, 30) * MS_D + int(self.uni(0, 6) * MS_H)
            self.act("Patient Access", "sched", self.day0(t) + int(self.uni(9, 15) * MS_H), pat, "sched", 3)
        if lo < hi:
            # --- nursing, pharmacy by 12 h block
            b = self.day0(lo) + 7 * MS_H
            if b > lo:
                b -= 12 * MS_H
            while b < hi:
                bs, be = max(b, lo), min(b + 12 * MS_H, hi)
                night = (b % MS_D) >= 12 * MS_H
                if be - bs > 20 * MS_MIN:
                    probe = min(bs + 90 * MS_MIN, be - MS_MIN)
                    sh = None
                    if enc.last_rn is not None and r() < 0.75:
                        sh = self.shift_at(enc.last_rn, probe)
                        if sh is not None and (sh.dept != dept or sh.remote or sh.end < min(be, bs + 10 * MS_H)):
                            sh = None
                    if sh is None:
                        sh = self.on_duty(dept, "rn", probe) or self.on_duty(dept, "rn", min(be - MS_MIN, bs + 3 * MS_H))
                    if sh is not None:
                        enc.last_rn = sh.emp
                        lam = (RN_SESS_NIGHT if night else RN_SESS_DAY) * (be - bs) / (12 * MS_H)
                        for _ in range(self.poisson(lam)):
                            t = bs + int(r() * (be - bs))
                            if t < sh.end:
                                self.session(sh, t, pat, PROFILES[self.rn_profile(dept)], 2 + self.poisson(2.5))
                        if W0 <= dis < W1 and bs <= dis < be and r() < 0.7:
                            self.emit(sh, dis - self.randint(10, 60) * MS_MIN, "print", pat,
                                      "Discharge Instructions", self.randint(1, 3))
                    if r() < 0.25:
                        t = bs + int(r() * (be - bs))
                        self.act(dept, "rn", t, pat, "rn_inpt", self.randint(1, 3))
                    if r() < 0.85:
                        t = bs + int(r() * (be - bs))
                        self.act("Pharmacy", "pharm", t, pat, "pharm", self.randint(2, 4))
                    if r() < 0.35:
                        t = bs + int(r() * (be - bs))
                        self.act("Pharmacy", "pharmtech", t, pat, "pharmtech", self.randint(1, 3))
                    if r() < 0.8:
                        t = bs + int(r() * (be - bs))
                        self.act("Laboratory", "lab", t, pat, "lab", self.randint(2, 4))
                b += 12 * MS_H
            # --- physicians and allied health by day
            d = self.day0(lo)
            atts = self.dept_atts(dept)
            while d < hi:
                w = self.weekday(d)
                t = d + int(self.uni(7.2, 11.5) * MS_H)
                if lo <= t < hi:
                    sh = self.shift_at(enc.att, t) if enc.att is not None else None
                    if sh is None or sh.remote or sh.dept != dept:
                        sh = self.on_duty(dept, "att", t)
                    if sh is not None:
                        prof = self.md_profile(sh.emp, dept, pat) or "md_round"
                        t2 = self.session(sh, t, pat, PROFILES[prof], 3 + self.poisson(3))
                        if r() < 0.55:
                            self.session(sh, t2 + int(self.uni(1.5, 7) * MS_H), pat, PROFILES[prof],
                                         2 + self.poisson(1.5))
                    rsh = self.shift_at(enc.res, t) if enc.res is not None else None
                    if rsh is None or rsh.dept != dept:
                        rsh = self.on_duty(dept, "res", t - 30 * MS_MIN)
                    if rsh is not None:
                        enc.res = rsh.emp
                        for _ in range(self.randint(1, 3)):
                            tt = t - self.randint(0, 90) * MS_MIN + int(r() * 6 * MS_H)
                            self.session(rsh, tt, pat, PROFILES["md_round"], 2 + self.poisson(3))
                    if r() < 0.25:
                        self.act(dept, "np", t + int(r() * 5 * MS_H), pat, "np", self.randint(2, 6))
                    if w < 5 and (enc.cm is None or r() < 0.6):
                        sh = self.shift_at(enc.cm, t) if enc.cm is not None else None
                        if sh is None:
                            sh = self.on_duty("Case Management", "cm", t + MS_H)
                        if sh is not None:
                            enc.cm = sh.emp
                            self.session(sh, t + MS_H, pat, PROFILES["cm"], self.randint(2, 5))
                    if r() < (0.12 if dept != "Behavioral Health" else 0.4):
                        self.act("Case Management", "sw", t + int(r() * 6 * MS_H), pat, "sw", self.randint(2, 4))
                    if w < 5 and dept in ("Orthopedics", "Neurology", "Internal Medicine", "General Surgery",
                                          "Medical ICU", "Cardiology") and r() < 0.4:
                        self.act("Rehabilitation Services", "ther", t + int(r() * 6 * MS_H), pat, "ther",
                                 self.randint(2, 4))
                    if w < 5 and r() < 0.12:
                        self.act("Food and Nutrition Services", "diet", t + int(r() * 6 * MS_H), pat, "diet",
                                 self.randint(2, 4))
                    if r() < 0.22:
                        ti = t + int(r() * 8 * MS_H)
                        self.act("Radiology", "radtech", ti, pat, "radtech", self.randint(2, 4))
                        self.act("Radiology", "radiol", ti + int(self.uni(0.3, 6) * MS_H), pat, "radiol",
                                 self.randint(2, 5))
                    if dept == "Behavioral Health" and w < 5 and r() < 0.7:
                        self.act(dept, "bh", t + int(r() * 6 * MS_H), pat, "bh", self.randint(3, 6))
                # night cross-cover
                tn = d + int(self.uni(20.0, 30.0) * MS_H)
                if lo <= tn < hi and r() < 0.22:
                    cov = H_NIGHT_COVER.get(dept, dept)
                    sh = self.on_duty(cov, "res", tn) if r() < 0.5 else None
                    sh = sh or self.on_duty(cov, "att", tn) or self.on_duty(cov, "res", tn)
                    if sh is not None:
                        self.session(sh, tn, pat, PROFILES["md_round"], self.randint(2, 5))
                d += MS_D
            # --- consults
            for cd, t_order, ap in enc.consults:
                cons = None
                for k in range(self.randint(1, 3)):
                    t = self.day0(t_order) + k * MS_D + int(self.uni(8, 18) * MS_H)
                    if k == 0:
                        t = max(t, t_order + 20 * MS_MIN)
                    if not lo <= t < hi:
                        continue
                    sh = self.shift_at(cons, t) if cons is not None else None
                    if sh is None or sh.remote:
                        sh = self.on_duty(cd, "att", t) or self.on_duty(cd, "np", t)
                    if sh is None:
                        continue
                    if cons is None:
                        cons = sh.emp
                        if ap is not None and ap.prov is None and r() < 0.5 and sh.emp.grp == "att":
                            ap.prov = sh.emp
                    self.session(sh, t, pat, PROFILES["md_consult"], 3 + self.poisson(3))
                    if cd in ("Cardiology", "Neurology") and r() < 0.3:
                        self.act(cd, "res", t + MS_H, pat, "md_consult", self.randint(2, 4))
        # --- discharge and after
        if dis < W1 and dis >= W0 - 45 * MS_D:
            who = enc.res if (enc.res is not None and r() < 0.5) else enc.att
            if W0 - 3 * MS_D <= dis:
                ut = self.user_time(who, dis - 3 * MS_H, dis + 3 * MS_D, first=True) if who else None
                if ut is None and enc.att is not None:
                    ut = self.user_time(enc.att, dis - 3 * MS_H, dis + 4 * MS_D, first=True)
                if ut:
                    self.session(ut[1], ut[0], pat, PROFILES["md_dc"], self.randint(2, 5))
                if W0 <= dis and r() < 0.6:
                    self.act("Pharmacy", "pharm", dis - self.randint(30, 180) * MS_MIN, pat, "pharm",
                             self.randint(2, 3))
            if enc.att is not None and r() < 0.5:
                t0 = dis + int(self.uni(1, 14) * MS_D)
                ut = self.user_time(enc.att, t0, t0 + 3 * MS_D)
                if ut:
                    self.session(ut[1], ut[0], pat, PROFILES["md_results"], self.randint(2, 5))
            if r() < 0.3 and not enc.died:
                t0 = self.day0(dis) + self.randint(1, 3) * MS_D + int(self.uni(9, 16) * MS_H)
                sh = self.shift_at(enc.cm, t0) if enc.cm is not None else None
                sh = sh or self.on_duty("Case Management", "cm", t0)
                if sh:
                    self.session(sh, t0, pat, PROFILES["cm"], self.randint(2, 3))

    def ed_events(self, enc):
        r, W0, W1 = self.r, self.W0, self.W1
        a, dep, pat = enc.adm, enc.dis, enc.pat
        ED = "Emergency Department"
        if a >= W0:
            t = a + self.randint(1, 12) * MS_MIN
            sh = self.on_duty("Patient Access", "reg", t)
            if sh is not None:
                if pat.created is not None and abs(pat.created - a) < MS_MIN:
                    self.emit(sh, t - 20000, "create", pat, "Demographics")
                self.session(sh, t, pat, PROFILES["reg"], self.randint(3, 5))
            t = a + self.randint(4, 25) * MS_MIN
            self.act(ED, "rn", t, pat, "rn_ed", self.randint(3, 6))
            if pat.restricted and r() < 0.25:
                sh = self.on_duty(ED, "rn", t)
                if sh is not None:
                    self.emit(sh, t - 15000, "break_glass", pat, "Break-the-Glass", extra="Emergency Treatment")
        if dep > W0 and a < W1:
            dur = dep - a
            rsh = self.on_duty(ED, "rn", min(dep - MS_MIN, a + 30 * MS_MIN))
            if rsh is not None:
                for _ in range(max(1, int(dur / (50 * MS_MIN)))):
                    t = a + 20 * MS_MIN + int(r() * max(1, dur - 20 * MS_MIN))
                    if t < rsh.end:
                        self.session(rsh, t, pat, PROFILES["rn_ed"], 2 + self.poisson(1.5))
                if enc.link is None and r() < 0.6:
                    self.emit(rsh, dep - self.randint(2, 15) * MS_MIN, "print", pat, "Discharge Instructions",
                              self.randint(1, 2))
            prov = enc.ed_prov or enc.att
            t1 = a + int(self.uni(0.25, 1.6) * MS_H)
            t1 = min(t1, dep - 5 * MS_MIN) if dep - a > 10 * MS_MIN else a
            sh = self.shift_at(prov, t1) if prov is not None else None
            if sh is None or sh.remote:
                sh = self.on_duty(ED, "att", t1)
            if sh is not None:
                t2 = self.session(sh, t1, pat, PROFILES["md_ed"], 4 + self.poisson(3))
                for _ in range(self.randint(1, 3)):
                    tt = t2 + int(r() * max(1, dep - t2))
                    if tt < sh.end:
                        self.session(sh, tt, pat, PROFILES["md_ed"], 1 + self.poisson(2))
                if enc.ed_prov is not None:
                    ash = self.shift_at(enc.att, t2 + MS_H) if enc.att else None
                    if ash is not None and r() < 0.6:
                        self.session(ash, t2 + MS_H, pat, PROFILES["md_ed"], self.randint(1, 3))
            if r() < 0.5:
                self.act(ED, "res", t1 + 10 * MS_MIN, pat, "md_ed", 3 + self.poisson(2))
            if r() < 0.75:
                self.act("Laboratory", "lab", t1 + self.randint(10, 50) * MS_MIN, pat, "lab", self.randint(2, 4))
            if r() < 0.45:
                ti = t1 + self.randint(15, 90) * MS_MIN
                self.act("Radiology", "radtech", ti, pat, "radtech", self.randint(2, 4))
                self.act("Radiology", "radiol", ti + self.randint(10, 90) * MS_MIN, pat, "radiol", self.randint(2, 5))
            if r() < 0.3:
                self.act("Pharmacy", "pharm", t1 + self.randint(10, 60) * MS_MIN, pat, "pharm", self.randint(2, 3))
            if r() < 0.04 or (pat.age < 18 and r() < 0.04):
                self.act(ED, "sw", t1 + MS_H, pat, "sw", self.randint(2, 4)) or \
                    self.act("Case Management", "sw", t1 + MS_H, pat, "sw", self.randint(2, 4))
            if r() < 0.07:
                cd = self.wpick(*self._consult)
                if cd == "Pediatrics" and pat.age >= 18:
                    cd = "Internal Medicine"
                if cd == "Obstetrics" and pat.sex == "M":
                    cd = "General Surgery"
                tc = t1 + int(self.uni(0.5, 3) * MS_H)
                cons = self.act(cd, "att", tc, pat, "md_consult", 3 + self.poisson(2))
                if r() < 0.7:
                    self.appts.append(Appt(pat, cd, cons if (cons and r() < 0.5) else None, tc - 20 * MS_MIN,
                                           "consult", tc - 20 * MS_MIN))
            if isinstance(enc.link, Enc):
                ie = enc.link
                ta = dep - self.randint(20, 120) * MS_MIN
                sh = self.shift_at(ie.att, ta) if ie.att else None
                if sh is None or sh.remote:
                    sh = self.on_duty(ie.dept, "res", ta) or self.on_duty(ie.dept, "att", ta) or \
                        self.on_duty(H_NIGHT_COVER.get(ie.dept, ie.dept), "att", ta)
                if sh is not None:
                    self.session(sh, ta, pat, PROFILES["md_round"], 3 + self.poisson(2))
        if dep < W1 and r() < 0.08:
            t0 = dep + int(self.uni(1, 3) * MS_D)
            self.act(ED, "rn", t0, pat, "md_results", self.randint(2, 3)) if r() < 0.6 else \
                self.act(ED, "att", t0, pat, "md_results", self.randint(2, 3))

    def visit_events(self, ap):
        r, W0, W1 = self.r, self.W0, self.W1
        pat, dept, prov, t = ap.pat, ap.dept, ap.prov, ap.t
        if W0 <= ap.booked < W1:
            tb = ap.booked
            sh = self.on_duty("Patient Access", "sched", tb) if r() < 0.7 else None
            sh = sh or self.on_duty(dept, "fd", tb) or self.on_duty("Patient Access", "sched", tb)
            if sh is not None:
                if pat.created is not None and pat.created == ap.booked:
                    self.emit(sh, tb - 40000, "create", pat, "Demographics")
                self.session(sh, tb, pat, PROFILES["sched"], self.randint(2, 4))
            elif pat.created is not None and pat.created == ap.booked:
                sh = self.on_duty("Patient Access", "reg", tb)
                if sh:
                    self.emit(sh, tb, "create", pat, "Demographics")
        if r() < 0.25:
            t0 = self.day0(t) - self.randint(1, 2) * MS_D + int(self.uni(9, 16) * MS_H)
            (self.act("Patient Access", "sched", t0, pat, "sched", 2) if r() < 0.5 else
             self.act(dept, "fd", t0, pat, "fd", 2))
        if prov is not None and r() < 0.35:
            ut = self.user_time(prov, t - 7 * MS_D, t - MS_H)
            if ut:
                self.session(ut[1], ut[0], pat, PROFILES["md_prep"], self.randint(2, 4))
        if r() < 0.25:
            t0 = t - int(self.uni(2, 28) * MS_H)
            self.act(dept, "ma", t0, pat, "md_prep", self.randint(1, 3))
        if ap.status == "noshow":
            if r() < 0.5:
                self.act("Patient Access", "sched", t + int(self.uni(1, 48) * MS_H), pat, "sched", 2)
            return
        if not W0 <= t < W1 + MS_D:
            return
        tc = t - self.randint(2, 20) * MS_MIN
        (self.act(dept, "fd", tc, pat, "fd", self.randint(2, 4)) or
         self.act("Patient Access", "reg", tc, pat, "fd", self.randint(2, 4)))
        if dept not in ("Behavioral Health",):
            (self.act(dept, "ma", t + self.randint(0, 12) * MS_MIN, pat, "ma", self.randint(3, 5)) or
             self.act(dept, "rn", t + self.randint(0, 12) * MS_MIN, pat, "ma", self.randint(2, 4)))
        tp = t + self.randint(8, 25) * MS_MIN
        psh = self.shift_at(prov, tp) if prov is not None else None
        if psh is None or psh.remote == 2:
            psh = self.on_duty(dept, "att", tp) or self.on_duty(dept, "np", tp)
        if psh is not None:
            e = psh.emp
            prof = self.md_profile(e, dept, pat) or ("np" if e.grp == "np" else "md_clinic")
            self.session(psh, tp, pat, PROFILES[prof], 4 + self.poisson(4))
            if r() < 0.45:
                ut = self.user_time(e, tp + 2 * MS_H, tp + 36 * MS_H, first=True)
                if ut:
                    self.session(ut[1], ut[0], pat, PROFILES[prof], self.randint(1, 3))
        if r() < 0.4:
            sh = self.on_duty(dept, "ma", t + 40 * MS_MIN) or self.on_duty(dept, "fd", t + 40 * MS_MIN)
            if sh:
                self.emit(sh, t + self.randint(35, 70) * MS_MIN, "print", pat, "After Visit Summary", 1)

    def lab_events(self, ap):
        if self.W0 <= ap.t < self.W1:
            self.act("Laboratory", "lab", ap.t, ap.pat, "lab", self.randint(2, 4))
        if ap.prov is not None and self.r() < 0.7:
            t0 = ap.t + int(self.uni(0.2, 5) * MS_D)
            ut = self.user_time(ap.prov, t0, t0 + 2 * MS_D)
            if ut:
                self.session(ut[1], ut[0], ap.pat, PROFILES["md_results"], self.randint(2, 4))

    def img_events(self, ap):
        if self.W0 <= ap.t < self.W1:
            self.act("Radiology", "radtech", ap.t, ap.pat, "radtech", self.randint(2, 4))
            self.act("Radiology", "radiol", ap.t + int(self.uni(0.5, 20) * MS_H), ap.pat, "radiol",
                     self.randint(2, 5))
        if ap.prov is not None and self.r() < 0.8:
            t0 = ap.t + int(self.uni(0.5, 5) * MS_D)
            ut = self.user_time(ap.prov, t0, t0 + 2 * MS_D)
            if ut:
                self.session(ut[1], ut[0], ap.pat, PROFILES["md_results"], self.randint(2, 4))

    def ref_events(self, ap):
        t0 = ap.booked + int(self.uni(0.1, 6) * MS_D)
        if ap.prov is not None and self.r() < 0.5:
            ut = self.user_time(ap.prov, t0, t0 + 5 * MS_D)
            if ut:
                self.session(ut[1], ut[0], ap.pat, PROFILES["md_prep"], self.randint(2, 3))
        elif self.r() < 0.7:
            t0 = self.day0(t0) + int(self.uni(9, 16) * MS_H)
            self.act(ap.dept, "fd", t0, ap.pat, "sched", 2) or \
                self.act("Patient Access", "sched", t0, ap.pat, "sched", 2)

    # ---------------------------------------------------------------- back office
    def back_office(self):
        r, W0, W1 = self.r, self.W0, self.W1
        coding, billing, him, qa, reg = [], [], [], [], []
        old = []
        for enc in self.encs:
            if enc.dis is None or enc.dis >= W1 or enc.dis < W0 - 130 * MS_D:
                continue
            p, dis = enc.pat, enc.dis
            if enc.kind == "inpt":
                coding.append((dis + int(self.uni(0.3, 2) * MS_D), p, 45))
                billing.append((dis + int(self.uni(2, 6) * MS_D), p, 14))
                if r() < 0.85:
                    him.append((dis + int(self.uni(0.2, 3) * MS_D), p, 10))
                if r() < 0.3:
                    qa.append((dis + int(self.uni(3, 20) * MS_D), p, 25))
                if enc.dept == "Oncology" and r() < 0.6:
                    reg.append((dis + int(self.uni(5, 30) * MS_D), p, 30))
            elif enc.kind in ("ed", "sds"):
                if r() < 0.85:
                    coding.append((dis + int(self.uni(0.1, 2) * MS_D), p, 12))
                if r() < 0.6:
                    billing.append((dis + int(self.uni(2, 5) * MS_D), p, 7))
                if r() < 0.3:
                    him.append((dis + int(self.uni(0.2, 2) * MS_D), p, 5))
            if dis < W0 - 25 * MS_D:
                old.append((dis, p))
        for ap in self.appts:
            if ap.kind != "visit" or ap.status != "ok" or ap.t >= W1 or ap.t < W0 - 130 * MS_D:
                continue
            if r() < 0.55:
                coding.append((ap.t + int(self.uni(0.2, 3) * MS_D), ap.pat, 6))
            if r() < 0.35:
                billing.append((ap.t + int(self.uni(3, 10) * MS_D), ap.pat, 6))
            if r() < 0.12:
                him.append((ap.t + int(self.uni(0.5, 3) * MS_D), ap.pat, 4))
            if ap.dept == "Oncology" and r() < 0.1:
                reg.append((ap.t + int(self.uni(5, 30) * MS_D), ap.pat, 30))
            if ap.t < W0 - 25 * MS_D:
                old.append((ap.t, ap.pat))
        old.sort(key=itemgetter(0))
        old_t = [x[0] for x in old]

        def denial(t):
            if not old or r() < 0.25:
                return None
            a = bisect.bisect_left(old_t, t - 120 * MS_D)
            b = bisect.bisect_right(old_t, t - 30 * MS_D)
            if b <= a:
                return None
            return (t, old[a + int(r() * (b - a))][1], 16)

        cl = lambda a, b: (lambda: self.randint(a, b))
        self.worklist("coder", coding, "coder", cl(3, 7), idle_p=0.15)
        self.worklist("bill", billing, "bill", cl(2, 5), filler=denial, idle_p=0.25)
        self.worklist("him", him, "him", cl(2, 4), idle_p=0.2)
        self.worklist("qa", qa, "qa", cl(4, 8), idle_p=0.2, start_backlog=10)
        self.worklist("registrar", reg, "registrar", cl(3, 7), idle_p=0.2, start_backlog=20)
        self.roi_work()
        self.infection_prevention()
        self.privacy_office()
        self.clerk_batches()

    def roi_work(self):
        r = self.r
        recent = [enc.pat for enc in self.encs if enc.kind == "inpt" and enc.dis < self.W1]
        dead = [p for p in self.patients if p.death is not None and p.death < self.W0]
        for e in (x for x in self.emps if x.grp == "roi"):
            for sh in e.shifts:
                if sh.remote == 2:
                    continue
                t = sh.start + self.randint(10, 40) * MS_MIN
                for _ in range(self.randint(5, 13)):
                    x = r()
                    if x < 0.35 and recent:
                        p = self.pick(recent)
                    elif x < 0.88:
                        p = self.pick_patient("any", t)
                    else:
                        p = self.pick(dead) if dead else self.pick_patient("any", t)
                    t = self.session(sh, t, p, PROFILES["roi"], self.randint(2, 4))
                    n = max(1, int(self.lognorm(18, 1.0)))
                    self.emit(sh, t, "print" if r() < 0.6 else "export", p, "Medical Record Copy", min(n, 900))
                    t += self.randint(8, 35) * MS_MIN
                    if t > sh.end - 15 * MS_MIN:
                        break
        for e in (x for x in self.emps if x.grp == "registrar"):
            for sh in e.shifts:
                if self.weekday(sh.start) == 2 and not sh.remote:
                    self.emit(sh, sh.start + self.randint(60, 300) * MS_MIN, "export", None,
                              "Cancer Registry Submission", self.randint(60, 220))

    def census_at(self, t):
        out = []
        for enc in self.inpt_window:
            if enc.adm <= t < enc.dis:
                out.append(enc)
        return out

    def infection_prevention(self):
        self.inpt_window = [e for e in self.inpt if e.dis > self.W0 and e.adm < self.W1]
        for e in (x for x in self.emps if x.grp == "ip"):
            for sh in e.shifts:
                if sh.remote == 2:
                    continue
                t = sh.start + self.randint(15, 60) * MS_MIN
                census = self.census_at(t)
                if not census:
                    continue
                for enc in self.rng.sample(census, min(len(census), self.randint(8, 22))):
                    t = self.session(sh, t, enc.pat, PROFILES["ip"], self.randint(2, 5)) + self.randint(2, 15) * MS_MIN
                    if t > sh.end:
                        break

    def privacy_office(self):
        recent = [enc.pat for enc in self.inpt_window] or [self.pick_patient("any", self.W0)]
        emp_pts = [p for p in self.patients if p.emp is not None]
        for e in (x for x in self.emps if x.grp == "priv"):
            for sh in e.shifts:
                t = sh.start + self.randint(20, 120) * MS_MIN
                for _ in range(self.randint(1, 5)):
                    self.emit(sh, t, "query", None, "Access Audit Report", max(1, int(self.lognorm(300, 1.2))))
                    t += self.randint(10, 60) * MS_MIN
                for _ in range(self.randint(0, 3)):
                    p = self.pick(emp_pts) if (emp_pts and self.r() < 0.4) else self.pick(recent)
                    t = self.session(sh, t, p, PROFILES["priv"], self.randint(2, 4)) + self.randint(5, 40) * MS_MIN

    def clerk_batches(self):
        for e in self.emps:
            if e.batch is None:
                continue
            mean, rt, action = e.batch
            for sh in e.shifts:
                if sh.remote == 2 or self.r() < 0.1:
                    continue
                n = max(5, int(self.rng.gauss(mean, mean * 0.18)))
                self.emit(sh, sh.start + self.randint(25, 100) * MS_MIN, action, None, rt, n)

    def it_and_service(self):
        r = self.r
        recent = [enc.pat for enc in self.inpt_window] or [self.test_patients[0]]
        qtypes = ("Ad Hoc Query", "Report", "Interface Monitor", "Work Queue Report", "Security Audit")
        for e in (x for x in self.emps if x.grp == "it"):
            qmed = e.prm.setdefault("qmed", self.uni(20, 400))
            for sh in e.shifts:
                t = sh.start + self.randint(10, 40) * MS_MIN
                nq = self.randint(4, 14) if sh.remote != 2 else self.randint(1, 5)
                for _ in range(nq):
                    n = max(0, int(self.lognorm(qmed, 1.1)))
                    if r() < 0.03:
                        n = self.randint(2000, 25000)
                    self.emit(sh, t, "query", None, self.pick(qtypes), n)
                    t += int(self.uni(4, 50) * MS_MIN)
                    if t > sh.end:
                        break
                for _ in range(self.randint(0, 4) if sh.remote != 2 else self.randint(0, 2)):
                    tt = sh.start + int(r() * (sh.end - sh.start))
                    self.session(sh, tt, self.pick(self.test_patients), PROFILES["it_test"], self.randint(2, 6))
                if sh.remote != 2 and r() < 0.06:
                    tt = sh.start + int(r() * (sh.end - sh.start))
                    self.session(sh, tt, self.pick(recent), PROFILES["it_real"], self.randint(2, 4))
        # nightly reporting extract
        svc = self.svc
        kinds = ("ADT Extract", "Encounter Extract", "Claims Extract", "Lab Results Extract",
                 "Quality Registry Extract", "Census Extract")
        for d in range(self.days):
            t = self.W0 + d * MS_D + int(self.uni(1.0, 1.5) * MS_H)
            sh = Shift(t - MS_MIN, t + 3 * MS_H, "Information Technology", ("RVHRPTPRD01",), ("10.20.1.15",), 0, svc)
            svc.shifts.append(sh)
            for k in self.rng.sample(kinds, self.randint(3, 6)):
                self.emit(sh, t, "export", None, k, int(self.lognorm(4500 * self.S, 0.45)))
                t += int(self.uni(3, 25) * MS_MIN)
            if self.weekday(t) == 6:
                self.emit(sh, t + 20 * MS_MIN, "export", None, "Full Refresh Extract",
                          int(self.uni(30000, 45000) * (self.args.patients / 50000)))


# =========================================================================== incidents
class IncidentMixin:
    """Injects labelled misuse.  Each incident has its own user; victims were never treated
    by the user's department (practice: never on the user's caseload/groups/supervision) and
    never touched by the user in routine work."""

    # groups allowed to be snoopers, per profile (overridden by Practice)
    SNOOP_GROUPS = ("rn", "rn_float", "att", "res", "np", "ma", "fd", "reg", "sched", "bill", "pharm",
                    "radtech", "lab", "cm", "sw", "ther", "coder", "him", "diet", "pharmtech")
    CLIN_SNOOP = ("rn", "rn_float", "att", "res", "np", "pharm", "ma", "cm", "sw", "ther")
    DAY_ONLY = ("sched", "bill", "him", "qa", "fd", "ma", "ther", "diet", "cm", "roi", "registrar")
    WRONG_ROLE = ("reg", "sched", "bill", "it")
    BULK = (2500, 20000)
    SPIKE_MIN = 25
    NO_REL = "outside their department with no care relationship"

    def prepare_incident_context(self):
        touched, daily, maxbatch, night = {}, {}, {}, {}
        for x in self.ev:
            t, uid, mrn = x[0], x[1], x[5]
            if mrn:
                s = touched.get(uid)
                if s is None:
                    s = touched[uid] = set()
                s.add(mrn)
                daily.setdefault(uid, set()).add(((t - self.W0) // MS_D, mrn))
            if x[7] > 1 and x[4] in ("export", "print", "query"):
                if x[7] > maxbatch.get(uid, 0):
                    maxbatch[uid] = x[7]
            h = (t % MS_D) // MS_H
            if h >= 20 or h < 6:
                night[uid] = night.get(uid, 0) + 1
        self.touched, self.maxbatch, self.night = touched, maxbatch, night
        self.daily_med = {}
        for uid, pairs in daily.items():
            per = {}
            for d, _ in pairs:
                per[d] = per.get(d, 0) + 1
            v = sorted(per.values())
            self.daily_med[uid] = (v[len(v) // 2], v[-1])
        self.treated = {}
        self.by_user = {}
        for enc in self.encs:
            if enc.adm < self.W1:
                self.treated.setdefault(enc.dept, set()).add(enc.pat.mrn)
                if enc.att is not None:
                    self.by_user.setdefault(enc.att.uid, set()).add(enc.pat.mrn)
        for ap in self.appts:
            if ap.booked <= self.W1:
                self.treated.setdefault(ap.dept, set()).add(ap.pat.mrn)
                for who in (ap.prov, ap.actual):
                    if who is not None:
                        self.by_user.setdefault(who.uid, set()).add(ap.pat.mrn)
        self.used_victims = set()
        self.by_contact = {}
        for p in self.patients:
            for c in p.contacts:
                self.by_contact.setdefault(c, []).append(p)
        used = {p.mrn_no for p in self.patients}
        lo = min((p.mrn_no for p in self.patients if not p.is_test and p.created is None), default=0)
        hi = max((p.mrn_no for p in self.patients if not p.is_test and p.created is None), default=0)
        self.gap_mrns = [n for n in range(lo, hi) if n not in used]
        self.rng.shuffle(self.gap_mrns)

    # ------------------------------------------------------------- eligibility
    def user_depts(self, e):
        return {e.dept} | e.worked_depts

    def eligible(self, e, p, t=None, allow_self=False):
        if p is None or p.mrn is None or p.is_test or p.mrn in self.used_victims:
            return False
        if p.created is not None and (t is None or p.created >= t - MS_D):
            return False
        if p.emp is e and not allow_self:
            return False
        if p.mrn in self.touched.get(e.uid, ()) or p.mrn in self.by_user.get(e.uid, ()):
            return False
        for d in self.user_depts(e):
            if p.mrn in self.treated.get(d, ()):
                return False
        return self.extra_eligible(e, p)

    def extra_eligible(self, e, p):
        return True

    def free_users(self, groups, pred=None):
        out = []
        for e in self.emps:
            if e.idx in self.inc_users or not e.ehr or e.grp not in groups:
                continue
            if not any(sh.remote == 0 for sh in e.shifts):
                continue
            if e.term is not None and e.term < self.start_date + dt.timedelta(days=self.days):
                continue
            if pred is None or pred(e):
                out.append(e)
        self.rng.shuffle(out)
        return out

    def slot(self, e, onsite=True):
        shs = [sh for sh in e.shifts if (sh.remote == 0 or not onsite) and sh.remote != 2
               and sh.end - sh.start > 3 * MS_H and sh.start >= self.W0 and sh.end < self.W1]
        if not shs:
            return None
        sh = self.pick(shs)
        return sh.start + int(self.uni(0.1, 0.9) * (sh.end - sh.start)), sh

    def gap_mrn(self):
        if self.gap_mrns:
            n = self.gap_mrns.pop()
        else:
            n = self.next_mrn + 500 + len(self.patients)
        return n, f"{self.mrn_prefix}{n:0{self.mrn_width}d}"

    def register_old(self, p):
        """Register somebody as a long-standing patient (an MRN from a gap of the old range)."""
        p.mrn_no, p.mrn = self.gap_mrn()
        p.util = 0.5
        self.patients.append(p)
        return p

    def record(self, scen, e, pat, tag, desc):
        self.inc_users.add(e.idx)
        if pat is not None:
            self.used_victims.add(pat.mrn)
        self.incidents.append({"scenario": scen, "user": e.uid, "patient": pat.mrn if pat is not None else "",
                               "tag": tag, "description": desc})

    def snoop(self, sh, t, pat, n, tag, prof="snoop"):
        return self.session(sh, t, pat, PROFILES[prof], n, tag=tag)

    def remote_shift(self, e, t, dur=3 * MS_H):
        ws, ip = self.remote_ws(e)
        return Shift(t - MS_MIN, t + dur, e.dept, (ws,), (ip,), 1, e)

    def victim_from(self, e, cands, t, allow_self=False):
        cands = list(cands)
        self.rng.shuffle(cands)
        for p in cands:
            if self.eligible(e, p, t, allow_self):
                return p
        return None

    def random_victims(self, e, t, n, pred=None):
        out, seen = [], set()
        pts = self.patients
        tries = 0
        while len(out) < n and tries < n * 60:
            tries += 1
            p = pts[int(self.r() * len(pts))]
            if p.mrn in seen or (pred and not pred(p)):
                continue
            if self.eligible(e, p, t):
                seen.add(p.mrn)
                out.append(p)
        return out

    # ------------------------------------------------------------- driver
    def inject_incidents(self):
        k = self.args.incidents_per_scenario
        if k <= 0:
            return
        self.prepare_incident_context()
        tag = 0
        # the scenarios whose users are hardest to find go first
        order = ["terminated", "sensitive_wrong_role", "after_hours", "break_glass", "deceased", "vip",
                 "family", "self", "neighbour", "contact", "coworker", "volume_spike", "bulk_export",
                 "failed_burst", "consecutive_mrns"]
        assert sorted(order) == sorted(INCIDENT_SCENARIOS)
        for scen in order:
            fn = getattr(self, "inc_" + scen)
            made = 0
            for _ in range(k * 4):
                if made >= k:
                    break
                if fn(tag):
                    made += 1
                    tag += 1
            if made < k:
                print(f"warning: only {made}/{k} '{scen}' incidents could be placed", file=sys.stderr)

    # ------------------------------------------------------------- scenarios
    def inc_vip(self, tag):
        vips = [p for p in self.patients if p.vip]
        current = {enc.pat.mrn for enc in self.encs if enc.pat.vip and enc.adm < self.W1 and
                   (enc.dis is None or enc.dis > self.W0)}
        for e in self.free_users(self.SNOOP_GROUPS)[:60]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            pref = [p for p in vips if p.mrn in current] if self.r() < 0.6 else []
            p = self.victim_from(e, pref, t) or self.victim_from(e, vips, t)
            if p is None:
                continue
            self.snoop(sh, t, p, self.randint(1, 5), tag)
            self.record("vip", e, p, tag, f"{e.role} {e.uid} ({e.dept}) opened the chart of VIP patient "
                        f"{p.mrn} with no treatment relationship.")
            return True
        return False

    def inc_coworker(self, tag):
        emp_pts = [p for p in self.patients if p.emp is not None and not p.is_test]
        users = self.free_users(self.SNOOP_GROUPS)[:80]
        for e in users + users[:10]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            same = [p for p in emp_pts if p.emp.dept == e.dept and p.emp is not e]
            p = (self.victim_from(e, same, t) if self.r() < 0.5 else None) or self.victim_from(e, emp_pts, t)
            if p is None and e in users[:10]:
                # a colleague who was a patient here long ago (registered, no recent care)
                others = [x for x in self.emps if x.person.mrn is None and x is not e and x.grp != "svc"
                          and x.person.created is None]
                if not others:
                    continue
                p = self.register_old(self.pick(others).person)
                emp_pts.append(p)
                if not self.eligible(e, p, t):
                    continue
            if p is None:
                continue
            self.snoop(sh, t, p, self.randint(1, 5), tag)
            self.record("coworker", e, p, tag, f"{e.uid} ({e.dept}) looked up coworker {p.emp.uid} "
                        f"({p.emp.dept}), patient {p.mrn}, without a care relationship.")
            return True
        return False

    def household_candidates(self, e, same_last):
        p0 = e.person
        out = []
        for m in p0.hh.members:
            if m is p0 or m.address != e.hr_address:
                continue
            if (m.last == e.last) == same_last:
                out.append(m)
        return out

    def inc_family(self, tag):
        users = self.free_users(self.SNOOP_GROUPS, lambda e: e.hr_address == e.person.address)
        for allow_make in (False, True):
            for e in users:
                s = self.slot(e)
                if not s:
                    continue
                t, sh = s
                cands = self.household_candidates(e, True)
                p = self.victim_from(e, [c for c in cands if c.mrn], t)
                if p is None and allow_make:
                    unreg = [c for c in cands if c.mrn is None and c.created is None]
                    if not unreg:
                        hh = e.person.hh
                        c = self.person(e.last, "F" if self.r() < 0.5 else "M", self.uni(2, 80), hh.address, hh)
                        c.contacts = [e.person.name]
                        unreg = [c]
                    p = self.register_old(unreg[0])
                    if not self.eligible(e, p, t):
                        continue
                if p is None:
                    continue
                self.snoop(sh, t, p, self.randint(1, 5), tag)
                self.record("family", e, p, tag, f"{e.uid} opened the chart of {p.mrn}, who shares the "
                            f"user's last name and address, with no care relationship.")
                return True
        return False

    def inc_neighbour(self, tag):
        by_addr = {}
        for p in self.patients:
            if p.mrn:
                by_addr.setdefault(p.address, []).append(p)
        users = self.free_users(self.SNOOP_GROUPS)
        for allow_make in (False, True):
            for e in users:
                s = self.slot(e)
                if not s:
                    continue
                t, sh = s
                cands = [p for p in by_addr.get(e.hr_address, ()) if p.last != e.last and p.emp is not e]
                p = self.victim_from(e, cands, t)
                if p is None and allow_make and e.hr_address == e.person.address:
                    hh = e.person.hh
                    c = self.person(self.surname(), "F" if self.r() < 0.5 else "M", self.uni(20, 85),
                                    hh.address, hh)
                    if c.last == e.last:
                        continue
                    p = self.register_old(c)
                    if not self.eligible(e, p, t):
                        continue
                if p is None:
                    continue
                self.snoop(sh, t, p, self.randint(1, 5), tag)
                self.record("neighbour", e, p, tag, f"{e.uid} opened the chart of {p.mrn}, who lives at the "
                            f"user's address under another last name, with no care relationship.")
                return True
        return False

    def inc_self(self, tag):
        users = self.free_users(self.SNOOP_GROUPS)
        for allow_make in (False, True):
            for e in users:
                p = e.person
                s = self.slot(e)
                if not s:
                    continue
                t, sh = s
                if p.mrn is None:
                    if not allow_make or p.created is not None:
                        continue
                    self.register_old(p)
                if not self.eligible(e, p, t, allow_self=True):
                    continue
                self.snoop(sh, t, p, self.randint(1, 5), tag, prof="md_results" if self.r() < 0.5 else "snoop")
                self.record("self", e, p, tag, f"{e.uid} opened their own patient record {p.mrn}.")
                return True
        return False

    def inc_contact(self, tag):
        users = self.free_users(self.SNOOP_GROUPS)
        for allow_make in (False, True):
            for e in users:
                s = self.slot(e)
                if not s:
                    continue
                t, sh = s
                name = f"{e.first} {e.last}"
                cands = [p for p in self.by_contact.get(name, ()) if p.address != e.hr_address
                         and e.person.name in p.contacts and (p.hh in e.person.hh.relatives or
                                                              e.person.hh in p.hh.relatives or self.r() < 0.3)]
                p = self.victim_from(e, cands, t)
                if p is None and allow_make:
                    q = self.random_victims(e, t, 1, lambda x: x.address != e.hr_address and x.age >= 18
                                            and x.last != e.last)
                    if not q:
                        continue
                    p = q[0]
                    p.contacts.append(name)
                if p is None:
                    continue
                self.snoop(sh, t, p, self.randint(1, 5), tag)
                self.record("contact", e, p, tag, f"{e.uid} opened the chart of {p.mrn}, who lists the user "
                            f"as guarantor / emergency contact, with no care relationship.")
                return True
        return False

    def inc_terminated(self, tag):
        for e in getattr(self, "term_users", []):
            if e.idx in self._term_done():
                continue
            self._term_done().add(e.idx)
            td = (e.term - self.start_date).days
            day = td + self.randint(1, 3)
            if day >= self.days:
                day = self.days - 1
            if day <= td:
                continue
            base = self.W0 + day * MS_D
            if e.vpn_ip is not None or self.r() < 0.5:
                t = base + int(self.uni(7.5, 22.5) * MS_H)
                sh = self.remote_shift(e, t)
            else:
                t = base + int(self.uni(7.0, 18.0) * MS_H)
                pool = self.unit_ws.get(e.dept)
                ws, ip = self.pick(pool)
                sh = Shift(t - MS_MIN, t + 2 * MS_H, e.dept, (ws,), (ip,), 0, e)
            victims = self.random_victims(e, t, self.randint(1, 2))
            if not victims:
                continue
            self.ev.append((t, e.uid, e.role, sh.dept, "login", "", "", 1, sh.ws[0], sh.ips[0], "success", None, tag))
            tt = t + self.randint(10, 60) * MS_S
            for p in victims:
                tt = self.snoop(sh, tt, p, self.randint(1, 4), tag) + self.randint(1, 10) * MS_MIN
            pat = victims[0] if len(victims) == 1 else None
            for p in victims[1:]:
                self.used_victims.add(p.mrn)
            self.__dict__.setdefault("term_tags", set()).add(tag)
            self.record("terminated", e, pat, tag, f"{e.uid} ({e.role}, last day worked {e.term.isoformat()}) "
                        f"used the EHR on {self.date_local(t)} and opened {len(victims)} chart(s).")
            return True
        return False

    def _term_done(self):
        return self.__dict__.setdefault("_tdone", set())

    def inc_bulk_export(self, tag):
        groups = self.SNOOP_GROUPS + ("it",)
        for e in self.free_users(groups)[:40]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            mb = self.maxbatch.get(e.uid, 0)
            n = max(self.randint(*self.BULK), mb * self.randint(4, 10))
            action = self.pick(("export", "export", "export", "print", "query", "query"))
            rt = self.pick(("Patient List", "Demographics Report", "Encounter Report", "Census Report",
                            "Ad Hoc Query", "Appointment List"))
            if self.r() < 0.4:
                self.ev.append((t - self.randint(2, 15) * MS_MIN, e.uid, e.role, sh.dept, "query", "", rt,
                                self.randint(1, 40), sh.ws[0], sh.ips[0], "success", None, tag))
            self.emit(sh, t, action, None, rt, n, tag=tag)
            self.record("bulk_export", e, None, tag, f"{e.uid} ({e.role}) ran one {action} of {n} records "
                        f"({rt}); their largest routine batch is {mb}.")
            return True
        return False

    def inc_volume_spike(self, tag):
        users = self.free_users(self.SNOOP_GROUPS, lambda e: e.uid in self.daily_med)
        for e in users[:40]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            peers = [self.daily_med[x.uid][0] for x in self.emps if x.role == e.role and x.dept == e.dept
                     and x.uid in self.daily_med]
            peers.sort()
            peer_med = peers[len(peers) // 2] if peers else 1
            med = self.daily_med[e.uid][0]
            n = max(self.SPIKE_MIN, int(max(med, peer_med, 3) * self.uni(4, 7)))
            victims = self.random_victims(e, t, n)
            if len(victims) < n * 0.8:
                continue
            span = max(MS_H, sh.end - sh.start - 40 * MS_MIN)
            times = sorted(sh.start + 20 * MS_MIN + int(self.r() * span) for _ in victims)
            for tt, p in zip(times, victims):
                self.snoop(sh, tt, p, 1 if self.r() < 0.6 else 2, tag)
                self.used_victims.add(p.mrn)
            self.record("volume_spike", e, None, tag, f"{e.uid} ({e.role}, {e.dept}) opened {len(victims)} "
                        f"distinct patients on {self.date_local(times[0])}; their usual day is about {med} and "
                        f"their peers' {peer_med}.")
            return True
        return False

    def inc_after_hours(self, tag):
        def day_only(e):
            if self.night.get(e.uid, 0) > 0:
                return False
            return all(6 * MS_H <= sh.start % MS_D and sh.end % MS_D <= 20 * MS_H and
                       self.day0(sh.start) == self.day0(sh.end) for sh in e.shifts)
        for e in self.free_users(self.DAY_ONLY, day_only)[:40]:
            d = self.randint(1, self.days - 2)
            t = self.W0 + d * MS_D + int(self.uni(22.5, 27.5) * MS_H)
            if e.vpn_ip is not None or e.desk is None:
                sh = self.remote_shift(e, t, 4 * MS_H)
            else:
                sh = Shift(t - MS_MIN, t + 4 * MS_H, e.dept, (e.desk[0],), (e.desk[1],), 0, e)
            victims = self.random_victims(e, t, self.randint(15, 40))
            if len(victims) < 12:
                continue
            tt = t
            for p in victims:
                tt = self.snoop(sh, tt, p, self.randint(1, 3), tag) + self.randint(1, 6) * MS_MIN
                self.used_victims.add(p.mrn)
            self.record("after_hours", e, None, tag, f"{e.uid} ({e.role}), who works day hours only, opened "
                        f"{len(victims)} charts between {self.ts(t)[11:16]} and {self.ts(tt)[11:16]} UTC.")
            return True
        return False

    def inc_failed_burst(self, tag):
        for e in self.free_users(self.SNOOP_GROUPS)[:40]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            x = self.r()
            ws, ip = sh.ws[0], sh.ips[0]
            if x < 0.4:
                n = self.randint(12, 35)
                tt = t
                for _ in range(n):
                    self.ev.append((tt, e.uid, e.role, sh.dept, "login", "", "", 1, ws, ip, "failure", None, tag))
                    tt += self.randint(2, 15) * MS_S
                self.record("failed_burst", e, None, tag, f"{n} failed logins for {e.uid} within "
                            f"{(tt - t) // MS_MIN + 1} minutes.")
                return True
            if x < 0.7:
                restricted = [p for p in self.patients if p.restricted]
                p = self.victim_from(e, restricted or self.patients[:200], t)
                if p is None:
                    continue
                n = self.randint(8, 16)
                tt = t
                for _ in range(n):
                    self.ev.append((tt, e.uid, e.role, sh.dept, "view", p.mrn, self.pick(("Chart Review", "Lab Result",
                                    "Progress Note", "Demographics")), 1, ws, ip, "failure", None, tag))
                    tt += self.randint(5, 30) * MS_S
                self.record("failed_burst", e, p, tag, f"{n} denied attempts by {e.uid} to open restricted "
                            f"chart {p.mrn} within {(tt - t) // MS_MIN + 1} minutes.")
                return True
            victims = self.random_victims(e, t, self.randint(10, 25))
            if len(victims) < 8:
                continue
            tt = t
            for p in victims:
                self.ev.append((tt, e.uid, e.role, sh.dept, "view", p.mrn, "Chart Review", 1, ws, ip, "failure",
                                None, tag))
                self.used_victims.add(p.mrn)
                tt += self.randint(5, 25) * MS_S
            self.record("failed_burst", e, None, tag, f"{len(victims)} denied chart opens by {e.uid} on different "
                        f"patients within {(tt - t) // MS_MIN + 1} minutes.")
            return True
        return False

    def inc_break_glass(self, tag):
        for e in self.free_users(self.CLIN_SNOOP)[:60]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            restricted = [p for p in self.patients if p.restricted and p.emp is not e]
            p = (self.victim_from(e, restricted, t) if self.r() < 0.6 else None) or \
                (self.random_victims(e, t, 1) or [None])[0]
            if p is None:
                continue
            self.emit(sh, t, "break_glass", p, "Break-the-Glass",
                      extra=self.pick(("Patient Care", "Emergency Treatment", "Other")), tag=tag)
            self.snoop(sh, t + self.randint(5, 40) * MS_S, p, self.randint(1, 4), tag)
            self.record("break_glass", e, p, tag, f"{e.uid} ({e.dept}) broke the glass on {p.mrn}, a patient "
                        f"{self.NO_REL}.")
            return True
        return False

    def inc_deceased(self, tag):
        for e in self.free_users(self.CLIN_SNOOP)[:60]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            dead = [p for p in self.patients if p.death is not None and p.death < t - 400 * MS_D]
            p = self.victim_from(e, dead, t)
            if p is None:
                continue
            self.snoop(sh, t, p, self.randint(1, 4), tag)
            yrs = (t - p.death) / MS_D / 365.25
            self.record("deceased", e, p, tag, f"{e.uid} opened the chart of {p.mrn}, deceased "
                        f"{yrs:.1f} years earlier, with no care relationship.")
            return True
        return False

    def inc_consecutive_mrns(self, tag):
        seq = sorted((p for p in self.patients if p.mrn and not p.is_test), key=lambda p: p.mrn_no)
        for e in self.free_users(self.SNOOP_GROUPS)[:40]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            n = self.randint(10, 22)
            for _ in range(40):
                i = self.randint(0, len(seq) - n - 1)
                run = seq[i:i + n]
                if all(self.eligible(e, p, t) for p in run):
                    break
            else:
                continue
            span = self.randint(12, 55) * MS_MIN
            tt = t
            for p in run:
                self.snoop(sh, tt, p, 1 if self.r() < 0.7 else 2, tag)
                self.used_victims.add(p.mrn)
                tt += span // n + self.randint(-20, 20) * MS_S
            self.record("consecutive_mrns", e, None, tag, f"{e.uid} opened {n} consecutive MRNs "
                        f"{run[0].mrn}..{run[-1].mrn} within {span // MS_MIN} minutes.")
            return True
        return False

    def sensitive_type(self, p):
        if p.sud:
            return "Substance Use Treatment Record"
        if p.mrn in self.treated.get("Behavioral Health", ()) or self.r() < 0.3:
            return "Psychotherapy Note"
        if p.sex == "F" and 15 <= p.age <= 50 and self.r() < 0.6:
            return "Reproductive Health Record"
        return "HIV Test Result"

    def inc_sensitive_wrong_role(self, tag):
        for e in self.free_users(self.WRONG_ROLE)[:40]:
            s = self.slot(e)
            if not s:
                continue
            t, sh = s
            mine = [p for p in self.patients if p.mrn in self.touched.get(e.uid, ())] if self.r() < 0.6 else []
            p = None
            self.rng.shuffle(mine)
            for q in mine[:200]:
                if self.sens_ok(e, q, t):
                    p = q
                    break
            if p is None:
                q = self.random_victims(e, t, 1)
                p = q[0] if q else None
            if p is None:
                continue
            rt = self.sensitive_type(p)
            tt = t
            if self.r() < 0.5:
                tt = self.snoop(sh, tt, p, 1, tag, prof="fd" if e.grp != "it" else "it_real")
            for _ in range(self.randint(1, 3)):
                self.ev.append((tt, e.uid, e.role, sh.dept, "view", p.mrn, rt, 1, sh.ws[0], sh.ips[0], "success",
                                None, tag))
                tt += self.gap()
            self.record("sensitive_wrong_role", e, p, tag, f"{e.role} {e.uid} opened a {rt} of patient {p.mrn}.")
            return True
        return False

    def sens_ok(self, e, p, t):
        """A patient the user legitimately handles may be the victim of this scenario."""
        if p.mrn is None or p.is_test or p.mrn in self.used_victims or p.emp is e:
            return False
        if p.mrn in self.by_user.get(e.uid, ()):
            return False
        return all(p.mrn not in self.treated.get(d, ()) for d in self.user_depts(e)) and self.extra_eligible(e, p)


# =========================================================================== log assembly
class OutputMixin:
    IDLE = 25 * MS_MIN

    def unknown_logins(self, per_day):
        """Failed logins with mistyped / non-existent user ids at shared workstations."""
        pools = [p for p in self.unit_ws.values() if p]
        uids = sorted(self.uids)
        for d in range(self.days):
            for _ in range(self.poisson(per_day)):
                base = self.pick(uids)
                x = self.r()
                if x < 0.3 and len(base) > 3:
                    i = self.randint(1, len(base) - 2)
                    bad = base[:i] + base[i + 1] + base[i] + base[i + 2:]
                elif x < 0.55:
                    i = self.randint(1, len(base) - 1)
                    bad = base[:i] + base[i + 1:]
                elif x < 0.8:
                    bad = base + str(self.randint(1, 9))
                else:
                    bad = self.pick(("admin", "test", "user", "nurse", "epic", "scan", "temp01", "student"))
                if bad in self.uids:
                    continue
                ws, ip = self.pick(self.pick(pools))
                t = self.W0 + d * MS_D + int(self.uni(6.5, 22) * MS_H)
                for k in range(1 if self.r() < 0.7 else self.randint(2, 3)):
                    self.ev.append((t + k * 9000, bad, "", "", "login", "", "", 1, ws, ip, "failure", None, -1))

    def add_logins(self):
        """Login before each sitting (new workstation or > IDLE min idle), logout at 55% of
        sitting ends, occasional failed logins and password-expiry bursts."""
        ev = self.ev
        ev.sort(key=itemgetter(1, 0))
        out = []
        r = self.r
        tt = self.__dict__.get("term_tags", set())
        ttag = lambda x: x[12] if x[12] in tt else -1     # post-termination sessions belong to the incident
        prev = None
        last = None
        for x in ev:
            if prev is None or x[1] != prev[1]:
                if prev is not None and prev[4] not in ("logout",) and prev[2] and r() < 0.55:
                    out.append((prev[0] + self.randint(5, 180) * MS_S, prev[1], prev[2], prev[3], "logout", "", "",
                                1, prev[8], prev[9], "success", None, ttag(prev)))
                last = None
            t, uid, role, dept, a = x[0], x[1], x[2], x[3], x[4]
            if not role:            # unknown user ids
                prev = x
                continue
            if a == "login":
                last = x
                prev = x
                continue
            if last is None or x[8] != last[8] or t - last[0] > self.IDLE:
                if last is not None and last[4] != "logout" and r() < 0.55:
                    tl = last[0] + self.randint(5, 180) * MS_S
                    if tl < t:
                        out.append((tl, uid, last[2], last[3], "logout", "", "", 1, last[8], last[9], "success",
                                    None, ttag(last)))
                tl = t - self.randint(3, 60) * MS_S
                y = r()
                if role != "Service Account":
                    if y < 0.025:
                        out.append((tl - self.randint(8, 40) * MS_S, uid, role, dept, "login", "", "", 1, x[8], x[9],
                                    "failure", None, -1))
                    elif y < 0.028:
                        tf = tl - self.randint(60, 200) * MS_S
                        for _ in range(self.randint(3, 5)):
                            out.append((tf, uid, role, dept, "login", "", "", 1, x[8], x[9], "failure", None, -1))
                            tf += self.randint(5, 25) * MS_S
                out.append((tl, uid, role, dept, "login", "", "", 1, x[8], x[9], "success", None, ttag(x)))
            last = x
            prev = x
        if prev is not None and prev[2] and r() < 0.55:
            out.append((prev[0] + self.randint(5, 180) * MS_S, prev[1], prev[2], prev[3], "logout", "", "", 1,
                        prev[8], prev[9], "success", None, ttag(prev)))
        ev.extend(out)

    def write_all(self, outdir):
        ctx = os.path.join(outdir, "context")
        logs = os.path.join(outdir, "logs")
        os.makedirs(ctx, exist_ok=True)
        os.makedirs(logs, exist_ok=True)
        W0, W1 = self.W0, self.W1
        ev = [x for x in self.ev if W0 <= x[0] < W1]
        ev.sort(key=itemgetter(0))
        self.ev = ev
        eid0 = 70_000_000_000 + self.randint(0, 9_999_999) * 1000
        tag_ids = {}
        path = os.path.join(logs, "ehr_access.jsonl")
        ts = self.ts
        with open(path, "w", encoding="utf-8", buffering=1 << 20) as f:
            w = f.write
            buf = []
            for i, (t, uid, role, dept, a, mrn, rt, cnt, ws, ip, oc, extra, tag) in enumerate(ev):
                eid = eid0 + i * 3 + (i * 7919) % 3
                if tag >= 0:
                    tag_ids.setdefault(tag, []).append(str(eid))
                if a == "login" or a == "logout":
                    buf.append(f'{{"ts":"{ts(t)}","user":"{uid}","role":"{role}","department":"{dept}",'
                               f'"action":"{a}","workstation":"{ws}","client_ip":"{ip}","outcome":"{oc}",'
                               f'"event_id":"{eid}"}}\n')
                elif extra is None:
                    buf.append(f'{{"ts":"{ts(t)}","user":"{uid}","role":"{role}","department":"{dept}",'
                               f'"action":"{a}","patient":"{mrn}","record_type":"{rt}","record_count":{cnt},'
                               f'"workstation":"{ws}","client_ip":"{ip}","outcome":"{oc}","event_id":"{eid}"}}\n')
                else:
                    buf.append(f'{{"ts":"{ts(t)}","user":"{uid}","role":"{role}","department":"{dept}",'
                               f'"action":"{a}","patient":"{mrn}","record_type":"{rt}","record_count":{cnt},'
                               f'"workstation":"{ws}","client_ip":"{ip}","outcome":"{oc}","event_id":"{eid}",'
                               f'"reason":"{extra}"}}\n')
                if len(buf) >= 20000:
                    w("".join(buf))
                    buf.clear()
            w("".join(buf))
        # incidents: ts of the first event
        first = {}
        for x in ev:
            tag = x[12]
            if tag >= 0 and tag not in first:
                first[tag] = x[0]
        incs = []
        for inc in self.incidents:
            tag = inc.pop("tag")
            if tag not in first:
                continue
            incs.append((first[tag], {"scenario": inc["scenario"], "user": inc["user"], "patient": inc["patient"],
                                      "ts": ts(first[tag]), "description": inc["description"],
                                      "event_ids": tag_ids.get(tag, [])}))
        incs.sort(key=lambda z: z[0])
        import json
        with open(os.path.join(outdir, "incidents.jsonl"), "w", encoding="utf-8") as f:
            for _, inc in incs:
                f.write(json.dumps(inc) + "\n")
        self.n_incidents = len(incs)
        # context feeds
        with open(os.path.join(ctx, "employees.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.writer(f)
            cw.writerow(["user_id", "name", "last_name", "department", "role", "address", "hired", "terminated"])
            for e in sorted(self.emps, key=lambda e: e.uid):
                cw.writerow([e.uid, e.first, e.last, e.dept, e.role, e.hr_address, e.hired.isoformat(),
                             e.term.isoformat() if e.term else ""])
        pts = sorted((p for p in self.patients if p.mrn), key=lambda p: p.mrn_no)
        with open(os.path.join(ctx, "patients.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.writer(f)
            cw.writerow(["mrn", "name", "last_name", "dob", "address", "vip", "employee_user_id", "deceased",
                         "contact_names"])
            for p in pts:
                dead = self.date_local(p.death) if (p.death is not None and p.death < W1) else ""
                cw.writerow([p.mrn, p.first, p.last, p.dob.isoformat(), p.address, "1" if p.vip else "0",
                             p.emp.uid if p.emp is not None else "", dead, ";".join(p.contacts)])
        encs = sorted((x for x in self.encs if x.adm < W1 and x.pat.mrn), key=lambda x: x.adm)
        with open(os.path.join(ctx, "encounters.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.writer(f)
            cw.writerow(["mrn", "department", "attending_user_id", "admitted", "discharged"])
            for x in encs:
                cw.writerow([x.pat.mrn, x.dept, x.att.uid if x.att is not None else "", self.ts_min(x.adm),
                             self.ts_min(x.dis) if (x.dis is not None and x.dis < W1) else ""])
        aps = sorted((a for a in self.appts if a.booked <= W1 and a.pat.mrn), key=lambda a: a.t)
        with open(os.path.join(ctx, "appointments.csv"), "w", newline="", encoding="utf-8") as f:
            cw = csv.writer(f)
            cw.writerow(["mrn", "department", "provider_user_id", "scheduled_at"])
            for a in aps:
                cw.writerow([a.pat.mrn, a.dept, a.prov.uid if a.prov is not None else "", self.ts_min(a.t)])
        self.counts = (len(self.emps), len(pts), len(encs), len(aps), len(ev), len(incs))


class HospitalSim(IncidentMixin, OutputMixin, Hospital):
    def run(self, outdir):
        self.build()
        self.gen_events()
        self.inject_incidents()
        self.unknown_logins(3.0 * self.S + 0.5)
        self.add_logins()
        self.write_all(outdir)


# =========================================================================== practice
P_CODES = {"Behavioral Health": "BH", "Substance Use Services": "SUS", "Administration": "ADM"}
P_STAFF = [
    ("Behavioral Health", "Psychiatrist", "psy_md", 2, "p_clin"),
    ("Behavioral Health", "Nurse Practitioner", "psy_np", 1, "p_clin"),
    ("Behavioral Health", "Psychologist", "clin", 4, "p_clin"),
    ("Behavioral Health", "Therapist", "clin", 16, "p_clin"),
    ("Substance Use Services", "Therapist", "clin_sud", 3, "p_clin"),
    ("Behavioral Health", "Clinical Supervisor", "sup", 2, "p_clin"),
    ("Behavioral Health", "Case Manager", "cm", 2, "p_office"),
    ("Behavioral Health", "Intake Coordinator", "intake", 1, "p_office"),
    ("Behavioral Health", "Front Desk", "fd", 4, "p_fd"),
    ("Administration", "Billing Specialist", "bill", 3, "p_office"),
    ("Administration", "Practice Manager", "mgr", 1, "p_office"),
    ("Administration", "HIM Specialist", "him", 1, "p_office"),
    ("Administration", "IT Analyst", "it", 1, "p_it"),
]
P_THERAPY = ("clin", "clin_sud", "sup")
P_RX = ("psy_md", "psy_np")


class Practice(World):
    SITE = "CMH"

    def float_unit(self):
        return "Behavioral Health"

    def remote_ws(self, e):
        """Practice: the clinician's own laptop from home (client_ip = home ISP address)."""
        if e.vpn_ip is None:
            e.vpn_ip = f"{self.pick((73, 98, 24, 67, 174))}.{self.randint(1, 254)}.{self.randint(0, 254)}.{self.randint(2, 254)}"
        if "laptop" not in e.prm:
            e.prm["laptop"] = f"CMHLT{self.randint(1, 60):03d}"
        return e.prm["laptop"], e.vpn_ip

    # ---------------------------------------------------------------- build
    def build(self):
        a = self.args
        self.make_buildings(max(4, a.patients // 200))
        self.make_employees(P_STAFF, a.employees, 0.09, 0.06, 0.10)
        self.general_population(a.patients - 3, 0.09, 0.09,
                                age_factor=lambda age: 0.0 if age < 6 else (0.25 if age < 12 else 1.0))
        self.assign_mrns("C", 6, 104_000 + self.randint(0, 3000),
                         [("Test", "Zzclient"), ("Training", "Zzclient"), ("Demo", "Zzclient")])
        self.client_attributes()
        self.setup_staff()
        self.pick_terminated_incident_users()
        for e in self.emps:
            self.build_shifts(e)
        self.index_duty()
        self.assign_caseloads()
        self.gen_schedule()
        self.finalize_new_patients()

    def client_attributes(self):
        r = self.r
        clients = [p for p in self.patients if not p.is_test]
        n_vip = max(2, round(5 * len(clients) / 2000))      # local figures, current or former clients
        for p in self.rng.sample([c for c in clients if c.age >= 25], n_vip):
            p.vip = True
        for p in clients:
            if p.vip or p.emp is not None:
                p.restricted = True
            if p.emp is None and r() < 0.015:
                p.death = self.W0 - int(self.uni(400, 3000)) * MS_D - self.randint(0, 1439) * MS_MIN
            elif p.emp is None and r() < 0.004:
                p.death = self.W0 - int(self.uni(20, 360)) * MS_D - self.randint(0, 1439) * MS_MIN

    def setup_staff(self):
        r = self.r
        self.make_unit_pool("Behavioral Health", "FD", 3, ("WS", "WS"))
        self.make_unit_pool("Substance Use Services", "SUS", 2, ("WS", "WS"))
        self.make_unit_pool("Administration", "ADM", 3, ("WS", "WS"))
        n_off = 0
        for e in self.emps:
            e.code = P_CODES[e.dept]
            prm, g = e.prm, e.grp
            if g == "clin" and e.role == "Therapist":
                x = r()
                e.role = "Therapist" if x < 0.55 else ("Licensed Clinical Social Worker" if x < 0.8 else
                                                     "Licensed Professional Counselor")
            if e.pattern == "p_clin":
                n_off += 1
                e.desk = (f"CMHOFC{n_off:02d}", f"192.168.10.{30 + n_off}")
                late = r() < 0.35
                prm["start"] = 11 * 60 if late else int(self.uni(7.75, 9.0) * 60)
                prm["dur"] = 9 * 60
                e.evening = late
                k = 5 if r() < 0.55 else 4
                days = sorted(self.rng.sample(range(5), k))
                if r() < 0.12:
                    days = days[1:] + [5]
                prm["days"] = tuple(days)
                e.remote_pref = self.pick((0.0, 0.0, 0.15, 0.25, 0.4))
                prm["notes"] = self.uni(0.0, 0.3)
                e.clinic_days = prm["days"]
            elif e.pattern == "p_fd":
                prm["start"] = int(self.uni(7.5, 8.0) * 60) if r() < 0.6 else 11 * 60 + 30
                prm["dur"] = 8 * 60 + 45
                prm["days"] = (0, 1, 2, 3, 4) if r() < 0.7 else tuple(sorted(self.rng.sample(range(6), 4)))
            elif e.pattern == "p_office":
                prm["start"] = int(self.uni(7.75, 9.25) * 60)
                n_off += 1
                e.desk = (f"CMHADM{n_off:02d}", f"192.168.20.{30 + n_off}")
                if g == "bill" and r() < 0.4:
                    e.remote_pref = 0.2
            elif e.pattern == "p_it":
                prm["start"] = 9 * 60
                prm["dur"] = 4 * 60 + 30
                prm["days"] = (1, 3)
                prm["maint"] = [self.randint(0, self.days - 1) for _ in range(max(1, self.days // 10))]
                e.desk = ("CMHADM99", "192.168.20.99")
        # a few clinicians share an office PC (part-timers)
        clins = [e for e in self.emps if e.pattern == "p_clin"]
        for a_, b_ in zip(clins[::7], clins[3::7]):
            b_.desk = a_.desk
        svc_p = Person("Clearinghouse", "Interface", "M", dt.date(2018, 1, 1), 8, "", Household(""))
        svc = Emp(len(self.emps), "svc_claims", svc_p, "Administration", "Service Account", "svc", "svc")
        svc.hr_address = ""
        svc.hired = dt.date(2019, 6, 1)
        self.uids.add(svc.uid)
        self.emps.append(svc)
        self.svc = svc
        for e in self.emps:
            if e.grp == "bill":
                e.batch = (self.randint(20, 70), "Claims Batch", "export")
        # supervision of pre-licensed therapists
        sups = [e for e in self.emps if e.grp == "sup"]
        therapists = [e for e in self.emps if e.grp in ("clin", "clin_sud")]
        self.rng.shuffle(therapists)
        for i, t in enumerate(therapists[:6 * max(1, len(sups))]):
            if sups:
                sups[i % len(sups)].supervisees.append(t)

    def pick_terminated_incident_users(self):
        k = self.args.incidents_per_scenario
        cands = [e for e in self.emps if e.grp in ("clin", "fd", "bill", "cm") and e.term is None
                 and e.hired < self.start_date]
        if k <= 0 or self.days < 4:
            self.term_users = []
            return
        self.term_users = self.rng.sample(cands, min(k, len(cands)))
        for e in self.term_users:
            e.term = self.start_date + dt.timedelta(days=self.randint(1, max(1, self.days - 4)))
            self.inc_users.add(e.idx)

    # ---------------------------------------------------------------- caseloads and schedule
    def assign_caseloads(self):
        r = self.r
        clients = [p for p in self.patients if not p.is_test and p.age >= 10]
        self.plan = {}
        cap = {}
        for e in self.emps:
            if e.grp == "clin" or e.grp == "clin_sud":
                cap[e] = self.uni(24, 36)
            elif e.grp == "sup":
                cap[e] = self.uni(9, 15)
            elif e.grp in P_RX:
                cap[e] = self.uni(260, 340) if e.grp == "psy_md" else self.uni(200, 260)
        alive = [p for p in clients if p.death is None]
        self.rng.shuffle(alive)
        n_active = int(len(alive) * 0.55)
        self.active = []
        for p in alive[:n_active]:
            sud = r() < 0.14
            pool = [e for e in cap if (e.grp == "clin_sud") == sud and e.grp in P_THERAPY and cap[e] > 0.2]
            if not pool:
                continue
            clin = self.pick(pool)
            x = r()
            freq = 7 if x < 0.4 else (14 if x < 0.85 else 28)
            cap[clin] -= 7.0 / freq
            p.sud = sud
            info = {"clin": clin, "freq": freq, "rx": None, "intake": self.W0 - int(min(2400, max(10, self.lognorm(220, 1.0)))) * MS_D}
            if r() < 0.55:
                rx = [e for e in cap if e.grp in P_RX and cap[e] > 1]
                if rx:
                    info["rx"] = self.pick(rx)
                    cap[info["rx"]] -= 1
                    info["rxfreq"] = 28 if r() < 0.7 else 56
            self.plan[p] = info
            clin.caseload.append(p)
            if info["rx"] is not None:
                info["rx"].caseload.append(p)
            self.active.append(p)
        self.inactive = [p for p in clients if p not in self.plan]

    def slot_time(self, e, day_t, minutes=60):
        s0 = e.prm.get("start", 9 * 60) + 15
        n = max(1, (e.prm.get("dur", 540) - 75) // minutes)
        return day_t + (s0 + minutes * self.randint(0, n - 1)) * MS_MIN

    def shift_near(self, e, t):
        for sh in e.shifts:
            if sh.start - 30 * MS_MIN <= t < sh.end + 30 * MS_MIN and sh.remote != 2:
                return sh
        return None

    def gen_schedule(self):
        r = self.r
        W0, W1 = self.W0, self.W1
        therapists = [e for e in self.emps if e.grp in P_THERAPY]
        # past episodes of inactive clients
        for p in self.inactive:
            if r() < 0.85:
                e = self.pick(therapists)
                dis = W0 - int(self.uni(20, 2200)) * MS_D
                if p.death is not None:
                    dis = min(dis, p.death - self.randint(5, 200) * MS_D)
                adm = dis - int(self.uni(30, 700)) * MS_D
                self.encs.append(Enc(p, e.dept, e, self.day0(adm) + 10 * MS_H, self.day0(dis) + 16 * MS_H, "episode"))
        for p, info in self.plan.items():
            clin = info["clin"]
            intake = self.day0(info["intake"]) + int(self.uni(9, 16) * MS_H)
            if r() < 0.06:
                prev = self.pick(therapists)
                if prev is not clin:
                    self.encs.append(Enc(p, prev.dept, prev, intake - int(self.uni(60, 600)) * MS_D, intake, "episode"))
            enc = Enc(p, clin.dept, clin, intake, None, "episode")
            self.encs.append(enc)
            if r() < 0.02:
                enc.dis = W0 + int(self.uni(0.5, self.days - 0.5) * MS_D)
            self.standing(p, clin, info["freq"], intake, enc.dis, "visit")
            if info["rx"] is not None:
                self.standing(p, info["rx"], info["rxfreq"], intake + 14 * MS_D, enc.dis, "rx")
        self.gen_groups()
        self.gen_intakes()

    def standing(self, p, e, freq, start, end, kind):
        r = self.r
        W0, W1 = self.W0, self.W1
        days = e.clinic_days or (0, 1, 2, 3, 4)
        wd = self.pick(days)
        first = max(start, self.H0)
        d = self.day0(first)
        while self.weekday(d) != wd:
            d += MS_D
        d += self.randint(0, max(0, freq // 7 - 1)) * 7 * MS_D
        hour_t = self.slot_time(e, 0, 20 if kind == "rx" else 60)
        prev_t = None
        while d < self.F1:
            if end is not None and d > end:
                break
            t = d + hour_t + (self.randint(-1, 1) * 30 * MS_MIN if r() < 0.15 else 0)
            d += freq * MS_D
            if t < first:
                continue
            booked = (prev_t + 50 * MS_MIN) if prev_t is not None else t - self.randint(5, 20) * MS_D
            prev_t = t
            if booked > W1:
                break
            if r() < 0.08:
                continue                       # cancelled, not in the extract
            ap = Appt(p, e.dept, e, t, kind, booked)
            if t < W1 and r() < 0.1:
                ap.status = "noshow"
            if W0 <= t < W1 and self.shift_near(e, t) is None:
                if r() < 0.55:
                    continue                   # clinician away: cancelled
                cover = [c for c in self.emps if c is not e and c.grp in ((P_THERAPY if kind == "visit" else P_RX))
                         and self.shift_near(c, t) is not None]
                if not cover:
                    continue
                c = self.pick(cover)
                ap.actual = c
                if r() < 0.6:
                    ap.prov = c
            self.appts.append(ap)

    def gen_groups(self):
        r = self.r
        facs = [e for e in self.emps if e.grp in P_THERAPY]
        n_groups = max(1, round(3 * len(self.emps) / 40))
        self.groups = []
        for _ in range(min(n_groups, len(facs))):
            f = self.pick(facs)
            days = f.clinic_days or (1, 3)
            wd = self.pick(days)
            hh = (17 * 60 + 30) if f.evening else 12 * 60
            members = self.rng.sample(self.active, min(len(self.active), self.randint(6, 10)))
            self.groups.append((f, members))
            f.caseload.extend(members)
            d = self.day0(self.H0)
            while self.weekday(d) != wd:
                d += MS_D
            while d < self.W1 + 8 * MS_D:
                t = d + hh * MS_MIN
                d += 7 * MS_D
                if self.W0 <= t < self.W1 and self.shift_near(f, t) is None:
                    continue
                for m in members:
                    if r() < 0.85:
                        self.appts.append(Appt(m, f.dept, f if r() < 0.75 else None, t, "group", t - 7 * MS_D))

    def gen_intakes(self):
        r = self.r
        self.referrals = []
        coord = [e for e in self.emps if e.grp == "intake"] or [e for e in self.emps if e.grp == "fd"]
        clins = [e for e in self.emps if e.grp in ("clin", "clin_sud")]
        for e in coord:
            for sh in e.shifts:
                if sh.remote == 2:
                    continue
                for _ in range(self.poisson(2.5 * len(self.emps) / 40 / max(1, len(coord)))):
                    t = sh.start + int(self.r() * (sh.end - sh.start - MS_H))
                    p = self.new_patient(t, 12, 80)
                    self.referrals.append((t, p, sh))
                    if r() < 0.7 and clins:
                        c = self.pick(clins)
                        ti = self.day0(t) + self.randint(3, 14) * MS_D + self.slot_time(c, 0)
                        while self.weekday(ti) not in (c.clinic_days or (0, 1, 2, 3, 4)):
                            ti += MS_D
                        self.appts.append(Appt(p, c.dept, c, ti, "intake", t))
                        if ti < self.W1:
                            self.encs.append(Enc(p, c.dept, c, ti, None, "episode"))
                        c.caseload.append(p)

    # ---------------------------------------------------------------- routine events
    def clin_prof(self, e, p):
        if e.grp in P_RX:
            return "p_rx"
        if e.grp == "clin_sud" or p.sud:
            return "p_sud" if self.r() < 0.8 else "p_clin"
        return "p_clin"

    def gen_events(self):
        r, W0, W1 = self.r, self.W0, self.W1
        claims = []
        for ap in self.appts:
            if ap.t < W0 - 60 * MS_D or min(ap.t, ap.booked) >= W1:
                continue
            e = ap.actual or ap.prov
            if W0 <= ap.booked < W1 and ap.kind != "intake" and r() < 0.85:
                self.act("Behavioral Health", "fd", ap.booked, ap.pat, "fd", self.randint(1, 2))
            if not W0 - 2 * MS_D <= ap.t < W1:
                if ap.t < W0 and ap.status == "ok" and ap.kind != "group":
                    claims.append((ap.t + int(self.uni(1, 5) * MS_D), ap.pat, 5))
                continue
            tele = ap.kind in ("visit", "rx") and (r() < 0.4 or (e is not None and (self.shift_near(e, ap.t) or
                                                                                     Shift(0, 0, "", ("",), ("",), 0, e)).remote))
            if ap.kind == "group":
                continue
            if e is None:
                continue
            sh = self.shift_near(e, ap.t)
            if sh is None:
                continue
            prof = PROFILES[self.clin_prof(e, ap.pat)]
            self.session(sh, ap.t - self.randint(2, 20) * MS_MIN, ap.pat, prof, self.randint(1, 3))
            if ap.status == "noshow":
                self.session(sh, ap.t + self.randint(15, 30) * MS_MIN, ap.pat, PROFILES["p_clin"], 1)
                if r() < 0.5:
                    self.act("Behavioral Health", "fd", ap.t + self.randint(20, 180) * MS_MIN, ap.pat, "fd", 2)
                continue
            if not tele or r() < 0.4:
                self.act("Behavioral Health", "fd", ap.t - self.randint(1, 15) * MS_MIN, ap.pat, "fd",
                         self.randint(2, 4))
            dur = (25 if ap.kind == "rx" else 50) * MS_MIN
            if r() < 0.7:
                self.session(sh, ap.t + dur + self.randint(0, 8) * MS_MIN, ap.pat, prof, self.randint(3, 7))
            else:
                later = [s for s in e.shifts if s.start > ap.t + dur and s.start < ap.t + 2 * MS_D]
                s2 = later[0] if later else sh
                t2 = max(ap.t + dur, s2.start + 5 * MS_MIN) + int(self.r() * max(1, min(s2.end, ap.t + 2 * MS_D) -
                                                                             max(ap.t + dur, s2.start) - 10 * MS_MIN))
                self.session(s2, t2, ap.pat, prof, self.randint(3, 7))
            if ap.kind == "intake":
                self.session(sh, ap.t + dur + 10 * MS_MIN, ap.pat, PROFILES["p_clin"], self.randint(2, 4))
            if not tele and r() < 0.35:
                self.act("Behavioral Health", "fd", ap.t + dur + self.randint(1, 10) * MS_MIN, ap.pat, "fd",
                         self.randint(1, 3))
            if r() < 0.9:
                claims.append((ap.t + int(self.uni(1, 5) * MS_D), ap.pat, 5))
        self.group_events()
        self.supervision()
        self.office_work(claims)
        self.crisis()

    def group_events(self):
        for f, members in self.groups:
            times = sorted({ap.t for ap in self.appts if ap.kind == "group" and ap.pat in members and
                            self.W0 <= ap.t < self.W1})
            for t in times:
                sh = self.shift_near(f, t)
                if sh is None:
                    continue
                tt = t + 95 * MS_MIN
                for m in members:
                    if self.r() < 0.85:
                        tt = self.session(sh, tt, m, PROFILES["p_group"], self.randint(1, 3))
                        if self.r() < 0.5:
                            self.act("Behavioral Health", "fd", t - self.randint(1, 15) * MS_MIN, m, "fd", 2)

    def supervision(self):
        for s in (e for e in self.emps if e.grp == "sup"):
            for sh in s.shifts:
                if sh.remote or self.weekday(sh.start) not in (1, 4):
                    continue
                pool = [ap for ap in self.appts if ap.prov in s.supervisees and
                        sh.start - 7 * MS_D <= ap.t < sh.start and ap.status == "ok"]
                t = sh.start + self.randint(60, 300) * MS_MIN
                for ap in self.rng.sample(pool, min(len(pool), self.randint(5, 12))):
                    t = self.session(sh, t, ap.pat, PROFILES["p_sup"], self.randint(2, 4)) + self.randint(2, 10) * MS_MIN

    def office_work(self, claims):
        r = self.r
        recent_visits = [ap for ap in self.appts if ap.status == "ok" and ap.kind != "group"]
        old = sorted(((ap.t, ap.pat) for ap in recent_visits if ap.t < self.W1 - 10 * MS_D), key=itemgetter(0))
        old_t = [x[0] for x in old]

        def posting(t):
            if not old or r() < 0.3:
                return None
            a = bisect.bisect_left(old_t, t - 45 * MS_D)
            b = bisect.bisect_right(old_t, t - 14 * MS_D)
            if b <= a:
                return None
            return (t, old[a + int(r() * (b - a))][1], 4)

        self.worklist("bill", claims, "bill", lambda: self.randint(3, 5), filler=posting, start_backlog=2,
                      idle_p=0.3)
        for e in self.emps:
            if e.batch is not None:
                mean, rt, action = e.batch
                for sh in e.shifts:
                    if sh.remote != 2 and r() < 0.9:
                        self.emit(sh, sh.start + self.randint(20, 90) * MS_MIN, action, None, rt,
                                  max(3, int(self.rng.gauss(mean, mean * 0.2))))
        active = self.active
        for e in self.emps:
            g = e.grp
            for sh in e.shifts:
                if sh.remote == 2 and g not in ("it",):
                    continue
                span = sh.end - sh.start
                rt = lambda: sh.start + int(r() * max(1, span - 20 * MS_MIN))
                if g == "fd":
                    for _ in range(self.randint(5, 14)):
                        self.session(sh, rt(), self.pick(active), PROFILES["fd"], self.randint(1, 3))
                elif g == "cm":
                    if not e.caseload:
                        e.caseload = self.rng.sample(active, min(len(active), self.randint(40, 60)))
                    for _ in range(self.randint(6, 14)):
                        self.session(sh, rt(), self.pick(e.caseload), PROFILES["p_cm"], self.randint(2, 4))
                elif g == "intake":
                    for t, p, rsh in self.referrals:
                        if rsh is sh:
                            self.emit(sh, t - 30000, "create", p, "Demographics")
                            self.session(sh, t, p, PROFILES["p_intake"], self.randint(3, 6))
                    recent = [p for t, p, _ in self.referrals if sh.start - 14 * MS_D < t < sh.start]
                    for p in self.rng.sample(recent, min(len(recent), self.randint(2, 6))):
                        self.session(sh, rt(), p, PROFILES["p_intake"], self.randint(1, 2))
                elif g == "him":
                    for _ in range(self.randint(4, 10)):
                        self.session(sh, rt(), self.pick(active), PROFILES["p_him"], self.randint(2, 3))
                    if r() < 0.3:
                        p = self.pick(self.patients) if r() < 0.7 else self.pick(self.inactive)
                        if not p.is_test:
                            t = self.session(sh, rt(), p, PROFILES["roi"], self.randint(2, 4))
                            self.emit(sh, t, "print", p, "Medical Record Copy", self.randint(4, 90))
                elif g == "mgr":
                    for _ in range(self.randint(2, 6)):
                        self.emit(sh, rt(), "query", None, self.pick(("Report", "Productivity Report", "Ad Hoc Query",
                                                                      "Aging Report")),
                                  max(1, int(self.lognorm(120, 1.0))))
                    for _ in range(self.randint(0, 3)):
                        self.session(sh, rt(), self.pick(active), PROFILES["bill"], self.randint(1, 3))
                elif g == "it":
                    nq = self.randint(3, 8) if sh.remote != 2 else self.randint(1, 4)
                    for _ in range(nq):
                        self.emit(sh, rt(), "query", None, self.pick(("Ad Hoc Query", "Report", "Security Audit",
                                                                      "Interface Monitor")),
                                  max(0, int(self.lognorm(60, 1.0))))
                    for _ in range(self.randint(0, 3)):
                        self.session(sh, rt(), self.pick(self.test_patients), PROFILES["it_test"], self.randint(2, 5))
                    if sh.remote != 2 and r() < 0.08:
                        self.session(sh, rt(), self.pick(active), PROFILES["it_real"], self.randint(2, 3))
        mgr = [e for e in self.emps if e.grp == "mgr"]
        if mgr and r() < 0.7:
            ut = self.user_time(mgr[0], self.W0, self.W1, onsite=True)
            if ut:
                self.emit(ut[1], ut[0], "export", None, "Outcome Measures", self.randint(60, 140))
        svc = self.svc
        for d in range(self.days):
            if self.weekday(self.W0 + d * MS_D) >= 5:
                continue
            t = self.W0 + d * MS_D + int(self.uni(22.5, 23.5) * MS_H)
            sh = Shift(t - MS_MIN, t + MS_H, "Administration", ("CMHAPP01",), ("192.168.20.5",), 0, svc)
            self.emit(sh, t, "export", None, "837P Claim Batch", self.randint(25, 110))

    def crisis(self):
        r = self.r
        clins = [e for e in self.emps if e.grp in P_THERAPY]
        for d in range(self.days):
            for _ in range(self.poisson(0.45)):
                t = self.W0 + d * MS_D + int(self.uni(9, 17) * MS_H)
                on = [c for c in clins if any(s.start <= t < s.end and s.remote == 0 for s in c.shifts)]
                if not on:
                    continue
                c = self.pick(on)
                p = self.pick(self.active)
                if p in c.caseload:
                    continue
                sh = self.shift_near(c, t)
                self.session(sh, t, p, PROFILES["p_clin"], self.randint(4, 8))
                if r() < 0.5:
                    self.appts.append(Appt(p, c.dept, c, t, "crisis", t - 5 * MS_MIN))


class PracticeSim(IncidentMixin, OutputMixin, Practice):
    SNOOP_GROUPS = ("clin", "clin_sud", "sup", "psy_md", "psy_np", "fd", "bill", "cm", "intake", "him", "mgr")
    CLIN_SNOOP = ("clin", "clin_sud", "sup", "psy_md", "psy_np", "cm")
    DAY_ONLY = ("fd", "bill", "intake", "him", "mgr", "cm", "clin", "sup")
    WRONG_ROLE = ("fd", "bill", "it")
    BULK = (150, 600)
    SPIKE_MIN = 20
    NO_REL = "not on their caseload, groups or supervision, with no care relationship"

    def user_depts(self, e):
        return set()          # one department treats everyone: the caseload is what counts

    def extra_eligible(self, e, p):
        if p in e.caseload:
            return False
        for s in e.supervisees:
            if p in s.caseload or p.mrn in self.by_user.get(s.uid, ()):
                return False
        return True

    def run(self, outdir):
        self.build()
        self.gen_events()
        self.inject_incidents()
        self.unknown_logins(0.3)
        self.add_logins()
        self.write_all(outdir)


# =========================================================================== main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--profile", choices=("hospital", "practice"), default="hospital")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--employees", type=int, default=None, help="default 2000 (hospital) / 40 (practice)")
    ap.add_argument("--patients", type=int, default=None, help="default 50000 (hospital) / 2000 (practice)")
    ap.add_argument("--start", default="2026-11-01", help="first day of the window (site-local date)")
    ap.add_argument("--incidents-per-scenario", type=int, default=None, help="default 5 (hospital) / 2 (practice)")
    ap.add_argument("--utc-offset", type=float, default=0.0,
                    help="site local time minus UTC in hours (e.g. -5); timestamps are written in UTC")
    args = ap.parse_args(argv)
    hosp = args.profile == "hospital"
    if args.employees is None:
        args.employees = 2000 if hosp else 40
    if args.patients is None:
        args.patients = 50000 if hosp else 2000
    if args.incidents_per_scenario is None:
        args.incidents_per_scenario = 5 if hosp else 2
    if args.days < 1 or args.employees < (200 if hosp else 15) or args.patients < 500:
        ap.error("need --days >= 1, --employees >= 200 (hospital) / 15 (practice), --patients >= 500")
    t0 = time.perf_counter()
    sim = HospitalSim(args) if hosp else PracticeSim(args)
    sim.run(args.out)
    ne, npat, nenc, nap, nev, ninc = sim.counts
    print(f"{args.profile} seed={args.seed} days={args.days}: employees={ne} patients={npat} encounters={nenc} "
          f"appointments={nap} events={nev} incidents={ninc} ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
