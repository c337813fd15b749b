// Rate-limit token buckets shared by every process on the database (table
// rate_buckets of migration 6). Each step is one statement, so concurrent
// steps on one key queue on its row and every token is taken once.
#include "storage/postgres/pg_identity_store.h"

namespace yungu::storage::pg {
namespace {

// Times are the database's clock in seconds since the epoch: the hosts
// running the hub may disagree about the time, the database does not.
constexpr const char* kDbNow = "extract(epoch FROM clock_timestamp())::float8";

// The bucket's tokens after refilling from its last step to the new step's
// time (excluded.updated_at: one clock reading for the whole statement).
// A step that read the clock earlier but got the row later refills nothing.
constexpr const char* kRefilled =
    "LEAST(excluded.burst, b.tokens + GREATEST(0, excluded.updated_at - b.updated_at) * excluded.per_second)";

std::string TakeSql() {
  const std::string r = kRefilled;
  // A new key starts full and gives its first token at once.
  return std::string("INSERT INTO rate_buckets AS b (key, tokens, per_second, burst, updated_at, taken) "
                     "VALUES ($1, $3::float8 - 1, $2::float8, $3::float8, ") +
         kDbNow +
         ", true) ON CONFLICT (key) DO UPDATE SET "
         "tokens = CASE WHEN " + r + " >= 1 THEN " + r + " - 1 ELSE " + r + " END, "
         "taken = " + r + " >= 1, "
         "per_second = excluded.per_second, burst = excluded.burst, "
         "updated_at = GREATEST(b.updated_at, excluded.updated_at) "
         "RETURNING taken, tokens";
}

std::string CheckSql() {
  return std::string("SELECT LEAST($3::float8, tokens + GREATEST(0, ") + kDbNow +
         " - updated_at) * $2::float8) FROM rate_buckets WHERE key = $1";
}

}  // namespace

Result<RateDecision> PgIdentityStore::TakeRateToken(std::string_view key, double per_second, double burst,
                                                    bool take) {
  if (!(per_second > 0) || !(burst >= 1)) {
    return InvalidArgument("storage.bad_rate", "a shared bucket needs per_second > 0 and burst >= 1");
  }
  static const std::string kTake = TakeSql();
  static const std::string kCheck = CheckSql();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  Params params;
  params.Text(key).Double(per_second).Double(burst);
  if (take) {
    YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(kTake, params));
    return RateDecision{res.Bool(0, 0), res.Double(0, 1)};
  }
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(kCheck, params));
  if (res.rows() == 0) return RateDecision{true, burst};  // unknown keys are full
  double tokens = res.Double(0, 0);
  return RateDecision{tokens >= 1, tokens};
}

Result<int64_t> PgIdentityStore::DeleteFullRateBuckets() {
  // A row whose refill has reached its burst is the same as no row. A step
  // that changed it meanwhile is re-checked under its lock, so a bucket in
  // use is never dropped.
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec(std::string("DELETE FROM rate_buckets WHERE updated_at + (burst - tokens) / "
                                             "per_second <= ") +
                                 kDbNow));
  return res.Affected();
}

}  // namespace yungu::storage::pg
