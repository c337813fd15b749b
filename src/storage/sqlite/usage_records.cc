// Usage counters of datasets: how often their data was read and downloaded.
#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {

Status SqliteStore::AddUsage(const std::vector<DatasetUsage>& usage) {
  if (usage.empty()) return Status::Ok();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement add, conn->Prepare("UPDATE datasets SET reads = reads + ?2, "
                                                   "downloads = downloads + ?3 WHERE id = ?1"));
  for (const auto& u : usage) {
    add.Reset();
    add.BindText(1, u.dataset_id);
    add.BindInt(2, u.reads);
    add.BindInt(3, u.downloads);
    YG_RETURN_IF_ERROR(add.Run());
  }
  return tx.Commit();
}

}  // namespace yungu::storage::sqlite
