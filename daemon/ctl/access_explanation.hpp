// Why an access happened, in words a patient reads in their access report: the explanation the
// context gives (a care relationship, an appointment, operations work on a visit...), with the
// department and date of the visit it rests on, or that none is on record.
#pragma once

#include <string>

#include "daemon/context/context_snapshot.hpp"
#include "daemon/event/event.hpp"

namespace phi {

// `context` may be null (no feeds configured): the wording then says so.
std::string ExplainAccessInWords(const Event& access, const ContextSnapshot* context);

}  // namespace phi
