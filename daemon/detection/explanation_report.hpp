// The plain-language part of an alert about explanations: which explanation holds for an
// access (and how strong it is), or, when none does, each explanation that was checked and
// why it did not hold ("Cardiology last treated the patient until 2026-06-01, more than 90
// days before"). Read by reviewers; built only when an alert is raised, never per event.
#pragma once

#include <string>

#include "daemon/detection/event_view.hpp"

namespace phi {

// Appends sentences (each ending with ". ") about the access's explanation.
void AppendExplanationReport(EventView& view, std::string& out);

// Appends `s` as a sentence: its own final period and spaces dropped, then ". ". Sentences may
// start with a user id, which keeps its case.
void AppendSentence(std::string_view s, std::string& out);

// "2026-11-03 14:05 UTC": a time as a reviewer reads it.
std::string ReadableTime(TimeMicros t);
std::string ReadableDate(TimeMicros t);

}  // namespace phi
