// One entry of the trace (留痕): a data read or an administrative action.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace yungu::audit {

struct AuditEvent {
  std::string category;  // "read" | "admin" | "auth"
  std::string action;    // e.g. dataset.query, dataset.export, grant.approve, user.roles
  std::string outcome = "ok";  // "ok" | "denied" | "error"
  std::string error_code;      // the Status error code when outcome != ok

  // Who.
  std::string user_id;
  std::string username;
  std::string department;
  std::vector<std::string> roles;
  std::string via;            // anonymous | session | token | app_key | local
  std::string credential_id;  // token / app key / session id, never a secret
  std::string client_address;

  // What.
  std::string dataset_id;
  int64_t version = 0;
  std::vector<std::string> fields;  // fields returned (reads)
  nlohmann::json filter;            // the filter and full-text query applied
  int64_t rows = -1;                // rows returned; -1 when not a read
  int64_t grant_id = 0;             // the grant the read used, if any
  std::string purpose;
  std::string target;               // for admin actions: what was acted on
  nlohmann::json detail;            // anything else (old and new values, ...)

  // Keyed hashes of the persons whose sensitive fields a read returned, for
  // the abuse monitor; counted, not stored in the entry.
  std::vector<uint64_t> subjects;

  // Set by the log when the entry is appended (ISO 8601 UTC, microseconds).
  std::string time;
};

}  // namespace yungu::audit
