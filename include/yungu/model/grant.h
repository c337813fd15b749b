// A grant: the right to read part of one dataset, made by approving an
// application (数据共享/开放申请). Access control reads grants; the workflow
// that creates them lives in access/workflow.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/model/field_policy.h"

namespace yungu::model {

struct Grant {
  int64_t id = 0;
  int64_t application_id = 0;
  std::string dataset_id;
  std::string grantee_user_id;     // the applicant; only they may use it
  std::string grantee_department;  // the applicant's department (empty: public)
  std::vector<std::string> fields;  // readable fields; never empty
  // Row filter in the query API's filter syntax ({"district": "西陵区"}),
  // AND-ed into every query made under the grant. null: all rows.
  nlohmann::json row_filter;
  // Masks the approver chose per field; a field without one gets the mask of
  // the grantee's audience (public or government) declared on the field.
  std::map<std::string, MaskSpec> masks;
  int64_t daily_row_quota = 0;  // rows per calendar day (UTC+8); 0: unlimited
  std::string purpose;
  std::string granted_by;       // approver's user id
  std::string granted_at;       // ISO 8601 UTC
  std::string expires_at;       // ISO 8601 UTC
  std::string revoked_at;       // empty unless revoked
  std::string revoked_by;
  std::string revoke_reason;

  // Usable at `now` (ISO 8601 UTC text compares in time order).
  bool ActiveAt(const std::string& now) const { return revoked_at.empty() && now < expires_at; }
};

}  // namespace yungu::model
