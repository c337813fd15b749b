// Running compiled queries: small answers in one round trip, large ones
// streamed through a server-side cursor, and counts.
#include "storage/postgres/pg_store.h"
#include "storage/sql/plan_compiler.h"

namespace yungu::storage::pg {
namespace {

using sql::CompiledQuery;

// Answers up to this many rows come back whole; larger ones stream.
constexpr int64_t kDirectRows = 5000;
constexpr int kFetchRows = 2000;

Params ToParams(const CompiledQuery& q) {
  Params p;
  for (const auto& v : q.params) p.Cell(v);
  return p;
}

// Reads a result page row by row.
class PageReader {
 public:
  void Reset(PgResult res) {
    res_ = std::move(res);
    next_ = 0;
  }
  bool exhausted() const { return next_ >= res_.rows(); }
  int size() const { return res_.rows(); }
  void Read(const std::vector<ColumnType>& types, Row& row) {
    row.resize(types.size());
    for (size_t i = 0; i < types.size(); ++i) res_.ReadCell(next_, static_cast<int>(i), types[i], row[i]);
    ++next_;
  }

 private:
  PgResult res_;
  int next_ = 0;
};

class DirectCursor final : public RowCursor {
 public:
  DirectCursor(CompiledQuery query, PgResult res) : query_(std::move(query)) { page_.Reset(std::move(res)); }
  const std::vector<std::string>& columns() const override { return query_.columns; }
  Result<bool> Next(Row& row) override {
    if (page_.exhausted()) return false;
    page_.Read(query_.types, row);
    return true;
  }

 private:
  CompiledQuery query_;
  PageReader page_;
};

// Holds a read-only snapshot and a cursor in it until destroyed.
class StreamingCursor final : public RowCursor {
 public:
  StreamingCursor(PgPool::Lease conn, PgTransaction tx, CompiledQuery query)
      : conn_(std::move(conn)), tx_(std::move(tx)), query_(std::move(query)) {}
  const std::vector<std::string>& columns() const override { return query_.columns; }
  Result<bool> Next(Row& row) override {
    if (page_.exhausted()) {
      if (done_) return false;
      YG_ASSIGN_OR_RETURN(PgResult res, conn_->Exec("FETCH " + std::to_string(kFetchRows) + " FROM rows_out"));
      done_ = res.rows() < kFetchRows;
      page_.Reset(std::move(res));
      if (page_.exhausted()) return false;
    }
    page_.Read(query_.types, row);
    return true;
  }

 private:
  // Declaration order: the transaction ends before the connection returns.
  PgPool::Lease conn_;
  PgTransaction tx_;
  CompiledQuery query_;
  PageReader page_;
  bool done_ = false;
};

// The statement that limits the transaction's time (0: no limit).
std::string TimeLimit(int64_t timeout_ms) {
  return "SET LOCAL statement_timeout = " + std::to_string(timeout_ms > 0 ? timeout_ms : 0);
}

// Opens a read-only transaction with the plan's time limit in one round
// trip (the limit applies to this transaction only).
Result<PgTransaction> BeginRead(PgConnection& conn, const char* begin, int64_t timeout_ms) {
  return PgTransaction::Begin(conn, std::string(begin) + "; " + TimeLimit(timeout_ms));
}

}  // namespace

Result<std::unique_ptr<RowCursor>> PgStore::Query(const model::VersionInfo& version, const model::QueryPlan& plan) {
  return ReadRouted<std::unique_ptr<RowCursor>>([&](PgPool& pool) { return QueryOn(pool, version, plan); });
}

Result<int64_t> PgStore::Count(const model::VersionInfo& version, const model::QueryPlan& plan) {
  return ReadRouted<int64_t>([&](PgPool& pool) { return CountOn(pool, version, plan); });
}

Result<std::unique_ptr<RowCursor>> PgStore::QueryOn(PgPool& pool, const model::VersionInfo& version,
                                                    const model::QueryPlan& plan) {
  YG_ASSIGN_OR_RETURN(CompiledQuery query, sql::CompileSelect(sql::Dialect::kPostgres, version, plan));
  YG_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
  Params params = ToParams(query);
  if (plan.limit <= kDirectRows) {
    if (plan.timeout_ms <= 0) {
      YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(query.sql, params));
      return std::unique_ptr<RowCursor>(new DirectCursor(std::move(query), std::move(res)));
    }
    YG_ASSIGN_OR_RETURN(PgResult res, conn->ExecPipelined({"BEGIN READ ONLY", TimeLimit(plan.timeout_ms), query.sql,
                                                           "COMMIT"},
                                                          2, params));
    return std::unique_ptr<RowCursor>(new DirectCursor(std::move(query), std::move(res)));
  }
  YG_ASSIGN_OR_RETURN(auto tx,
                      BeginRead(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", plan.timeout_ms));
  YG_RETURN_IF_ERROR(conn->Exec("DECLARE rows_out NO SCROLL CURSOR FOR " + query.sql, params).status());
  return std::unique_ptr<RowCursor>(new StreamingCursor(std::move(conn), std::move(tx), std::move(query)));
}

Result<int64_t> PgStore::CountOn(PgPool& pool, const model::VersionInfo& version, const model::QueryPlan& plan) {
  YG_ASSIGN_OR_RETURN(CompiledQuery query, sql::CompileCount(sql::Dialect::kPostgres, version, plan));
  YG_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->ExecPipelined({"BEGIN READ ONLY", TimeLimit(plan.timeout_ms), query.sql,
                                                         "COMMIT"},
                                                        2, ToParams(query)));
  if (res.rows() == 0) return Internal("storage.count", "count returned no row");
  return res.Int(0, 0);
}

}  // namespace yungu::storage::pg
