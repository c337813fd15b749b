// Running compiled queries: a streaming cursor and a count.
#include "storage/sqlite/query_compiler.h"
#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {
namespace {

class SqliteRowCursor final : public RowCursor {
 public:
  SqliteRowCursor(ConnectionPool::Lease conn, Statement stmt, CompiledQuery query)
      : conn_(std::move(conn)), stmt_(std::move(stmt)), query_(std::move(query)) {}

  const std::vector<std::string>& columns() const override { return query_.columns; }

  Result<bool> Next(Row& row) override {
    YG_ASSIGN_OR_RETURN(bool has, stmt_.Step());
    if (!has) return false;
    row.resize(query_.types.size());
    for (size_t i = 0; i < query_.types.size(); ++i) row[i] = stmt_.ColumnValue(static_cast<int>(i), query_.types[i]);
    return true;
  }

 private:
  // Declaration order matters: the statement goes before its connection.
  ConnectionPool::Lease conn_;
  Statement stmt_;
  CompiledQuery query_;
};

}  // namespace

Result<std::unique_ptr<RowCursor>> SqliteStore::Query(const model::VersionInfo& version,
                                                      const model::QueryPlan& plan) {
  YG_ASSIGN_OR_RETURN(CompiledQuery query, CompileSelect(version, plan));
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(query.sql));
  for (size_t i = 0; i < query.params.size(); ++i) stmt.Bind(static_cast<int>(i + 1), query.params[i]);
  return std::unique_ptr<RowCursor>(new SqliteRowCursor(std::move(conn), std::move(stmt), std::move(query)));
}

Result<int64_t> SqliteStore::Count(const model::VersionInfo& version, const model::QueryPlan& plan) {
  YG_ASSIGN_OR_RETURN(CompiledQuery query, CompileCount(version, plan));
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(query.sql));
  for (size_t i = 0; i < query.params.size(); ++i) stmt.Bind(static_cast<int>(i + 1), query.params[i]);
  YG_ASSIGN_OR_RETURN(bool has, stmt.Step());
  if (!has) return Internal("storage.count", "count returned no row");
  return stmt.ColumnInt(0);
}

}  // namespace yungu::storage::sqlite
