// Trace entries for a harvester's changes.
#include "yungu/harvest/trace.h"

namespace yungu::harvest {
namespace {

std::string_view ChangeName(Change::Kind kind) {
  switch (kind) {
    case Change::Kind::kDatasetCreated: return "created";
    case Change::Kind::kDatasetUpdated: return "updated";
    case Change::Kind::kDatasetDeleted: return "deleted";
    case Change::Kind::kDepartmentCreated: return "department_created";
  }
  return "updated";
}

}  // namespace

audit::AuditEvent TraceEvent(const Change& change, std::string_view actor) {
  audit::AuditEvent e;
  e.category = "admin";
  e.via = "local";
  e.user_id = "local:" + std::string(actor);
  e.username = std::string(actor);
  e.client_address = "local";
  if (change.kind == Change::Kind::kDepartmentCreated) {
    e.action = "department.create";
    e.target = change.id;
    e.detail = {{"via", "harvest"}, {"source", change.source}, {"organization", change.remote_id}};
    return e;
  }
  e.action = "dataset.harvest";
  e.dataset_id = change.id;
  e.target = change.id;
  e.detail = {{"change", ChangeName(change.kind)}, {"source", change.source}, {"remote_id", change.remote_id}};
  return e;
}

}  // namespace yungu::harvest
