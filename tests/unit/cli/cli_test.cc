// The `yungu` command line, run as a real process: exit codes, stdout and
// stderr of each subcommand.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace yungu::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CliRun {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Scratch {
 public:
  Scratch() {
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu_cli_XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path Write(const std::string& name, const std::string& bytes) const {
    fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  fs::path path_;
};

// Runs the real binary with `input` on stdin.
CliRun Yungu(const std::vector<std::string>& args, const std::string& input = "") {
  Scratch io;
  fs::path in = io.Write("stdin", input), out = io.path() / "stdout", err = io.path() / "stderr";
  std::vector<std::string> storage = {YUNGU_BINARY};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  CliRun r;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot run " << YUNGU_BINARY << ": " << std::strerror(rc);
    return r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

std::string Describe(const CliRun& r) { return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err; }

// ---------------------------------------------------------------------------
// Usage

TEST(CliUsage, HelpExitsZeroAndListsTheSubcommands) {
  CliRun r = Yungu({"--help"});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  for (const char* sub : {"serve", "import", "query", "export", "catalog", "demo", "validate"}) {
    EXPECT_NE(r.out.find(sub), std::string::npos) << "--help does not mention " << sub << "\n" << r.out;
  }
}

TEST(CliUsage, VersionFlag) {
  CliRun r = Yungu({"--version"});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_NE(r.out.find("0.1.0"), std::string::npos) << r.out;
}

TEST(CliUsage, UnknownSubcommandExitsTwo) {
  CliRun r = Yungu({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
}

TEST(CliUsage, NoSubcommandExitsTwo) {
  CliRun r = Yungu({});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
}

TEST(CliUsage, BadOptionValueExitsTwo) {
  EXPECT_EQ(Yungu({"validate", "--kind", "passport"}).exit_code, 2);
  EXPECT_EQ(Yungu({"demo", "--scale", "0"}).exit_code, 2);
}

// ---------------------------------------------------------------------------
// validate

// 91350100M000100Y43 checked by hand against GB 32100-2015: the weighted sum
// of the first 17 characters (weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,
// 10,30,28; M=21, Y=30) is 1640 = 31*52 + 28, so the check is 31-28 = 3; the
// embedded organisation code M000100Y-4 checks under GB 11714 (weights
// 3,7,9,10,5,8,4,2; M=22, Y=34: sum 139, 11 - 139 % 11 = 4).
constexpr const char* kValidUscc = "91350100M000100Y43";

TEST(CliValidate, AllValidUsccExitsZero) {
  CliRun r = Yungu({"validate", "--kind", "uscc"}, std::string(kValidUscc) + "\n");
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(r.out, std::string(kValidUscc) + "\tvalid\n");
}

TEST(CliValidate, InvalidUsccLinesExitThree) {
  std::string input = std::string(kValidUscc) + "\n" +
                      "91350100M000100Y44\n"  // wrong check character
                      "9135010\n"             // too short
                      "91350100M000100Y56\n"  // main check fits, the organisation code's does not
                      "91350100M000100YI3\n"  // I is not in the alphabet
                      "  91350100M000100Y43  \r\n";  // spaces and CR are ignored
  CliRun r = Yungu({"validate", "--kind", "uscc"}, input);
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_EQ(r.out,
            "91350100M000100Y43\tvalid\n"
            "91350100M000100Y44\tinvalid:checksum\n"
            "9135010\tinvalid:length\n"
            "91350100M000100Y56\tinvalid:org_code_checksum\n"
            "91350100M000100YI3\tinvalid:charset\n"
            "91350100M000100Y43\tvalid\n");
}

TEST(CliValidate, CitizenIds) {
  CliRun ok = Yungu({"validate", "--kind", "id"}, "11010519491231002X\n");
  EXPECT_EQ(ok.exit_code, 0) << Describe(ok);
  EXPECT_EQ(ok.out, "11010519491231002X\tvalid\n");

  CliRun bad = Yungu({"validate", "--kind", "id"}, "11010519491231002X\n110105194912310021\n11010519491331002X\n");
  EXPECT_EQ(bad.exit_code, 3) << Describe(bad);
  EXPECT_EQ(bad.out,
            "11010519491231002X\tvalid\n"
            "110105194912310021\tinvalid:checksum\n"
            "11010519491331002X\tinvalid:birth_date\n");
}

// ---------------------------------------------------------------------------
// Demo data, catalog, query, export, import

class CliDemo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new Scratch();
    data_ = (scratch_->path() / "data").string();
    CliRun r = Yungu({"demo", "--data", data_, "--scale", "0.02", "-q"});
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    EXPECT_EQ(r.out, "") << "-q prints nothing";
  }
  static void TearDownTestSuite() {
    delete scratch_;
    scratch_ = nullptr;
  }
  static Scratch* scratch_;
  static std::string data_;
};
Scratch* CliDemo::scratch_ = nullptr;
std::string CliDemo::data_;

TEST_F(CliDemo, CatalogListsEveryDemoDataset) {
  CliRun r = Yungu({"catalog", "list", "--data", data_, "--limit", "100"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(r.out.rfind("12 datasets\n", 0), 0u) << r.out;
  for (const char* id : {"enterprise-registry", "air-quality-hourly", "population-sample", "bus-lines", "bus-stops",
                         "medical-institutions", "schools", "daily-weather", "cpi-monthly", "social-security-summary",
                         "social-security-cards", "agricultural-prices"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id << " missing from\n" << r.out;
  }
}

TEST_F(CliDemo, CatalogListJsonAndSearch) {
  CliRun r = Yungu({"catalog", "list", "--data", data_, "--json", "-q", "企业信用"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  json j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  ASSERT_GE(j["total"].get<int>(), 1);
  EXPECT_EQ(j["datasets"][0]["id"], "enterprise-registry");
}

TEST_F(CliDemo, CatalogShow) {
  CliRun r = Yungu({"catalog", "show", "enterprise-registry", "--data", data_});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  json j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["id"], "enterprise-registry");
  EXPECT_EQ(j["department"], "SCJG");
  EXPECT_EQ(j["current_version"], 1);
  EXPECT_GT(j["row_count"].get<int64_t>(), 0);
  EXPECT_FALSE(j["fields"].empty());

  CliRun missing = Yungu({"catalog", "show", "no-such-dataset", "--data", data_});
  EXPECT_EQ(missing.exit_code, 4) << Describe(missing);
  EXPECT_NE(missing.err.find("catalog.dataset_not_found"), std::string::npos) << missing.err;
}

TEST_F(CliDemo, QueryPrintsValidJson) {
  CliRun r = Yungu({"query", "enterprise-registry", "--data", data_, "--limit", "2", "--total"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  json j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["dataset"], "enterprise-registry");
  EXPECT_EQ(j["count"], 2);
  EXPECT_EQ(j["records"].size(), 2u);
  EXPECT_EQ(j["limit"], 2);
  EXPECT_GT(j["total"].get<int64_t>(), 2);
  EXPECT_TRUE(j.contains("next_cursor"));

  CliRun bad = Yungu({"query", "enterprise-registry", "--data", data_, "--fields", "no_such_field"});
  EXPECT_EQ(bad.exit_code, 3) << Describe(bad);
  EXPECT_NE(bad.err.find("query.unknown_field"), std::string::npos) << bad.err;

  CliRun missing = Yungu({"query", "no-such-dataset", "--data", data_});
  EXPECT_EQ(missing.exit_code, 4) << Describe(missing);
}

TEST_F(CliDemo, ExportCsv) {
  CliRun r = Yungu({"export", "cpi-monthly", "--data", data_, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  // One header line (titles) and one line per row.
  CliRun q = Yungu({"query", "cpi-monthly", "--data", data_, "--limit", "0", "--total"});
  ASSERT_EQ(q.exit_code, 0) << Describe(q);
  int64_t total = json::parse(q.out)["total"].get<int64_t>();
  size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_EQ(static_cast<int64_t>(lines), total + 1) << r.out.substr(0, 500);
  EXPECT_NE(r.out.rfind("\xEF\xBB\xBF", 0), 0u) << "no BOM without --bom";

  CliRun bom = Yungu({"export", "cpi-monthly", "--data", data_, "--format", "csv", "--bom", "--limit", "1"});
  ASSERT_EQ(bom.exit_code, 0) << Describe(bom);
  EXPECT_EQ(bom.out.rfind("\xEF\xBB\xBF", 0), 0u);

  CliRun xlsx = Yungu({"export", "cpi-monthly", "--data", data_, "--format", "xlsx"});
  EXPECT_EQ(xlsx.exit_code, 3) << "xlsx needs --output\n" << Describe(xlsx);
}

// Registering and importing from the shell: a dataset with a declared
// integer field, a good file, a bad one, a missing dataset.
TEST(CliImport, ImportExitCodes) {
  Scratch scratch;
  std::string data = (scratch.path() / "data").string();
  const std::string meta_json = R"({
      "id": "cli-sample", "name": "命令行样例", "department": "TJJ",
      "sharing_type": "unconditional", "opening_type": "unconditional",
      "fields": [{"name": "code", "title": "编码", "type": "text", "primary_key": true},
                 {"name": "amount", "title": "数量", "type": "integer"}]})";
  fs::path meta = scratch.Write("meta.json", meta_json);

  // No departments yet (the CLI has no department command; the demo brings them).
  CliRun no_dept = Yungu({"catalog", "create", meta.string(), "--data", data});
  EXPECT_EQ(no_dept.exit_code, 3) << Describe(no_dept);
  EXPECT_NE(no_dept.err.find("catalog.unknown_department"), std::string::npos) << no_dept.err;

  CliRun demo = Yungu({"demo", "--data", data, "--scale", "0.001", "-q"});
  ASSERT_EQ(demo.exit_code, 0) << Describe(demo);
  CliRun created = Yungu({"catalog", "create", meta.string(), "--data", data});
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  EXPECT_EQ(created.out, "created dataset cli-sample\n");
  CliRun again = Yungu({"catalog", "create", "-", "--data", data}, meta_json);
  EXPECT_EQ(again.exit_code, 3) << Describe(again);
  EXPECT_NE(again.err.find("catalog.dataset_exists"), std::string::npos) << again.err;

  fs::path good = scratch.Write("good.csv", "code,amount\nA1,10\nA2,20\n");
  CliRun ok = Yungu({"import", "cli-sample", good.string(), "--data", data, "--quiet"});
  ASSERT_EQ(ok.exit_code, 0) << Describe(ok);
  EXPECT_EQ(ok.out.rfind("imported 2 rows into cli-sample version 1", 0), 0u) << ok.out;

  // A declared integer receiving "abc": rejected, the bad line reported.
  fs::path bad = scratch.Write("bad.csv", "code,amount\nB1,30\nB2,abc\n");
  CliRun rejected = Yungu({"import", "cli-sample", bad.string(), "--data", data, "--quiet"});
  EXPECT_EQ(rejected.exit_code, 3) << Describe(rejected);
  EXPECT_NE(rejected.err.find("line 3:"), std::string::npos) << rejected.err;
  EXPECT_NE(rejected.err.find("ingest.bad_value"), std::string::npos) << rejected.err;
  EXPECT_NE(rejected.err.find("[ingest.rejected]"), std::string::npos) << rejected.err;

  // Nothing of the bad file became visible.
  CliRun q = Yungu({"query", "cli-sample", "--data", data, "--total", "--sort", "code"});
  ASSERT_EQ(q.exit_code, 0) << Describe(q);
  json j = json::parse(q.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["total"], 2);
  EXPECT_EQ(j["records"], json::parse(R"([{"code": "A1", "amount": 10}, {"code": "A2", "amount": 20}])"));

  CliRun missing = Yungu({"import", "no-such-dataset", good.string(), "--data", data, "--quiet"});
  EXPECT_EQ(missing.exit_code, 4) << Describe(missing);
  EXPECT_NE(missing.err.find("catalog.dataset_not_found"), std::string::npos) << missing.err;

  CliRun no_file = Yungu({"import", "cli-sample", (scratch.path() / "nope.csv").string(), "--data", data});
  EXPECT_EQ(no_file.exit_code, 2) << "a missing file is a usage error\n" << Describe(no_file);

  CliRun update = Yungu({"catalog", "update", "cli-sample", "-", "--data", data}, R"({"summary": "改过的摘要"})");
  EXPECT_EQ(update.exit_code, 0) << Describe(update);
  EXPECT_EQ(update.out, "updated dataset cli-sample (revision 2)\n");
  CliRun shown = Yungu({"catalog", "show", "cli-sample", "--data", data});
  ASSERT_EQ(shown.exit_code, 0) << Describe(shown);
  EXPECT_EQ(json::parse(shown.out)["summary"], "改过的摘要");
}

TEST_F(CliDemo, QualityReportOfTheDemoRegistry) {
  CliRun r = Yungu({"quality", "enterprise-registry", "--data", data_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  json j = json::parse(r.out);
  EXPECT_EQ(j["dataset_id"], "enterprise-registry");
  EXPECT_GT(j["rows"].get<int64_t>(), 0);
  bool format_rule = false;
  for (const auto& rule : j["rules"]) {
    // The demo's credit codes are generated valid: the format rule passes.
    if (rule["field"] == "uscc" && rule["rule"] == "format") {
      format_rule = true;
      EXPECT_EQ(rule["failed"], 0);
      EXPECT_EQ(rule["checked"], j["rows"]);
    }
  }
  EXPECT_TRUE(format_rule);
  CliRun text = Yungu({"quality", "enterprise-registry", "--data", data_});
  ASSERT_EQ(text.exit_code, 0) << Describe(text);
  EXPECT_NE(text.out.find("quality score"), std::string::npos) << text.out;
  EXPECT_EQ(Yungu({"quality", "no-such-dataset", "--data", data_}).exit_code, 4);
}

TEST_F(CliDemo, DiscoverFindsTheDemoResidentsPersonalData) {
  CliRun r = Yungu({"discover", "social-security-cards", "--data", data_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  json j = json::parse(r.out);
  std::map<std::string, std::string> dominant;
  for (const auto& f : j["fields"]) {
    if (f["dominant"].is_string()) dominant[f["name"]] = f["dominant"];
  }
  EXPECT_EQ(dominant["id_number"], "citizen_id");
  EXPECT_EQ(dominant["bank_card_no"], "bank_card");
  EXPECT_EQ(dominant["name"], "person_name");
  EXPECT_EQ(dominant.count("issue_date"), 0u) << "a date without a birth hint is not a birth date";
}

TEST_F(CliDemo, StatsListEveryDepartmentAndTheCity) {
  CliRun r = Yungu({"stats", "--data", data_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  json j = json::parse(r.out);
  EXPECT_EQ(j["city"]["entries"], 12);
  int64_t entries = 0;
  for (const auto& d : j["departments"]) entries += d["entries"].get<int64_t>();
  EXPECT_EQ(entries, 12);
  CliRun table = Yungu({"stats", "--data", data_});
  ASSERT_EQ(table.exit_code, 0) << Describe(table);
  EXPECT_NE(table.out.find("city"), std::string::npos) << table.out;
}

TEST(CliKeys, RotateAddsAKeyVersion) {
  Scratch scratch;
  const std::string data = (scratch.path() / "data").string();
  CliRun first = Yungu({"keys", "rotate", "--data", data});
  ASSERT_EQ(first.exit_code, 0) << Describe(first);
  EXPECT_NE(first.out.find("version 2"), std::string::npos) << first.out;  // made with version 1, rotated
  CliRun second = Yungu({"keys", "rotate", "--data", data});
  EXPECT_NE(second.out.find("version 3"), std::string::npos) << second.out;
  EXPECT_EQ(fs::status(fs::path(data) / "keys" / "pseudonym.keys").permissions() & fs::perms::group_all, fs::perms::none);
}

}  // namespace
}  // namespace yungu::cli
