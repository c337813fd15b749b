// IngestFile end to end: small generated files into a real SQLite store.
#include "yungu/ingest/pipeline.h"

#include <gtest/gtest.h>

#include "unit/value_repr.h"
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "ingest_test_util.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::ingest {
namespace {

using Strings = std::vector<std::string>;

using yungu::testing::Repr;

model::FieldDef F(const std::string& name, const std::string& title, ColumnType type, bool pk = false) {
  model::FieldDef f;
  f.name = name;
  f.title = title;
  f.type = type;
  f.primary_key = pk;
  return f;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("yungu_pipeline_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
            std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    storage::SqliteOptions options;
    options.now = [] { return std::string("2024-05-01T00:00:00Z"); };
    auto store = storage::OpenSqliteStore(dir_ / "data", options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    model::Department d;
    d.code = "TJJ";
    d.name = "市统计局";
    ASSERT_TRUE(store_->PutDepartment(d).ok());
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void CreateDataset(const std::string& id, std::vector<model::FieldDef> fields = {}) {
    model::DatasetMeta m;
    m.id = id;
    m.name = "测试数据";
    m.department = "TJJ";
    m.fields = std::move(fields);
    ASSERT_TRUE(store_->CreateDataset(m).ok());
  }

  std::filesystem::path Write(const std::string& name, std::string_view bytes) {
    std::filesystem::path p = dir_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good());
    return p;
  }

  IngestReport Ingest(const std::string& id, const std::string& name, std::string_view bytes,
                      const IngestOptions& options = {}) {
    return IngestFile(*store_, id, Write(name, bytes), options);
  }

  model::VersionInfo Current(const std::string& id) {
    auto meta = store_->GetDataset(id);
    EXPECT_TRUE(meta.ok());
    if (!meta.ok() || meta->current_version == 0) return {};
    auto v = store_->GetVersion(id, meta->current_version);
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : model::VersionInfo{};
  }

  // Every row of the current version, as Repr strings.
  std::vector<Strings> Rows(const std::string& id) {
    model::VersionInfo v = Current(id);
    std::vector<Strings> out;
    if (v.version == 0) return out;
    model::QueryPlan plan;
    for (const auto& f : v.fields) plan.fields.push_back(f.name);
    plan.limit = 1000000;
    auto cursor = store_->Query(v, plan);
    EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
    if (!cursor.ok()) return out;
    Row row;
    for (;;) {
      auto more = (*cursor)->Next(row);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      Strings r;
      for (const auto& v : row) r.push_back(Repr(v));
      out.push_back(r);
    }
    return out;
  }

  std::vector<ColumnType> Types(const std::string& id) {
    std::vector<ColumnType> out;
    for (const auto& f : Current(id).fields) out.push_back(f.type);
    return out;
  }

  Strings Column(const std::string& id, size_t col) {
    Strings out;
    for (const auto& r : Rows(id)) out.push_back(r.at(col));
    return out;
  }

  size_t VersionCount(const std::string& id) { return store_->ListVersions(id)->size(); }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Store> store_;
};

// ---------------------------------------------------------------- inference

TEST_F(PipelineTest, InfersColumnTypes) {
  CreateDataset("t");
  auto report = Ingest("t", "people.csv",
                       "id,name,amount,day,flag,note,when\n"
                       "1,张三,1.5,2024-01-02,true,x,2024-01-02 08:00:00\n"
                       "2,李四,2,2024/02/03,false,y,2024-01-03T09:30:00\n"
                       "3,王五,-0.25,2024年3月4日,是,,2024-01-04T10:00:00\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.rows_read, 3);
  EXPECT_EQ(report.rows_written, 3);
  EXPECT_EQ(report.rows_rejected, 0);
  EXPECT_TRUE(report.bad_rows.empty());
  EXPECT_EQ(report.header, (Strings{"id", "name", "amount", "day", "flag", "note", "when"}));
  EXPECT_EQ(report.source.format, Format::kCsv);
  EXPECT_EQ(report.source.encoding, "utf-8");
  EXPECT_EQ(report.source.delimiter, ',');
  EXPECT_EQ(report.version.version, 1);
  EXPECT_EQ(report.version.source, "people.csv");
  EXPECT_TRUE(report.version.search_ready);

  EXPECT_EQ(Types("t"), (std::vector<ColumnType>{ColumnType::kInteger, ColumnType::kText, ColumnType::kDecimal,
                                                 ColumnType::kDate, ColumnType::kBoolean, ColumnType::kText,
                                                 ColumnType::kDateTime}));
  auto rows = Rows("t");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Strings{"i:1", "s:张三", "f:1.5", "D:2024-01-02", "b:true", "s:x", "T:2024-01-02T08:00:00"}));
  EXPECT_EQ(rows[1], (Strings{"i:2", "s:李四", "f:2", "D:2024-02-03", "b:false", "s:y", "T:2024-01-03T09:30:00"}));
  EXPECT_EQ(rows[2], (Strings{"i:3", "s:王五", "f:-0.25", "D:2024-03-04", "b:true", "null", "T:2024-01-04T10:00:00"}));

  // The catalog entry takes the inferred fields.
  auto meta = store_->GetDataset("t");
  ASSERT_TRUE(meta.ok());
  ASSERT_EQ(meta->fields.size(), 7u);
  EXPECT_EQ(meta->fields[2].name, "amount");
  EXPECT_EQ(meta->fields[2].type, ColumnType::kDecimal);
  EXPECT_EQ(meta->metadata_revision, 2);
  EXPECT_EQ(meta->row_count, 3);
}

TEST_F(PipelineTest, WidensWhenALaterRowDisagrees) {
  CreateDataset("t");
  auto report = Ingest("t", "w.csv",
                       "code,qty,day,mixed,stamp\n"
                       "1,1,2024-01-01,5,2024-01-01\n"
                       "2,2.5,2024-01-02,6,2024-01-02 10:00:00\n"
                       "abc,3,n/a,2024-01-01,2024-01-03\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(Types("t"), (std::vector<ColumnType>{ColumnType::kText, ColumnType::kDecimal, ColumnType::kText,
                                                 ColumnType::kText, ColumnType::kDateTime}));
  EXPECT_EQ(Column("t", 0), (Strings{"s:1", "s:2", "s:abc"}));
  EXPECT_EQ(Column("t", 1), (Strings{"f:1", "f:2.5", "f:3"}));
  EXPECT_EQ(Column("t", 2), (Strings{"s:2024-01-01", "s:2024-01-02", "s:n/a"}));
  EXPECT_EQ(Column("t", 3), (Strings{"s:5", "s:6", "s:2024-01-01"}));
  EXPECT_EQ(Column("t", 4), (Strings{"T:2024-01-01T00:00:00", "T:2024-01-02T10:00:00", "T:2024-01-03T00:00:00"}));
  // Text columns really hold text: filtering by "1" finds the first row.
  model::VersionInfo v = Current("t");
  model::QueryPlan plan;
  plan.fields = {"code"};
  plan.filters.push_back({"code", model::FilterOp::kEq, {std::string("1")}});
  EXPECT_EQ(*store_->Count(v, plan), 1);
}

TEST_F(PipelineTest, EmptyColumnsBecomeText) {
  CreateDataset("t");
  auto report = Ingest("t", "e.csv", "a,empty\n1,\n2,\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(Types("t"), (std::vector<ColumnType>{ColumnType::kInteger, ColumnType::kText}));
  EXPECT_EQ(Column("t", 1), (Strings{"null", "null"}));
}

TEST_F(PipelineTest, IdentifierNumbersStayText) {
  CreateDataset("t");
  auto report = Ingest("t", "ids.csv",
                       "身份证号,手机,账号,代码,数量\n"
                       "420602199001011234,13800138000,62220212345678901234,57278,1\n"
                       "11010519491231002X,13900139000,62220212345678901235,057279,2\n"
                       "420602199001011235,13700137000,6222021234567890123,00012,3\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  auto types = Types("t");
  ASSERT_EQ(types.size(), 5u);
  EXPECT_EQ(types[0], ColumnType::kText);     // 18-digit citizen ID numbers
  EXPECT_EQ(types[1], ColumnType::kInteger);  // 11 digits is still a number
  EXPECT_EQ(types[2], ColumnType::kText);     // bank card numbers
  EXPECT_EQ(types[4], ColumnType::kInteger);
  EXPECT_EQ(Column("t", 0), (Strings{"s:420602199001011234", "s:11010519491231002X", "s:420602199001011235"}));
  EXPECT_EQ(Column("t", 2), (Strings{"s:62220212345678901234", "s:62220212345678901235", "s:6222021234567890123"}));
  // Codes with leading zeros keep them, even after plain numbers.
  EXPECT_EQ(Column("t", 3), (Strings{"s:57278", "s:057279", "s:00012"}));
}

TEST_F(PipelineTest, LongNumberAfterShortOnesIsStillAnIdentifier) {
  CreateDataset("t");
  auto report = Ingest("t", "ids.csv", "证件号码\n12345\n420602199001011234\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(Types("t"), std::vector<ColumnType>{ColumnType::kText});
  EXPECT_EQ(Column("t", 0), (Strings{"s:12345", "s:420602199001011234"}));
}

// ---------------------------------------------------------------- declared schema

class DeclaredSchemaTest : public PipelineTest {
 protected:
  void SetUp() override {
    PipelineTest::SetUp();
    CreateDataset("firms", {F("name", "企业名称", ColumnType::kText, true), F("capital", "注册资本", ColumnType::kDecimal),
                            F("founded", "成立日期", ColumnType::kDate), F("active", "是否存续", ColumnType::kBoolean)});
  }
};

TEST_F(DeclaredSchemaTest, ColumnsMatchByTitleOrName) {
  auto report = Ingest("firms", "a.csv", "成立日期,企业名称,capital\n2020-05-06,襄阳甲公司,100\n2019-1-2,襄阳乙公司,2.5\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.rows_written, 2);
  auto rows = Rows("firms");
  ASSERT_EQ(rows.size(), 2u);
  // Values land in the declared field order; the absent column is null.
  EXPECT_EQ(rows[0], (Strings{"s:襄阳甲公司", "f:100", "D:2020-05-06", "null"}));
  EXPECT_EQ(rows[1], (Strings{"s:襄阳乙公司", "f:2.5", "D:2019-01-02", "null"}));
  EXPECT_EQ(Types("firms"), (std::vector<ColumnType>{ColumnType::kText, ColumnType::kDecimal, ColumnType::kDate,
                                                     ColumnType::kBoolean}));
  // The declared schema is the catalog's: no new revision.
  EXPECT_EQ(store_->GetDataset("firms")->metadata_revision, 1);

  report = Ingest("firms", "b.csv", "name,active\n丙,是\n丁,0\n");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(Column("firms", 3), (Strings{"b:true", "b:false"}));
}

TEST_F(DeclaredSchemaTest, HeaderProblems) {
  ASSERT_TRUE(Ingest("firms", "ok.csv", "name\n甲\n").status.ok());
  auto unknown = Ingest("firms", "u.csv", "企业名称,地址\n甲,襄阳\n");
  EXPECT_EQ(unknown.status.error_code(), "ingest.unknown_column");
  EXPECT_NE(unknown.status.message().find("地址"), std::string::npos);
  EXPECT_EQ(Ingest("firms", "d.csv", "name,企业名称\n甲,乙\n").status.error_code(), "ingest.bad_header");
  EXPECT_EQ(Ingest("firms", "m.csv", "注册资本\n100\n").status.error_code(), "ingest.missing_column");
  // Nothing changed.
  EXPECT_EQ(VersionCount("firms"), 1u);
  EXPECT_EQ(Rows("firms"), (std::vector<Strings>{{"s:甲", "null", "null", "null"}}));
}

TEST_F(DeclaredSchemaTest, ValuesMustFitTheDeclaredTypes) {
  auto report = Ingest("firms", "v.csv", "name,capital,founded\n甲,100,2020-01-01\n乙,很多,2020-01-01\n丙,1,2020-02-30\n");
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  ASSERT_EQ(report.bad_rows.size(), 1u);
  EXPECT_EQ(report.bad_rows[0].line, 3);
  EXPECT_EQ(report.bad_rows[0].code, "ingest.bad_value");
  EXPECT_NE(report.bad_rows[0].message.find("capital"), std::string::npos);

  IngestOptions lenient;
  lenient.max_bad_rows = 5;
  report = Ingest("firms", "v.csv", "name,capital,founded\n甲,100,2020-01-01\n乙,很多,2020-01-01\n丙,1,2020-02-30\n,1,\n",
                  lenient);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.rows_written, 1);
  EXPECT_EQ(report.rows_rejected, 3);
  ASSERT_EQ(report.bad_rows.size(), 3u);
  EXPECT_EQ(report.bad_rows[1].line, 4);
  EXPECT_EQ(report.bad_rows[1].code, "ingest.bad_value");
  EXPECT_EQ(report.bad_rows[2].line, 5);
  EXPECT_EQ(report.bad_rows[2].code, "ingest.missing_value");  // the primary key is required
}

TEST_F(DeclaredSchemaTest, InferSchemaOnPurpose) {
  IngestOptions infer;
  infer.infer_schema = true;
  auto report = Ingest("firms", "new.csv", "name,地址,capital\n甲,襄阳,5\n", infer);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  auto meta = store_->GetDataset("firms");
  ASSERT_EQ(meta->fields.size(), 3u);
  EXPECT_EQ(meta->fields[1].name, "地址");
  EXPECT_EQ(meta->fields[0].title, "企业名称");  // what the catalog said about a known field stays
  EXPECT_EQ(meta->fields[2].type, ColumnType::kInteger);
  // Only a replace may change the schema.
  infer.mode = storage::WriteMode::kAppend;
  EXPECT_EQ(Ingest("firms", "more.csv", "name,电话\n乙,123\n", infer).status.error_code(), "ingest.unknown_column");
}

// ---------------------------------------------------------------- bad rows

TEST_F(PipelineTest, RaggedRowRejectsTheFileAndKeepsThePreviousVersion) {
  CreateDataset("t");
  ASSERT_TRUE(Ingest("t", "good.csv", "a,b\n1,2\n3,4\n").status.ok());
  auto tables_before = VersionCount("t");

  auto report = Ingest("t", "bad.csv", "a,b\n5,6\n7\n8,9\n");
  ASSERT_FALSE(report.status.ok());
  EXPECT_EQ(report.status.code(), Code::kInvalidArgument);
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  EXPECT_NE(report.status.message().find("line 3"), std::string::npos) << report.status.message();
  ASSERT_EQ(report.bad_rows.size(), 1u);
  EXPECT_EQ(report.bad_rows[0].line, 3);
  EXPECT_EQ(report.bad_rows[0].code, "ingest.ragged_row");
  EXPECT_EQ(report.rows_rejected, 1);

  auto meta = store_->GetDataset("t");
  EXPECT_EQ(meta->current_version, 1);
  EXPECT_EQ(meta->row_count, 2);
  EXPECT_EQ(VersionCount("t"), tables_before);
  EXPECT_EQ(Rows("t"), (std::vector<Strings>{{"i:1", "i:2"}, {"i:3", "i:4"}}));

  // Too many fields is ragged too, and line numbers count quoted newlines.
  CreateDataset("t2");
  report = Ingest("t2", "bad2.csv", "a,b\n\"multi\nline\",1\n2,3,4\n");
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  ASSERT_EQ(report.bad_rows.size(), 1u);
  EXPECT_EQ(report.bad_rows[0].line, 4);
  EXPECT_EQ(report.bad_rows[0].code, "ingest.ragged_row");
  EXPECT_EQ(store_->GetDataset("t2")->current_version, 0);
}

TEST_F(PipelineTest, MaxBadRowsAllowance) {
  CreateDataset("t");
  const std::string file = "a,b\n1,2\n3\n4,5\n6\n7,8\n9,10\n";
  IngestOptions two;
  two.max_bad_rows = 2;
  auto report = Ingest("t", "f.csv", file, two);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.rows_read, 6);
  EXPECT_EQ(report.rows_written, 4);
  EXPECT_EQ(report.rows_rejected, 2);
  ASSERT_EQ(report.bad_rows.size(), 2u);
  EXPECT_EQ(report.bad_rows[0].line, 3);
  EXPECT_EQ(report.bad_rows[1].line, 5);
  EXPECT_EQ(Column("t", 0), (Strings{"i:1", "i:4", "i:7", "i:9"}));

  IngestOptions one;
  one.max_bad_rows = 1;
  report = Ingest("t", "f.csv", file, one);
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  EXPECT_NE(report.status.message().find("line 5"), std::string::npos) << report.status.message();
  EXPECT_EQ(store_->GetDataset("t")->current_version, 1);

  IngestOptions quiet;
  quiet.max_bad_rows = 10;
  quiet.max_reported_bad_rows = 1;
  report = Ingest("t", "f.csv", file, quiet);
  ASSERT_TRUE(report.status.ok());
  EXPECT_EQ(report.rows_rejected, 2);
  EXPECT_EQ(report.bad_rows.size(), 1u);
}

TEST_F(PipelineTest, InvalidUtf8LineIsReportedWithItsLine) {
  CreateDataset("t");
  std::string file = "名称,数量\n";
  for (int i = 0; i < 12; ++i) file += "襄阳市第" + std::to_string(i) + "中学,1\n";
  file += "坏\xff数据,2\n";  // line 14
  file += "樊城区,3\n";
  auto report = Ingest("t", "u.csv", file);
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  EXPECT_NE(report.status.message().find("line 14"), std::string::npos) << report.status.message();
  ASSERT_EQ(report.bad_rows.size(), 1u);
  EXPECT_EQ(report.bad_rows[0].line, 14);
  EXPECT_EQ(report.bad_rows[0].code, "ingest.invalid_utf8");
  EXPECT_EQ(store_->GetDataset("t")->current_version, 0);

  IngestOptions allow;
  allow.max_bad_rows = 1;
  report = Ingest("t", "u.csv", file, allow);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.source.encoding, "utf-8");
  EXPECT_EQ(report.rows_written, 13);
  EXPECT_EQ(report.bad_rows.at(0).line, 14);
  EXPECT_EQ(Column("t", 0).back(), "s:樊城区");
}

// ---------------------------------------------------------------- modes

class ModesTest : public PipelineTest {
 protected:
  void SetUp() override {
    PipelineTest::SetUp();
    CreateDataset("p", {F("id", "编号", ColumnType::kInteger, true), F("name", "姓名", ColumnType::kText)});
    ASSERT_TRUE(Ingest("p", "v1.csv", "id,name\n1,一\n2,二\n3,三\n").status.ok());
  }
  IngestOptions Mode(storage::WriteMode mode) {
    IngestOptions o;
    o.mode = mode;
    return o;
  }
};

TEST_F(ModesTest, AppendKeepsOldRows) {
  auto report = Ingest("p", "v2.csv", "编号,姓名\n4,四\n5,五\n", Mode(storage::WriteMode::kAppend));
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.version.version, 2);
  EXPECT_EQ(report.version.mode, "append");
  EXPECT_EQ(report.version.row_count, 5);
  EXPECT_EQ(report.rows_written, 2);
  EXPECT_EQ(Column("p", 0), (Strings{"i:1", "i:2", "i:3", "i:4", "i:5"}));
  EXPECT_EQ(store_->GetDataset("p")->row_count, 5);
}

TEST_F(ModesTest, AppendingAnExistingKeyIsABadRow) {
  auto report = Ingest("p", "dup.csv", "id,name\n6,六\n1,重复\n", Mode(storage::WriteMode::kAppend));
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  ASSERT_EQ(report.bad_rows.size(), 1u);
  EXPECT_EQ(report.bad_rows[0].line, 3);
  EXPECT_EQ(report.bad_rows[0].code, "ingest.duplicate_key");
  EXPECT_EQ(Rows("p").size(), 3u);
  EXPECT_EQ(VersionCount("p"), 1u);

  IngestOptions lenient = Mode(storage::WriteMode::kAppend);
  lenient.max_bad_rows = 1;
  report = Ingest("p", "dup.csv", "id,name\n6,六\n1,重复\n", lenient);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(Column("p", 1), (Strings{"s:一", "s:二", "s:三", "s:六"}));
}

TEST_F(ModesTest, DuplicateKeyWithinOneReplaceFile) {
  auto report = Ingest("p", "dup.csv", "id,name\n7,七\n7,又七\n");
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  EXPECT_EQ(report.bad_rows.at(0).code, "ingest.duplicate_key");
  EXPECT_EQ(Rows("p").size(), 3u);
}

TEST_F(ModesTest, UpsertReplacesByKey) {
  auto report = Ingest("p", "up.csv", "id,name\n2,二号\n6,六\n", Mode(storage::WriteMode::kUpsert));
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.version.mode, "upsert");
  EXPECT_EQ(report.version.row_count, 4);
  auto rows = Rows("p");
  std::map<std::string, std::string> by_id;
  for (const auto& r : rows) by_id[r[0]] = r[1];
  EXPECT_EQ(by_id, (std::map<std::string, std::string>{
                       {"i:1", "s:一"}, {"i:2", "s:二号"}, {"i:3", "s:三"}, {"i:6", "s:六"}}));

  // Explicit key fields.
  IngestOptions by_name = Mode(storage::WriteMode::kUpsert);
  by_name.key_fields = {"name"};
  report = Ingest("p", "up2.csv", "id,name\n33,三\n", by_name);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  by_id.clear();
  for (const auto& r : Rows("p")) by_id[r[1]] = r[0];
  EXPECT_EQ(by_id["s:三"], "i:33");
  EXPECT_EQ(Rows("p").size(), 4u);
}

TEST_F(ModesTest, UpsertNeedsAKey) {
  CreateDataset("nokey", {F("a", "甲", ColumnType::kText)});
  auto report = Ingest("nokey", "x.csv", "a\nx\n", Mode(storage::WriteMode::kUpsert));
  EXPECT_EQ(report.status.error_code(), "ingest.no_key");
  EXPECT_EQ(store_->GetDataset("nokey")->current_version, 0);
}

// ---------------------------------------------------------------- encodings and sizes

TEST_F(PipelineTest, GbkFile) {
  CreateDataset("t");
  std::string gbk = testing::FromUtf8("GBK", "企业名称,注册资本,所在区\n襄阳市某某科技有限公司,100,樊城区\n湖北某某集团,2500,襄城区\n");
  auto report = Ingest("t", "gbk.csv", gbk);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.source.encoding, "gb18030");
  EXPECT_EQ(report.header, (Strings{"企业名称", "注册资本", "所在区"}));
  EXPECT_EQ(Rows("t"), (std::vector<Strings>{{"s:襄阳市某某科技有限公司", "i:100", "s:樊城区"},
                                             {"s:湖北某某集团", "i:2500", "s:襄城区"}}));
  // Searchable in UTF-8.
  model::QueryPlan plan;
  plan.fields = {"企业名称"};
  plan.full_text = "科技";
  EXPECT_EQ(*store_->Count(Current("t"), plan), 1);
}

TEST_F(PipelineTest, EmptyFileChangesNothing) {
  CreateDataset("t");
  ASSERT_TRUE(Ingest("t", "good.csv", "a\n1\n").status.ok());
  for (const std::string content : {"", "\n\n  \n"}) {
    auto report = Ingest("t", "empty.csv", content);
    ASSERT_FALSE(report.status.ok());
    EXPECT_EQ(report.status.error_code(), "ingest.empty_file");
    EXPECT_EQ(report.rows_read, 0);
  }
  EXPECT_EQ(VersionCount("t"), 1u);
  EXPECT_EQ(store_->GetDataset("t")->current_version, 1);
  EXPECT_EQ(Rows("t"), (std::vector<Strings>{{"i:1"}}));
}

TEST_F(PipelineTest, MissingFileOrDataset) {
  CreateDataset("t");
  auto report = IngestFile(*store_, "t", dir_ / "nope.csv", {});
  EXPECT_EQ(report.status.code(), Code::kNotFound);
  EXPECT_EQ(report.status.error_code(), "ingest.file_not_found");
  report = Ingest("nope", "a.csv", "a\n1\n");
  EXPECT_EQ(report.status.error_code(), "catalog.dataset_not_found");
}

TEST_F(PipelineTest, TenMegabyteFieldIsText) {
  CreateDataset("t");
  std::string big;
  big.reserve(10u << 20);
  const std::string words = "lorem ipsum dolor sit amet 襄阳 ";
  while (big.size() + words.size() <= (10u << 20)) big += words;
  auto started = std::chrono::steady_clock::now();
  auto report = Ingest("t", "big.csv", "id,body\n1," + big + "\n2,short\n");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.rows_written, 2);
  EXPECT_EQ(Types("t"), (std::vector<ColumnType>{ColumnType::kInteger, ColumnType::kText}));
  auto rows = Rows("t");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1].size(), big.size() + 2);  // "s:" prefix
  EXPECT_TRUE(rows[0][1] == "s:" + big);
  EXPECT_LT(seconds, 20.0);
}

TEST_F(PipelineTest, SourceNameAndProgress) {
  CreateDataset("t");
  IngestOptions options;
  options.source_name = "上传.csv";
  int64_t last_rows = -1;
  int calls = 0;
  options.progress = [&](uint64_t done, uint64_t total, int64_t rows) {
    ++calls;
    EXPECT_LE(done, total);
    last_rows = rows;
  };
  options.build_search_index = false;
  auto report = Ingest("t", "x.csv", "a\n1\n2\n", options);
  ASSERT_TRUE(report.status.ok());
  EXPECT_GE(calls, 1);
  EXPECT_EQ(last_rows, 2);
  EXPECT_EQ(report.version.source, "上传.csv");
  EXPECT_FALSE(report.version.search_ready);
  EXPECT_FALSE(store_->GetVersion("t", 1)->search_ready);
}

// Rows are written on a second thread in batches of a few thousand:
// duplicate keys found there deep in a large file must be reported with
// their own line numbers, and rows must keep file order.
TEST_F(PipelineTest, LargeFileAcrossWriterBatchesKeepsOrderWideningAndBadRows) {
  CreateDataset("big");
  std::string csv = "id,code,amount\n";
  constexpr int kRows = 30000;
  std::vector<int> duplicates = {5000, 12001, 29999};  // each repeats id 1
  for (int i = 1; i <= kRows; ++i) {
    bool dup = std::find(duplicates.begin(), duplicates.end(), i) != duplicates.end();
    int id = dup ? 1 : i;
    // "code" is numeric for the first 20,000 rows, then text: the column
    // must end up text with every earlier value kept exactly.
    std::string code = i <= 20000 ? std::to_string(i * 7) : "K" + std::to_string(i);
    csv += std::to_string(id) + "," + code + "," + std::to_string(i) + ".5\n";
  }
  IngestOptions options;
  options.max_bad_rows = 10;
  options.build_search_index = false;
  // A declared schema with a primary key, so duplicates are found by the store.
  auto meta = store_->GetDataset("big");
  ASSERT_TRUE(meta.ok());
  meta->fields = {F("id", "编号", ColumnType::kInteger, true), F("code", "代码", ColumnType::kText),
                  F("amount", "金额", ColumnType::kDecimal)};
  ASSERT_TRUE(store_->UpdateDataset(*meta, "declare").ok());
  auto report = Ingest("big", "big.csv", csv, options);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.rows_read, kRows);
  EXPECT_EQ(report.rows_rejected, 3);
  EXPECT_EQ(report.rows_written, kRows - 3);
  ASSERT_EQ(report.bad_rows.size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(report.bad_rows[k].code, "ingest.duplicate_key");
    EXPECT_EQ(report.bad_rows[k].line, duplicates[k] + 1);  // +1 for the header line
  }
  auto rows = Rows("big");
  ASSERT_EQ(rows.size(), static_cast<size_t>(kRows - 3));
  EXPECT_EQ(rows[0], (Strings{"i:1", "s:7", "f:1.5"}));
  EXPECT_EQ(rows[19997], (Strings{"i:20000", "s:140000", "f:20000.5"}));  // two duplicates before it
  EXPECT_EQ(rows.back(), (Strings{"i:30000", "s:K30000", "f:30000.5"}));
}

TEST_F(PipelineTest, InferredColumnWidensFromIntegerToTextDeepInTheFile) {
  CreateDataset("wide");
  std::string csv = "n\n";
  for (int i = 1; i <= 25000; ++i) csv += std::to_string(i) + "\n";
  csv += "第25001行\n";
  IngestOptions options;
  options.build_search_index = false;
  auto report = Ingest("wide", "wide.csv", csv, options);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(Types("wide"), (std::vector<ColumnType>{ColumnType::kText}));
  auto column = Column("wide", 0);
  ASSERT_EQ(column.size(), 25001u);
  EXPECT_EQ(column[0], "s:1");
  EXPECT_EQ(column[24999], "s:25000");
  EXPECT_EQ(column[25000], "s:第25001行");
}

TEST_F(PipelineTest, TooManyDuplicatesFoundOnTheWriterThreadRejectTheFile) {
  CreateDataset("dups");
  auto meta = store_->GetDataset("dups");
  ASSERT_TRUE(meta.ok());
  meta->fields = {F("id", "编号", ColumnType::kInteger, true)};
  ASSERT_TRUE(store_->UpdateDataset(*meta, "declare").ok());
  std::string csv = "id\n";
  for (int i = 0; i < 20000; ++i) csv += std::to_string(i % 5000) + "\n";  // 15,000 duplicates
  IngestOptions options;
  options.max_bad_rows = 100;
  options.build_search_index = false;
  auto report = Ingest("dups", "dups.csv", csv, options);
  EXPECT_EQ(report.status.error_code(), "ingest.rejected");
  EXPECT_EQ(Current("dups").version, 0) << "nothing becomes visible";
  EXPECT_EQ(report.bad_rows.front().line, 5002);
}

}  // namespace
}  // namespace yungu::ingest
