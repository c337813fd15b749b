// What a query may do with fields the caller sees only masked.
#pragma once

#include <map>
#include <string>

#include "yungu/core/status.h"
#include "yungu/model/field_policy.h"
#include "yungu/model/query_plan.h"

namespace yungu::query {

// A masked field may be projected and counted, nothing else: filtering,
// sorting, grouping, distinct, aggregating or searching it would answer
// questions about the stored values the mask hides. The error names the
// field, never a value.
Status CheckMaskedUse(const model::QueryPlan& plan, const std::map<std::string, model::MaskSpec>& masks);

}  // namespace yungu::query
