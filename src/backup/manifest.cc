// manifest.json: reading, writing and comparing the figures it records.
#include "yungu/backup/manifest.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "backup/file_copy.h"

namespace yungu::backup {

using nlohmann::json;

std::string_view FileRoleName(FileRole role) {
  switch (role) {
    case FileRole::kData: return "data";
    case FileRole::kDatabase: return "database";
    case FileRole::kAuditDatabase: return "audit_database";
    case FileRole::kDump: return "dump";
  }
  return "data";
}

namespace {

std::optional<FileRole> ParseFileRole(std::string_view name) {
  for (FileRole r : {FileRole::kData, FileRole::kDatabase, FileRole::kAuditDatabase, FileRole::kDump}) {
    if (FileRoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string ModeText(uint32_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
  return buf;
}

json HeadJson(const std::optional<TreeHeadFigures>& head) {
  if (!head) return nullptr;
  return {{"id", head->id},
          {"size", head->size},
          {"timestamp_us", head->timestamp_us},
          {"root", head->root},
          {"signature", head->signature}};
}

Status Bad(const std::string& what) {
  return InvalidArgument("backup.bad_manifest", "the manifest is not valid: " + what);
}

// Typed access to a JSON object's members with the manifest's error.
template <typename T>
Status Get(const json& obj, const char* key, T& out) {
  if (!obj.is_object() || !obj.contains(key)) return Bad(std::string("'") + key + "' is missing");
  try {
    out = obj.at(key).get<T>();
  } catch (const json::exception&) {
    return Bad(std::string("'") + key + "' has the wrong type");
  }
  return Status::Ok();
}

Result<std::optional<TreeHeadFigures>> HeadFromJson(const json& j) {
  if (j.is_null()) return std::optional<TreeHeadFigures>();
  TreeHeadFigures h;
  YG_RETURN_IF_ERROR(Get(j, "id", h.id));
  YG_RETURN_IF_ERROR(Get(j, "size", h.size));
  YG_RETURN_IF_ERROR(Get(j, "timestamp_us", h.timestamp_us));
  YG_RETURN_IF_ERROR(Get(j, "root", h.root));
  YG_RETURN_IF_ERROR(Get(j, "signature", h.signature));
  return std::optional<TreeHeadFigures>(h);
}

bool SafeRelativePath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  std::filesystem::path p(path);
  for (const auto& part : p) {
    if (part == ".." || part == "." || part.empty()) return false;
  }
  return true;
}

std::string HeadText(const std::optional<TreeHeadFigures>& h) {
  if (!h) return "none";
  return "id " + std::to_string(h->id) + ", size " + std::to_string(h->size) + ", root " + h->root;
}

}  // namespace

json ManifestToJson(const Manifest& m) {
  json files = json::array();
  for (const auto& f : m.files) {
    files.push_back({{"path", f.path},
                     {"size", f.size},
                     {"sha256", f.sha256},
                     {"mode", ModeText(f.mode)},
                     {"role", std::string(FileRoleName(f.role))}});
  }
  json datasets = json::array();
  for (const auto& d : m.figures.per_dataset) {
    datasets.push_back({{"id", d.id}, {"current_version", d.current_version}, {"rows", d.rows}});
  }
  json schema = json::object();
  for (const auto& [component, version] : m.schema_versions) schema[component] = version;
  json out = {
      {"format", "yungu-backup"},
      {"format_version", m.format_version},
      {"yungu_version", m.yungu_version},
      {"created_at", m.created_at},
      {"backend", m.backend},
      {"schema_versions", schema},
      {"source", {{"data_dir", m.source_data_dir}, {"store", m.source_store}}},
      {"figures",
       {{"datasets", m.figures.datasets},
        {"versions", m.figures.versions},
        {"users", m.figures.users},
        {"current_rows", m.figures.current_rows},
        {"per_dataset", datasets},
        {"audit",
         {{"size", m.figures.audit.size},
          {"root", m.figures.audit.root},
          {"latest_tree_head", HeadJson(m.figures.audit.latest_head)}}}}},
      {"files", files},
  };
  if (!m.pg_dump_version.empty()) out["pg_dump_version"] = m.pg_dump_version;
  return out;
}

Result<Manifest> ManifestFromJson(const json& j) {
  if (!j.is_object()) return Bad("not a JSON object");
  std::string format;
  YG_RETURN_IF_ERROR(Get(j, "format", format));
  if (format != "yungu-backup") return Bad("'format' is not yungu-backup");
  Manifest m;
  YG_RETURN_IF_ERROR(Get(j, "format_version", m.format_version));
  if (m.format_version != kManifestFormatVersion) {
    return Unsupported("backup.unsupported_format", "the backup's format version " +
                                                        std::to_string(m.format_version) +
                                                        " is not one this Yungu reads (" +
                                                        std::to_string(kManifestFormatVersion) + ")");
  }
  YG_RETURN_IF_ERROR(Get(j, "yungu_version", m.yungu_version));
  YG_RETURN_IF_ERROR(Get(j, "created_at", m.created_at));
  YG_RETURN_IF_ERROR(Get(j, "backend", m.backend));
  if (m.backend != kBackendSqlite && m.backend != kBackendPostgres) return Bad("unknown backend '" + m.backend + "'");
  YG_RETURN_IF_ERROR(Get(j, "schema_versions", m.schema_versions));
  if (j.contains("source") && j["source"].is_object()) {
    m.source_data_dir = j["source"].value("data_dir", "");
    m.source_store = j["source"].value("store", "");
  }
  m.pg_dump_version = j.value("pg_dump_version", "");

  json figures;
  YG_RETURN_IF_ERROR(Get(j, "figures", figures));
  Figures& f = m.figures;
  YG_RETURN_IF_ERROR(Get(figures, "datasets", f.datasets));
  YG_RETURN_IF_ERROR(Get(figures, "versions", f.versions));
  YG_RETURN_IF_ERROR(Get(figures, "users", f.users));
  YG_RETURN_IF_ERROR(Get(figures, "current_rows", f.current_rows));
  json datasets;
  YG_RETURN_IF_ERROR(Get(figures, "per_dataset", datasets));
  if (!datasets.is_array()) return Bad("'per_dataset' is not an array");
  for (const auto& d : datasets) {
    DatasetFigures df;
    YG_RETURN_IF_ERROR(Get(d, "id", df.id));
    YG_RETURN_IF_ERROR(Get(d, "current_version", df.current_version));
    YG_RETURN_IF_ERROR(Get(d, "rows", df.rows));
    f.per_dataset.push_back(std::move(df));
  }
  json audit;
  YG_RETURN_IF_ERROR(Get(figures, "audit", audit));
  YG_RETURN_IF_ERROR(Get(audit, "size", f.audit.size));
  YG_RETURN_IF_ERROR(Get(audit, "root", f.audit.root));
  if (!audit.contains("latest_tree_head")) return Bad("'latest_tree_head' is missing");
  YG_ASSIGN_OR_RETURN(f.audit.latest_head, HeadFromJson(audit["latest_tree_head"]));

  json files;
  YG_RETURN_IF_ERROR(Get(j, "files", files));
  if (!files.is_array()) return Bad("'files' is not an array");
  for (const auto& e : files) {
    FileEntry fe;
    std::string mode, role;
    YG_RETURN_IF_ERROR(Get(e, "path", fe.path));
    YG_RETURN_IF_ERROR(Get(e, "size", fe.size));
    YG_RETURN_IF_ERROR(Get(e, "sha256", fe.sha256));
    YG_RETURN_IF_ERROR(Get(e, "mode", mode));
    YG_RETURN_IF_ERROR(Get(e, "role", role));
    if (!SafeRelativePath(fe.path) || fe.path == kManifestFile) return Bad("file path '" + fe.path + "' is not allowed");
    auto r = ParseFileRole(role);
    if (!r) return Bad("file '" + fe.path + "' has an unknown role '" + role + "'");
    fe.role = *r;
    if (fe.role == FileRole::kData && fe.path.rfind("files/", 0) != 0) {
      return Bad("data file '" + fe.path + "' is not under files/");
    }
    try {
      fe.mode = static_cast<uint32_t>(std::stoul(mode, nullptr, 8)) & 07777;
    } catch (const std::exception&) {
      return Bad("file '" + fe.path + "' has a bad mode '" + mode + "'");
    }
    if (fe.size < 0 || fe.sha256.size() != 64) return Bad("file '" + fe.path + "' has a bad size or checksum");
    m.files.push_back(std::move(fe));
  }
  return m;
}

Result<Manifest> ReadManifest(const std::filesystem::path& backup_dir) {
  std::filesystem::path path = backup_dir / kManifestFile;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("backup.no_manifest", path.string() + " is missing: not a Yungu backup, or an incomplete one");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("backup.read_failed", "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) return Bad(path.string() + " is not JSON");
  return ManifestFromJson(j);
}

Status WriteManifest(const std::filesystem::path& backup_dir, const Manifest& manifest) {
  return WriteFileDurably(backup_dir / kManifestFile, ManifestToJson(manifest).dump(2) + "\n", 0600);
}

std::vector<std::string> CompareFigures(const Figures& expected, const Figures& found, bool audit) {
  std::vector<std::string> out;
  auto number = [&](const char* what, int64_t e, int64_t f) {
    if (e != f) out.push_back(std::string(what) + ": expected " + std::to_string(e) + ", found " + std::to_string(f));
  };
  number("datasets", expected.datasets, found.datasets);
  number("versions", expected.versions, found.versions);
  number("users", expected.users, found.users);
  number("rows of current versions", expected.current_rows, found.current_rows);
  std::map<std::string, DatasetFigures> found_by_id;
  for (const auto& d : found.per_dataset) found_by_id[d.id] = d;
  for (const auto& d : expected.per_dataset) {
    auto it = found_by_id.find(d.id);
    if (it == found_by_id.end()) {
      out.push_back("dataset " + d.id + ": missing");
      continue;
    }
    if (it->second.current_version != d.current_version || it->second.rows != d.rows) {
      out.push_back("dataset " + d.id + ": expected version " + std::to_string(d.current_version) + " with " +
                    std::to_string(d.rows) + " rows, found version " + std::to_string(it->second.current_version) +
                    " with " + std::to_string(it->second.rows));
    }
    found_by_id.erase(it);
  }
  for (const auto& [id, d] : found_by_id) out.push_back("dataset " + id + ": not in the backup");
  if (audit) {
    number("audit log entries", expected.audit.size, found.audit.size);
    if (expected.audit.root != found.audit.root) {
      out.push_back("audit log root: expected " + expected.audit.root + ", found " + found.audit.root);
    }
    if (expected.audit.latest_head != found.audit.latest_head) {
      out.push_back("latest signed tree head: expected " + HeadText(expected.audit.latest_head) + ", found " +
                    HeadText(found.audit.latest_head));
    }
  }
  return out;
}

}  // namespace yungu::backup
