#include "governance/row_stream.h"

#include <chrono>
#include <ctime>

namespace yungu::governance::internal {

Status StreamRows(query::QueryService& queries, const std::string& dataset, const nlohmann::json& request,
                  const std::function<Status(const query::PreparedQuery&)>& start,
                  const std::function<void(Row&)>& visit) {
  YG_ASSIGN_OR_RETURN(query::PreparedQuery q, queries.PrepareExport(dataset, request));
  q.plan.with_row_id = false;  // rows come in row-id order anyway
  if (start) YG_RETURN_IF_ERROR(start(q));
  YG_ASSIGN_OR_RETURN(auto cursor, queries.Open(q));
  Row row;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool more, cursor->Next(row));
    if (!more) break;
    visit(row);
  }
  return Status::Ok();
}

std::string TodayInChina() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace yungu::governance::internal
