// A cleaned remote package as this catalog's dataset, with its provenance.
#include "harvest/harvester.h"
#include "yungu/ckan/ckan.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

// ckan.field.<name> errors name the package key that was refused.
Status WithField(const Status& status) {
  const std::string& code = status.error_code();
  if (code.rfind(ckan::kFieldErrorPrefix, 0) != 0) return status;
  return status.WithContext(code.substr(ckan::kFieldErrorPrefix.size()));
}

void KeepLinkIds(model::DatasetMeta& meta, const model::DatasetMeta& existing) {
  std::set<std::string> used;
  for (auto& link : meta.links) {
    for (const auto& old : existing.links) {
      if (old.url == link.url && !used.count(old.id)) {
        link.id = old.id;
        link.created_at = old.created_at;
        used.insert(old.id);
        break;
      }
    }
  }
}

}  // namespace

Result<model::DatasetMeta> MapPackage(json package, const std::string& department, const std::string& source,
                                      const RemoteDataset& remote, const model::DatasetMeta* existing) {
  package["owner_org"] = department;
  json& extras = package["extras"];
  if (!extras.is_array()) extras = json::array();
  extras.push_back({{"key", kSourceKey}, {"value", source}});
  extras.push_back({{"key", kRemoteIdKey}, {"value", remote.remote_id}});
  extras.push_back({{"key", kRemoteModifiedKey}, {"value", remote.modified}});
  // Mapped afresh, as the source has it now; only what the source never
  // holds carries over from the local copy.
  auto mapped = ckan::DatasetFromPackage(package, nullptr);
  if (!mapped.ok()) return WithField(mapped.status());
  model::DatasetMeta meta = std::move(mapped).value();
  if (existing != nullptr) {
    meta.fields = existing->fields;
    meta.k_anonymity = existing->k_anonymity;
    KeepLinkIds(meta, *existing);
  }
  return meta;
}

}  // namespace yungu::harvest
