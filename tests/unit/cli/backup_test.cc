// Disaster recovery end to end, on the backend of the pass (SQLite, or
// PostgreSQL under YUNGU_TEST_STORE=postgres): `yungu backup` while a
// server keeps writing, `yungu backup verify` on the backup and on a damaged
// copy, `yungu restore` into a new data directory (and database), and a
// server on the restored hub that holds what the backup's manifest says.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "unit/server/test_server.h"
#include "yungu/audit/merkle.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

json Parse(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << text.substr(0, 1000);
  return j;
}

std::string Show(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

std::string Show(const HttpResponse& r) {
  return std::to_string(r.status) + (r.error.empty() ? "" : " [" + r.error + "]") + " " + r.body.substr(0, 1500);
}

std::string HexOfBase64(const std::string& b64) {
  auto bytes = audit::FromBase64(b64);
  EXPECT_TRUE(bytes.has_value()) << b64;
  return bytes ? audit::ToHex(std::string_view(*bytes)) : "";
}

// id -> row count of every dataset the token's holder sees.
std::map<std::string, int64_t> DatasetRows(const TestServer& server, const std::string& token) {
  HttpResponse r = server.GetAs(token, "/api/v1/datasets?limit=100&sort=name");
  EXPECT_EQ(r.status, 200) << Show(r);
  std::map<std::string, int64_t> out;
  json page = Parse(r.body);
  for (const auto& d : page["datasets"]) out[d["id"].get<std::string>()] = d["row_count"].get<int64_t>();
  EXPECT_EQ(static_cast<int64_t>(out.size()), page["total"].get<int64_t>()) << "more than one page of datasets";
  return out;
}

std::set<std::string> Usernames(const TestServer& server, const std::string& token) {
  HttpResponse r = server.GetAs(token, "/api/v1/users");
  EXPECT_EQ(r.status, 200) << Show(r);
  std::set<std::string> out;
  for (const auto& u : Parse(r.body)["users"]) out.insert(u["username"].get<std::string>());
  return out;
}

const char* kQuery =
    "/api/v1/datasets/enterprise-registry/query?limit=20&sort=-registered_capital&total=true&"
    "fields=uscc,name,district,registered_capital";

// The answer of the test query: {"dataset", "version", "fields", "records", "count", "total", ...}.
json QueryAnswer(const TestServer& server, const std::string& token) {
  HttpResponse r = server.GetAs(token, kQuery);
  EXPECT_EQ(r.status, 200) << Show(r);
  json j = Parse(r.body);
  EXPECT_EQ(j["records"].size(), 20u) << r.body.substr(0, 500);
  return j;
}

void FlipByte(const fs::path& path) {
  std::string bytes = ReadFileBytes(path);
  ASSERT_FALSE(bytes.empty()) << path;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
  WriteFileBytes(path, bytes);
}

class Backup : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = scratch_.path() / "yungu.toml";
    // A signed tree head every second, so the backup has a recent one.
    WriteFileBytes(config_, "[audit]\nsign_interval_seconds = 1\n");
    TestServer::Options options = TestServer::Options::Demo();
    options.extra_args = {"--config", config_.string()};
    server_ = std::make_unique<TestServer>(options);
    ASSERT_TRUE(server_->ok());
    token_ = server_->admin_token();
    HttpResponse dept = server_->PostJson("/api/v1/departments", R"({"code": "BAK", "name": "备份测试局"})");
    ASSERT_TRUE(dept.status == 201 || dept.status == 409) << Show(dept);
    HttpResponse ds = server_->PostJson("/api/v1/datasets", R"({
        "id": "backup-sample", "name": "备份样例", "department": "BAK",
        "sharing_type": "unconditional", "opening_type": "unconditional",
        "fields": [{"name": "code", "title": "编码", "type": "text"},
                   {"name": "amount", "title": "数量", "type": "integer"}]})");
    ASSERT_EQ(ds.status, 201) << Show(ds);
    int status = 0;
    for (int attempt = 0; attempt < 5 && status != 201; ++attempt) status = Upload(0).status;
    ASSERT_EQ(status, 201);
  }

  // Five new rows: a new version of backup-sample. The server may answer
  // 503 storage.busy now and then under this load (without any backup
  // running too); such an upload wrote nothing.
  HttpResponse Upload(int round) {
    std::string csv = "code,amount\n";
    for (int i = 0; i < 5; ++i) csv += "R" + std::to_string(round) + "-" + std::to_string(i) + "," + std::to_string(i) + "\n";
    HttpResponse r = server_->Post("/api/v1/datasets/backup-sample/ingest?mode=append", csv, "text/csv");
    EXPECT_TRUE(r.status == 201 || r.status == 503) << Show(r);
    return r;
  }

  fs::path Dir(const std::string& name) { return scratch_.path() / name; }

  TempDir scratch_{"yungu_backup"};
  fs::path config_;
  std::unique_ptr<TestServer> server_;
  std::string token_;
};

TEST_F(Backup, OnlineBackupVerifiesAndRestoresToTheBackupsMoment) {
  const std::string backend = OnPostgres() ? "postgresql" : "sqlite";
  auto rows_before = DatasetRows(*server_, token_);
  auto users_before = Usernames(*server_, token_);
  json answer_before = QueryAnswer(*server_, token_);
  ASSERT_GT(rows_before.size(), 5u);

  // Writers: new versions through the API, and traced queries.
  std::atomic<bool> stop{false};
  std::atomic<int> uploads{0}, queries{0};
  std::thread writer([&] {
    for (int round = 1; !stop; ++round) {
      if (Upload(round).status == 201) ++uploads;
    }
  });
  std::thread reader([&] {
    while (!stop) {
      if (server_->GetAs(token_, kQuery).status == 200) ++queries;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  int uploads_at_start = uploads;
  fs::path backup_dir = Dir("backup");
  ProcessResult b = RunYungu({"backup", "--data", server_->data_dir().string(), "--out", backup_dir.string()});
  int uploads_at_end = uploads;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  writer.join();
  reader.join();
  ASSERT_EQ(b.exit_code, 0) << Show(b);
  // The writer never pauses, so an upload was in flight while the backup ran.
  EXPECT_GT(uploads.load(), uploads_at_start) << "versions were written around the backup";
  EXPECT_GT(uploads_at_start, 0);
  EXPECT_GT(queries.load(), 0);
  EXPECT_NE(b.out.find("backup written"), std::string::npos) << b.out;
  EXPECT_NE(b.out.find(" s  "), std::string::npos) << "each step's time is printed: " << b.out;

  json manifest = Parse(ReadFileBytes(backup_dir / "manifest.json"));
  EXPECT_EQ(manifest["backend"], backend);
  EXPECT_EQ(manifest["format_version"], 1);
  const json& figures = manifest["figures"];
  std::map<std::string, json> files;
  for (const auto& f : manifest["files"]) files[f["path"].get<std::string>()] = f;
  EXPECT_TRUE(files.count("files/keys/audit_ed25519.key")) << manifest["files"].dump();
  EXPECT_EQ(files["files/keys/audit_ed25519.key"]["mode"], "0600");
  if (OnPostgres()) {
    EXPECT_TRUE(files.count("database/hub.dump"));
  } else {
    EXPECT_TRUE(files.count("database/yungu.db"));
    EXPECT_TRUE(files.count("database/audit.db"));
  }
  for (const auto& [path, f] : files) {
    EXPECT_EQ(path.find("spool"), std::string::npos) << path;
    EXPECT_EQ(path.find("audit.lock"), std::string::npos) << path;
    EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(figures["datasets"].get<int64_t>(), static_cast<int64_t>(rows_before.size()));
  EXPECT_EQ(figures["per_dataset"].size(), rows_before.size());
  EXPECT_GT(figures["audit"]["size"].get<int64_t>(), 0);
  ASSERT_TRUE(figures["audit"]["latest_tree_head"].is_object()) << figures.dump();
  EXPECT_LE(figures["audit"]["latest_tree_head"]["size"].get<int64_t>(), figures["audit"]["size"].get<int64_t>());
  std::map<std::string, int64_t> manifest_rows;
  int64_t sum = 0;
  for (const auto& d : figures["per_dataset"]) {
    manifest_rows[d["id"].get<std::string>()] = d["rows"].get<int64_t>();
    sum += d["rows"].get<int64_t>();
  }
  EXPECT_EQ(figures["current_rows"].get<int64_t>(), sum);
  // The datasets nobody wrote to are as they were; the one being written
  // holds some whole version (five rows per upload).
  for (const auto& [id, rows] : rows_before) {
    if (id == "backup-sample") continue;
    EXPECT_EQ(manifest_rows[id], rows) << id;
  }
  int64_t sample_rows = manifest_rows["backup-sample"];
  EXPECT_EQ(sample_rows % 5, 0);
  EXPECT_GE(sample_rows, 5 * (1 + uploads_at_start));
  EXPECT_LE(sample_rows, 5 * (1 + uploads_at_end + 1));

  // verify: sound.
  ProcessResult v = RunYungu({"backup", "verify", backup_dir.string()});
  EXPECT_EQ(v.exit_code, 0) << Show(v);
  EXPECT_NE(v.out.find("OK " + backend + " backup"), std::string::npos) << v.out;
  ProcessResult vj = RunYungu({"backup", "verify", backup_dir.string(), "--json"});
  ASSERT_EQ(vj.exit_code, 0) << Show(vj);
  json report = Parse(vj.out);
  EXPECT_EQ(report["ok"], true);
  EXPECT_EQ(report["files_checked"].get<size_t>(), files.size());

  // A damaged copy: one file changed, one missing, one added.
  fs::path damaged = Dir("damaged");
  fs::copy(backup_dir, damaged, fs::copy_options::recursive);
  const std::string changed = "files/keys/audit_ed25519.pub";
  const std::string removed = OnPostgres() ? "database/hub.dump" : "database/audit.db";
  FlipByte(damaged / changed);
  fs::remove(damaged / removed);
  WriteFileBytes(damaged / "files" / "stray.txt", "not from the hub\n");
  ProcessResult dv = RunYungu({"backup", "verify", damaged.string(), "--json"});
  EXPECT_EQ(dv.exit_code, 3) << Show(dv);
  json bad = Parse(dv.out);
  EXPECT_EQ(bad["ok"], false);
  std::map<std::string, std::string> problems;
  for (const auto& p : bad["problems"]) problems[p["path"].get<std::string>()] = p["code"].get<std::string>();
  EXPECT_EQ(problems[changed], "backup.checksum_mismatch") << bad.dump(2);
  EXPECT_EQ(problems[removed], "backup.missing_file") << bad.dump(2);
  EXPECT_EQ(problems["files/stray.txt"], "backup.extra_file") << bad.dump(2);
  ProcessResult dv_text = RunYungu({"backup", "verify", damaged.string()});
  EXPECT_EQ(dv_text.exit_code, 3);
  EXPECT_NE(dv_text.out.find("FAIL backup.checksum_mismatch " + changed), std::string::npos) << dv_text.out;
  // A damaged backup is never restored.
  fs::path from_damaged = Dir("from-damaged");
  ProcessResult dr = RunYungu({"restore", damaged.string(), "--data", from_damaged.string()});
  EXPECT_EQ(dr.exit_code, 3) << Show(dr);
  EXPECT_NE(dr.err.find("backup.checksum_mismatch " + changed), std::string::npos) << dr.err;
  EXPECT_FALSE(fs::exists(from_damaged));

  // Restore into a new data directory (on PostgreSQL: and its new, empty database).
  fs::path restored = Dir("restored");
  ProcessResult r = RunYungu({"restore", backup_dir.string(), "--data", restored.string()});
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_NE(r.out.find("OK the restored hub matches"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" s  "), std::string::npos) << r.out;
  EXPECT_EQ(fs::exists(restored / "yungu.db"), !OnPostgres());
  EXPECT_TRUE(fs::exists(restored / "keys" / "audit_ed25519.key"));
  EXPECT_EQ(fs::status(restored / "keys" / "audit_ed25519.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  for (const auto& entry : fs::directory_iterator(scratch_.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << "leftover " << entry.path();
  }

  // Refusals: a target that holds a hub, a non-empty directory, a database
  // with tables, the other backend.
  ProcessResult again = RunYungu({"restore", backup_dir.string(), "--data", restored.string()});
  EXPECT_EQ(again.exit_code, 3) << Show(again);
  EXPECT_NE(again.err.find("[backup.target_not_empty]"), std::string::npos) << again.err;
  ProcessResult onto_live = RunYungu({"restore", backup_dir.string(), "--data", server_->data_dir().string()});
  EXPECT_EQ(onto_live.exit_code, 3) << Show(onto_live);
  EXPECT_NE(onto_live.err.find("[backup.target_not_empty]"), std::string::npos) << onto_live.err;
  fs::path other = Dir("other");
  if (OnPostgres()) {
    ProcessResult full_db =
        RunYungu({"restore", backup_dir.string(), "--data", other.string(), "--store", PgUrlFor(restored)});
    EXPECT_EQ(full_db.exit_code, 3) << Show(full_db);
    EXPECT_NE(full_db.err.find("[backup.target_not_empty]"), std::string::npos) << full_db.err;
    ProcessResult to_sqlite = RunYungu({"restore", backup_dir.string(), "--data", other.string(), "--store", ""});
    EXPECT_EQ(to_sqlite.exit_code, 3) << Show(to_sqlite);
    EXPECT_NE(to_sqlite.err.find("[backup.backend_mismatch]"), std::string::npos) << to_sqlite.err;
  } else {
    ProcessResult to_pg = RunYungu({"restore", backup_dir.string(), "--data", other.string(), "--store",
                                    "postgresql://nobody@127.0.0.1:1/none"});
    EXPECT_EQ(to_pg.exit_code, 3) << Show(to_pg);
    EXPECT_NE(to_pg.err.find("[backup.backend_mismatch]"), std::string::npos) << to_pg.err;
  }
  EXPECT_FALSE(fs::exists(other));

  // The restored audit log verifies and ends at the manifest's signed head
  // (checked before a server appends to it).
  ProcessResult av = RunYungu({"audit", "verify", "--data", restored.string(), "--json"});
  ASSERT_EQ(av.exit_code, 0) << Show(av);
  json audit_report = Parse(av.out);
  EXPECT_EQ(audit_report["ok"], true);
  EXPECT_EQ(audit_report["entries"], figures["audit"]["size"]);
  ProcessResult head = RunYungu({"audit", "head", "--data", restored.string(), "--json"});
  ASSERT_EQ(head.exit_code, 0) << Show(head);
  json h = Parse(head.out);
  const json& expected_head = figures["audit"]["latest_tree_head"];
  EXPECT_EQ(h["id"], expected_head["id"]);
  EXPECT_EQ(h["tree_size"], expected_head["size"]);
  EXPECT_EQ(HexOfBase64(h["root_hash"]), expected_head["root"]);
  EXPECT_EQ(HexOfBase64(h["signature"]), expected_head["signature"]);
  EXPECT_EQ(h["signature_valid"], true);

  // A server on the restored hub: the backup's moment.
  TestServer::Options options;
  options.data_dir = restored;
  TestServer again_server(options);
  ASSERT_TRUE(again_server.ok());
  auto rows_after = DatasetRows(again_server, token_);  // the harness admin's token was backed up too
  EXPECT_EQ(rows_after, manifest_rows);
  EXPECT_EQ(Usernames(again_server, token_), users_before);
  EXPECT_EQ(QueryAnswer(again_server, token_), answer_before);
  HttpResponse versions = again_server.GetAs(token_, "/api/v1/datasets/backup-sample/versions");
  ASSERT_EQ(versions.status, 200) << Show(versions);
}

}  // namespace
}  // namespace yungu::testing
