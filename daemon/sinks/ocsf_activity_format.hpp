// OCSF 1.1.0 activity events for the normalised event stream (a sink with `stream: events`):
// one JSON object per event, in the Application Activity category (category_uid 6).
//
// Which class: an event that carries a database statement came from a database audit log
// (pgaudit, MariaDB server_audit, or an export that records the SQL) and is a Datastore Activity
// (class_uid 6005); every other event (an EHR's or application's audit trail: who opened which
// chart) is an API Activity (class_uid 6003). The statement is the one field only database
// sources fill, so it decides, rather than the source's name, which is the operator's choice.
#pragma once

#include <string>

#include "daemon/event/event.hpp"

namespace phi {

inline constexpr int64_t kOcsfApiActivityClass = 6003;
inline constexpr int64_t kOcsfDatastoreActivityClass = 6005;

// The OCSF class an event is written as: kOcsfDatastoreActivityClass or kOcsfApiActivityClass.
int64_t OcsfActivityClassOf(const Event& event);

// Appends one JSON object (no trailing newline), always valid UTF-8:
// - class_uid/class_name as above, category_uid 6 "Application Activity", severity_id 1
//   Informational, type_uid = class_uid * 100 + activity_id.
// - activity_id from the action. API Activity: create 1 Create; view, read, print, export,
//   query 2 Read; update 3 Update; delete 4 Delete. Datastore Activity: view, read 1 Read;
//   update 2 Update; login 3 Connect; query, export 4 Query; write 5 Write; create 6 Create;
//   delete 7 Delete. Anything else 99 Other, activity_name the action.
// - status_id: success 1 Success, failure 2 Failure, else 0 Unknown (status the outcome).
// - time (ms since the epoch), actor.user (name, and the role as type), src_endpoint (ip,
//   hostname = the workstation), api.operation = the action (API Activity), query_info.
//   query_string = the statement (Datastore Activity), resources: the patient
//   {type "patient", uid}, and the record type {type "record_type", name}.
// - metadata: version 1.1.0, product, uid and sequence = the timeline id (what a receiver
//   deduplicates by), original_time absent, log_name = the source.
// - unmapped: department, record_count, event_id, source, offset, timeline_id, truncated,
//   implausible_time, and the source's unknown fields as "extra" (an object).
void AppendOcsfActivity(const Event& event, std::string& out);

}  // namespace phi
