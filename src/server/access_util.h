// What the routes ask of access control and the trace, in one place.
#pragma once

#include <nlohmann/json.hpp>

#include "server/api.h"
#include "yungu/access/policy.h"
#include "yungu/audit/audit_event.h"

namespace yungu::server {

// A dataset the caller may at least know of; hidden ones answer exactly
// like unknown ones (404 catalog.dataset_not_found).
Result<model::DatasetMeta> VisibleDataset(ApiContext& ctx, const Request& req, const std::string& id);
// A dataset the caller may manage (edit, ingest into, prune, delete).
Result<model::DatasetMeta> ManagedDataset(ApiContext& ctx, const Request& req, const std::string& id);

// What the caller may do with the dataset, as the "access" object of its JSON.
nlohmann::json AccessJson(const access::DatasetAccess& access);

// The release check (governance) when a change would open the dataset
// unconditionally, or change the fields of one that is: FailedPrecondition
// release.* naming the fields and groups when it may not be opened. `old` is
// null for a new dataset; `candidate` carries the data stamp of `old`.
Status CheckRelease(ApiContext& ctx, const model::DatasetMeta* old, const model::DatasetMeta& candidate);

// Traces a metadata edit; a change of classification (sharing or opening
// type, department, field sensitivity) names the old and new values.
Status TraceMetadataChange(ApiContext& ctx, const Request& req, const model::DatasetMeta& old,
                           const model::DatasetMeta& now);

// A trace entry with the caller filled in.
audit::AuditEvent EventFor(const Request& req, std::string category, std::string action);
// Appends an administrative action and waits until it is durable (no-op
// when the hub keeps no trace, e.g. in unit tests of the routes).
Status TraceAdmin(ApiContext& ctx, audit::AuditEvent event);

}  // namespace yungu::server
