// The trace (留痕) of what a harvester changed: one admin entry per change,
// as the API writes for the same change made by hand.
#pragma once

#include <string_view>

#include "yungu/audit/audit_event.h"
#include "yungu/harvest/harvest.h"

namespace yungu::harvest {

// category "admin", via "local", user "local:<actor>":
//   a dataset created, updated or deleted -> action "dataset.harvest",
//     dataset_id, detail {change, source, remote_id};
//   a department created -> action "department.create", target its code,
//     detail {via: "harvest", source, organization}.
audit::AuditEvent TraceEvent(const Change& change, std::string_view actor);

}  // namespace yungu::harvest
