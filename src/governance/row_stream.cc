#include "governance/row_stream.h"

namespace yungu::governance::internal {

Result<OpenedRows> OpenRows(query::QueryService& queries, const std::string& dataset, const nlohmann::json& request) {
  OpenedRows out;
  YG_ASSIGN_OR_RETURN(out.query, queries.PrepareExport(dataset, request));
  out.query.plan.with_row_id = false;  // rows come in row-id order anyway
  YG_ASSIGN_OR_RETURN(out.cursor, queries.Open(out.query));
  return out;
}

Status StreamRows(query::QueryService& queries, const std::string& dataset, const nlohmann::json& request,
                  const std::function<Status(const query::PreparedQuery&)>& start,
                  const std::function<void(Row&)>& visit) {
  YG_ASSIGN_OR_RETURN(OpenedRows rows, OpenRows(queries, dataset, request));
  if (start) YG_RETURN_IF_ERROR(start(rows.query));
  Row row;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool more, rows.cursor->Next(row));
    if (!more) break;
    visit(row);
  }
  return Status::Ok();
}

}  // namespace yungu::governance::internal
