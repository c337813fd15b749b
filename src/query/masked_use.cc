#include "query/masked_use.h"

#include <algorithm>

namespace yungu::query {
namespace {

Status Refuse(const std::string& field, std::string_view use) {
  return InvalidArgument("query.masked_field", "field '" + field + "' is masked for you: it cannot be " +
                                                   std::string(use) + " (it can only be shown, masked, or counted)");
}

}  // namespace

Status CheckMaskedUse(const model::QueryPlan& plan, const std::map<std::string, model::MaskSpec>& masks) {
  if (masks.empty()) return Status::Ok();
  auto masked = [&](const std::string& field) { return masks.count(field) > 0; };
  for (const auto& f : plan.filters) {
    if (masked(f.field)) return Refuse(f.field, "filtered on");
  }
  for (const auto& s : plan.sort) {
    if (masked(s.field)) return Refuse(s.field, "sorted on");
  }
  for (const auto& g : plan.group_by) {
    if (masked(g)) return Refuse(g, "grouped by");
  }
  for (const auto& a : plan.aggregates) {
    if (a.fn != model::AggregateFn::kCount && masked(a.field)) return Refuse(a.field, "aggregated");
  }
  if (plan.distinct) {
    const size_t shown = plan.fields.size() - plan.hidden_fields;
    for (size_t i = 0; i < shown; ++i) {
      if (masked(plan.fields[i])) return Refuse(plan.fields[i], "made distinct");
    }
  }
  return Status::Ok();
}

}  // namespace yungu::query
