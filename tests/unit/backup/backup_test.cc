// The backup module in process, on the embedded store: manifests, the copy
// of a data directory, verification of damaged backups and restores.
#include "yungu/backup/backup.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "yungu/audit/open_audit_log.h"
#include "yungu/storage/identity_store.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::backup {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() {
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu_backup_XXXXXX").string();
    EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

model::FieldDef Field(const std::string& name, ColumnType type) {
  model::FieldDef f;
  f.name = name;
  f.title = name;
  f.type = type;
  return f;
}

// A small hub: two datasets (one with two versions), a user, an audit log
// with a signed head, keys and other files, and what a backup leaves out.
void MakeHub(const fs::path& data) {
  auto store = storage::OpenSqliteStore(data);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  model::Department dept;
  dept.code = "D1";
  dept.name = "测试局";
  ASSERT_TRUE((*store)->PutDepartment(dept).ok());
  for (const char* id : {"alpha", "beta"}) {
    model::DatasetMeta m;
    m.id = id;
    m.name = id;
    m.department = "D1";
    m.publish_date = "2024-01-01";
    m.fields = {Field("n", ColumnType::kInteger), Field("s", ColumnType::kText)};
    ASSERT_TRUE((*store)->CreateDataset(m).ok());
  }
  for (int version = 0; version < 3; ++version) {
    storage::VersionSpec spec;
    spec.dataset_id = version < 2 ? "alpha" : "beta";
    spec.fields = {Field("n", ColumnType::kInteger), Field("s", ColumnType::kText)};
    spec.source = "test";
    auto writer = (*store)->BeginVersion(spec);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 0; i < 10 + version * 7; ++i) {
      ASSERT_TRUE((*writer)->Append(Row{Value(int64_t{i}), Value(std::string("行") + std::to_string(i))}).ok());
    }
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  storage::UserRecord user;
  user.id = "u1";
  user.username = "someone";
  user.roles = 1;
  user.password_hash = "x";
  user.created_at = user.updated_at = "2024-01-01T00:00:00Z";
  ASSERT_TRUE((*store)->identity().CreateUser(user).ok());

  auto log = audit::OpenAuditLog(data);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  for (int i = 0; i < 37; ++i) {
    audit::AuditEvent e;
    e.category = "read";
    e.action = "dataset.query";
    e.dataset_id = "alpha";
    e.rows = i;
    ASSERT_TRUE((*log)->Append(std::move(e)).ok());
  }
  ASSERT_TRUE((*log)->Close().ok());  // signs a head over all 37

  Write(data / "demo-source" / "catalog.json", "{}\n");
  Write(data / "demo-source" / "nested" / "b.csv", "a,b\n1,2\n");
  ::chmod((data / "demo-source" / "nested").c_str(), 0750);
  Write(data / "spool" / "upload-1.tmp", "half an upload");
  Write(data / "audit.lock", "");
}

Result<BackupResult> Backup(const fs::path& data, const fs::path& out) {
  BackupOptions o;
  o.data_dir = data;
  o.out_dir = out;
  o.yungu_version = "test";
  return CreateBackup(o);
}

std::set<std::string> Paths(const Manifest& m) {
  std::set<std::string> out;
  for (const auto& f : m.files) out.insert(f.path);
  return out;
}

TEST(BackupModule, CopiesTheHubAndRecordsItsFigures) {
  Scratch s;
  MakeHub(s.path() / "data");
  auto b = Backup(s.path() / "data", s.path() / "b");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const Manifest& m = b->manifest;
  EXPECT_EQ(m.backend, "sqlite");
  EXPECT_EQ(m.figures.datasets, 2);
  EXPECT_EQ(m.figures.versions, 3);
  EXPECT_EQ(m.figures.users, 1);
  EXPECT_EQ(m.figures.current_rows, 17 + 24);
  ASSERT_EQ(m.figures.per_dataset.size(), 2u);
  EXPECT_EQ(m.figures.per_dataset[0], (DatasetFigures{"alpha", 2, 17}));
  EXPECT_EQ(m.figures.audit.size, 37);
  ASSERT_TRUE(m.figures.audit.latest_head.has_value());
  EXPECT_EQ(m.figures.audit.latest_head->size, 37);
  EXPECT_EQ(m.figures.audit.latest_head->root, m.figures.audit.root);
  EXPECT_EQ(m.figures.audit.root.size(), 64u);
  EXPECT_GE(m.schema_versions.at("hub"), 1);
  EXPECT_GE(m.schema_versions.at("audit"), 1);
  std::set<std::string> paths = Paths(m);
  for (const char* p : {"database/yungu.db", "database/audit.db", "files/keys/audit_ed25519.key",
                        "files/keys/audit_ed25519.pub", "files/demo-source/catalog.json",
                        "files/demo-source/nested/b.csv"}) {
    EXPECT_TRUE(paths.count(p)) << p;
  }
  for (const auto& p : paths) {
    EXPECT_EQ(p.find("spool"), std::string::npos) << p;
    EXPECT_EQ(p.find("audit.lock"), std::string::npos) << p;
  }
  // The copies are single files; the manifest reads back the same.
  EXPECT_FALSE(fs::exists(s.path() / "b" / "database" / "yungu.db-wal"));
  auto again = ReadManifest(s.path() / "b");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(ManifestToJson(*again), ManifestToJson(m));
  struct stat st {};
  ASSERT_EQ(::stat((s.path() / "b" / "files" / "keys" / "audit_ed25519.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((s.path() / "b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u) << "a backup holds secret keys";

  // A second backup into a used directory is refused; inside the data directory too.
  auto twice = Backup(s.path() / "data", s.path() / "b");
  EXPECT_EQ(twice.status().error_code(), "backup.target_not_empty");
  auto inside = Backup(s.path() / "data", s.path() / "data" / "backups" / "x");
  EXPECT_EQ(inside.status().error_code(), "backup.bad_target");
  auto no_hub = Backup(s.path() / "nothing", s.path() / "c");
  EXPECT_EQ(no_hub.status().error_code(), "backup.no_hub");
  EXPECT_FALSE(fs::exists(s.path() / "c"));
}

TEST(BackupModule, VerifyNamesEveryProblem) {
  Scratch s;
  MakeHub(s.path() / "data");
  ASSERT_TRUE(Backup(s.path() / "data", s.path() / "b").ok());
  auto sound = VerifyBackup(s.path() / "b");
  ASSERT_TRUE(sound.ok()) << sound.status().ToString();
  EXPECT_TRUE(sound->ok()) << sound->ToStatus().ToString();
  EXPECT_GE(sound->files_checked, 6);

  fs::path b = s.path() / "b";
  std::string catalog = Read(b / "files" / "demo-source" / "catalog.json");
  Write(b / "files" / "demo-source" / "catalog.json", "[]\n");  // same size, other bytes
  fs::remove(b / "files" / "demo-source" / "nested" / "b.csv");
  Write(b / "files" / "extra.txt", "x");
  auto damaged = VerifyBackup(b);
  ASSERT_TRUE(damaged.ok());
  EXPECT_FALSE(damaged->ok());
  std::map<std::string, std::string> problems;
  for (const auto& p : damaged->problems) problems[p.path] = p.code;
  EXPECT_EQ(problems["files/demo-source/catalog.json"], "backup.checksum_mismatch");
  EXPECT_EQ(problems["files/demo-source/nested/b.csv"], "backup.missing_file");
  EXPECT_EQ(problems["files/extra.txt"], "backup.extra_file");
  EXPECT_EQ(damaged->problems.size(), 3u);
  Status st = damaged->ToStatus();
  EXPECT_EQ(st.code(), Code::kCorruption);
  EXPECT_NE(st.message().find("files/extra.txt"), std::string::npos);
}

TEST(BackupModule, VerifyRecomputesTheAuditFiguresFromTheCopy) {
  Scratch s;
  MakeHub(s.path() / "data");
  ASSERT_TRUE(Backup(s.path() / "data", s.path() / "b").ok());
  // Someone edits the manifest's root and fixes nothing else: the copy says otherwise.
  auto m = ReadManifest(s.path() / "b");
  ASSERT_TRUE(m.ok());
  m->figures.audit.root = std::string(64, '0');
  m->figures.users = 5;
  ASSERT_TRUE(WriteManifest(s.path() / "b", *m).ok());
  auto r = VerifyBackup(s.path() / "b");
  ASSERT_TRUE(r.ok());
  std::vector<std::string> details;
  for (const auto& p : r->problems) {
    EXPECT_EQ(p.code, "backup.figures_mismatch") << p.detail;
    details.push_back(p.detail);
  }
  ASSERT_EQ(details.size(), 2u);
}

TEST(BackupModule, VerifyReportsAnUnreadableManifest) {
  Scratch s;
  fs::create_directories(s.path() / "b");
  auto none = VerifyBackup(s.path() / "b");
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->problems.size(), 1u);
  EXPECT_EQ(none->problems[0].code, "backup.no_manifest");
  Write(s.path() / "b" / "manifest.json", "{\"format\": \"yungu-backup\", \"format_version\": 1}");
  auto bad = VerifyBackup(s.path() / "b");
  ASSERT_TRUE(bad.ok());
  ASSERT_EQ(bad->problems.size(), 1u);
  EXPECT_EQ(bad->problems[0].code, "backup.bad_manifest");
  EXPECT_EQ(VerifyBackup(s.path() / "missing").status().error_code(), "backup.not_found");
}

TEST(BackupModule, RestoresIntoANewDirectoryOnly) {
  Scratch s;
  MakeHub(s.path() / "data");
  auto b = Backup(s.path() / "data", s.path() / "b");
  ASSERT_TRUE(b.ok());
  RestoreOptions o;
  o.backup_dir = s.path() / "b";
  o.data_dir = s.path() / "restored";
  std::vector<std::string> steps;
  o.on_step = [&](const StepTime& t) { steps.push_back(t.name); };
  auto r = RestoreBackup(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(CompareFigures(b->manifest.figures, r->found).empty());
  EXPECT_GE(steps.size(), 4u);
  EXPECT_EQ(Read(s.path() / "restored" / "demo-source" / "nested" / "b.csv"), "a,b\n1,2\n");
  EXPECT_EQ(Read(s.path() / "restored" / "keys" / "audit_ed25519.key"),
            Read(s.path() / "data" / "keys" / "audit_ed25519.key"));
  EXPECT_FALSE(fs::exists(s.path() / "restored" / "spool" / "upload-1.tmp"));
  for (const char* dir : {"keys", "demo-source", "demo-source/nested"}) {
    struct stat from {}, to {};
    ASSERT_EQ(::stat((s.path() / "data" / dir).c_str(), &from), 0);
    ASSERT_EQ(::stat((s.path() / "restored" / dir).c_str(), &to), 0);
    EXPECT_EQ(to.st_mode & 0777, from.st_mode & 0777) << dir;
  }
  auto store = storage::OpenSqliteStore(s.path() / "restored");
  ASSERT_TRUE(store.ok());
  auto alpha = (*store)->GetDataset("alpha");
  ASSERT_TRUE(alpha.ok());
  EXPECT_EQ(alpha->row_count, 17);
  store->reset();

  // Refusals leave nothing behind.
  auto again = RestoreBackup(o);
  EXPECT_EQ(again.status().error_code(), "backup.target_not_empty");
  o.data_dir = s.path() / "busy";
  Write(o.data_dir / "something", "x");
  EXPECT_EQ(RestoreBackup(o).status().error_code(), "backup.target_not_empty");
  o.data_dir = s.path() / "elsewhere";
  o.store_url = "postgresql://nobody@127.0.0.1:1/none";
  EXPECT_EQ(RestoreBackup(o).status().error_code(), "backup.backend_mismatch");
  o.store_url.clear();
  Write(s.path() / "b" / "files" / "keys" / "audit_ed25519.pub", "tampered\n");
  auto damaged = RestoreBackup(o);
  EXPECT_EQ(damaged.status().error_code(), "backup.checksum_mismatch");
  EXPECT_FALSE(fs::exists(o.data_dir));
  for (const auto& e : fs::directory_iterator(s.path())) {
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
  }
}

TEST(BackupModule, ManifestRejectsUnsafePaths) {
  Manifest m;
  m.backend = "sqlite";
  m.files.push_back(FileEntry{"files/../../etc/passwd", 1, std::string(64, 'a'), 0600, FileRole::kData});
  auto r = ManifestFromJson(ManifestToJson(m));
  EXPECT_EQ(r.status().error_code(), "backup.bad_manifest");
  m.files[0].path = "database/yungu.db";
  EXPECT_EQ(ManifestFromJson(ManifestToJson(m)).status().error_code(), "backup.bad_manifest");  // data outside files/
  m.files[0].role = FileRole::kDatabase;
  EXPECT_TRUE(ManifestFromJson(ManifestToJson(m)).ok());
}

}  // namespace
}  // namespace yungu::backup
