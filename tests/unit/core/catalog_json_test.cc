#include "yungu/model/catalog_json.h"

#include <gtest/gtest.h>

namespace yungu::model {
namespace {

using nlohmann::json;

DatasetMeta FullMeta() {
  DatasetMeta m;
  m.id = "enterprise-credit";
  m.resource_code = "420600-SCJG-0001";
  m.name = "企业信用信息";
  m.name_en = "Enterprise credit records";
  m.summary = "全市企业信用评价结果";
  m.department = "SCJG";
  m.themes = {"credit", "enterprise_registration"};
  m.tags = {"信用", "企业"};
  m.format = "json";
  m.sharing_type = SharingType::kUnconditional;
  m.sharing_conditions = "";
  m.opening_type = OpeningType::kConditional;
  m.update_cycle = UpdateCycle::kMonthly;
  m.publish_date = "2024-03-01";
  m.licence = "CC-BY-4.0";
  m.contact_name = "张三";
  m.contact_phone = "0710-1234567";
  m.contact_email = "data@example.gov.cn";
  FieldDef a;
  a.name = "uscc";
  a.title = "统一社会信用代码";
  a.type = ColumnType::kText;
  a.sensitivity = 2;
  a.primary_key = true;
  a.required = true;
  a.indexed = true;
  FieldDef b;
  b.name = "capital";
  b.title = "注册资本";
  b.type = ColumnType::kDecimal;
  b.unit = "万元";
  b.description = "人民币";
  FieldDef c;
  c.name = "founded";
  c.title = "成立日期";
  c.type = ColumnType::kDate;
  c.sensitivity = 4;
  m.fields = {a, b, c};
  m.created_at = "2024-01-01T00:00:00Z";
  m.updated_at = "2024-01-02T00:00:00Z";
  m.data_updated_at = "2024-01-03T00:00:00Z";
  m.current_version = 7;
  m.row_count = 1234;
  m.metadata_revision = 5;
  return m;
}

void ExpectSameField(const FieldDef& a, const FieldDef& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.sensitivity, b.sensitivity);
  EXPECT_EQ(a.primary_key, b.primary_key);
  EXPECT_EQ(a.required, b.required);
  EXPECT_EQ(a.indexed, b.indexed);
}

void ExpectSameEditable(const DatasetMeta& a, const DatasetMeta& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.resource_code, b.resource_code);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.name_en, b.name_en);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.themes, b.themes);
  EXPECT_EQ(a.tags, b.tags);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.sharing_type, b.sharing_type);
  EXPECT_EQ(a.sharing_conditions, b.sharing_conditions);
  EXPECT_EQ(a.opening_type, b.opening_type);
  EXPECT_EQ(a.update_cycle, b.update_cycle);
  EXPECT_EQ(a.publish_date, b.publish_date);
  EXPECT_EQ(a.licence, b.licence);
  EXPECT_EQ(a.contact_name, b.contact_name);
  EXPECT_EQ(a.contact_phone, b.contact_phone);
  EXPECT_EQ(a.contact_email, b.contact_email);
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (size_t i = 0; i < a.fields.size(); ++i) ExpectSameField(a.fields[i], b.fields[i]);
}

TEST(CatalogJsonTest, DatasetRoundTrip) {
  DatasetMeta m = FullMeta();
  json j = ToJson(m);
  EXPECT_EQ(j["sharing_type"], "unconditional");
  EXPECT_EQ(j["sharing_type_label"], "无条件共享");
  EXPECT_EQ(j["opening_type"], "conditional");
  EXPECT_EQ(j["opening_type_label"], "有条件开放");
  EXPECT_EQ(j["update_cycle"], "monthly");
  EXPECT_EQ(j["fields"][1]["type"], "decimal");
  EXPECT_EQ(j["current_version"], 7);

  auto back = DatasetFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameEditable(m, *back);
  // Hub-maintained keys are accepted but never taken from callers.
  EXPECT_EQ(back->created_at, "");
  EXPECT_EQ(back->updated_at, "");
  EXPECT_EQ(back->data_updated_at, "");
  EXPECT_EQ(back->current_version, 0);
  EXPECT_EQ(back->row_count, 0);
  EXPECT_EQ(back->metadata_revision, 0);

  // Through text as well: a second trip gives the same JSON.
  auto again = DatasetFromJson(json::parse(ToJson(*back).dump()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ToJson(*again), ToJson(*back));
}

TEST(CatalogJsonTest, EveryEnumValueRoundTrips) {
  for (SharingType s : {SharingType::kUnconditional, SharingType::kConditional, SharingType::kNone}) {
    for (OpeningType o : {OpeningType::kUnconditional, OpeningType::kConditional, OpeningType::kNone}) {
      DatasetMeta m = FullMeta();
      m.sharing_type = s;
      m.opening_type = o;
      auto back = DatasetFromJson(ToJson(m));
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(back->sharing_type, s);
      EXPECT_EQ(back->opening_type, o);
    }
  }
  for (UpdateCycle c : {UpdateCycle::kRealtime, UpdateCycle::kDaily, UpdateCycle::kWeekly, UpdateCycle::kMonthly,
                        UpdateCycle::kQuarterly, UpdateCycle::kYearly, UpdateCycle::kIrregular}) {
    DatasetMeta m = FullMeta();
    m.update_cycle = c;
    auto back = DatasetFromJson(ToJson(m));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->update_cycle, c);
  }
  for (ColumnType t : {ColumnType::kInteger, ColumnType::kDecimal, ColumnType::kBoolean, ColumnType::kDate,
                       ColumnType::kDateTime, ColumnType::kText}) {
    FieldDef f;
    f.name = "x";
    f.type = t;
    auto back = FieldFromJson(ToJson(f));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->type, t);
  }
}

TEST(CatalogJsonTest, MinimalDatasetTakesDefaults) {
  auto m = DatasetFromJson(json{{"id", "a1"}, {"name", "名称"}});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->format, "csv");
  EXPECT_EQ(m->sharing_type, SharingType::kConditional);
  EXPECT_EQ(m->opening_type, OpeningType::kNone);
  EXPECT_EQ(m->update_cycle, UpdateCycle::kIrregular);
  EXPECT_TRUE(m->fields.empty());
  // Nulls count as absent.
  auto n = DatasetFromJson(json{{"id", "a1"}, {"summary", nullptr}, {"themes", nullptr}, {"fields", nullptr}});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->summary, "");
}

TEST(CatalogJsonTest, UnknownKeysAreRejected) {
  auto top = DatasetFromJson(json{{"id", "a1"}, {"nmae", "typo"}});
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(top.status().error_code(), "catalog.unknown_key");
  EXPECT_NE(top.status().message().find("nmae"), std::string::npos);

  auto in_field = DatasetFromJson(json{{"id", "a1"}, {"fields", json::array({{{"name", "x"}, {"tpye", "text"}}})}});
  ASSERT_FALSE(in_field.ok());
  EXPECT_EQ(in_field.status().error_code(), "catalog.unknown_key");

  auto dept = DepartmentFromJson(json{{"code", "A"}, {"name", "甲"}, {"parent", "B"}});
  ASSERT_FALSE(dept.ok());
  EXPECT_EQ(dept.status().error_code(), "catalog.unknown_key");

  auto patch = ApplyDatasetPatch(FullMeta(), json{{"colour", "red"}});
  ASSERT_FALSE(patch.ok());
  EXPECT_EQ(patch.status().error_code(), "catalog.unknown_key");
}

TEST(CatalogJsonTest, ReadOnlyKeysFromAGetAreAccepted) {
  json j = ToJson(FullMeta());
  j["department_name"] = "市市场监督管理局";
  EXPECT_TRUE(DatasetFromJson(j).ok());
  auto dept = DepartmentFromJson(json{{"code", "A"}, {"name", "甲"}, {"dataset_count", 3}});
  ASSERT_TRUE(dept.ok());
  EXPECT_EQ(dept->code, "A");
}

TEST(CatalogJsonTest, BadEnumValues) {
  for (const char* key : {"sharing_type", "opening_type", "update_cycle"}) {
    for (json bad : {json("sometimes"), json(""), json(1), json(true), json::array({"none"}), json("Conditional")}) {
      json j{{"id", "a1"}, {key, bad}};
      auto m = DatasetFromJson(j);
      ASSERT_FALSE(m.ok()) << key << "=" << bad.dump();
      EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
      EXPECT_EQ(m.status().error_code(), "catalog.invalid_field") << key << "=" << bad.dump();
    }
  }
  auto type = FieldFromJson(json{{"name", "x"}, {"type", "varchar"}});
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().error_code(), "catalog.invalid_field_type");
}

TEST(CatalogJsonTest, ChineseLabelsAreAccepted) {
  auto m = DatasetFromJson(json{{"id", "a1"},
                                {"sharing_type", "有条件共享"},
                                {"opening_type", "无条件开放"},
                                {"update_cycle", "每季度"}});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->sharing_type, SharingType::kConditional);
  EXPECT_EQ(m->opening_type, OpeningType::kUnconditional);
  EXPECT_EQ(m->update_cycle, UpdateCycle::kQuarterly);

  EXPECT_EQ(ParseSharingType("无条件共享"), SharingType::kUnconditional);
  EXPECT_EQ(ParseSharingType("不予共享"), SharingType::kNone);
  EXPECT_EQ(ParseOpeningType("有条件开放"), OpeningType::kConditional);
  EXPECT_EQ(ParseOpeningType("不予开放"), OpeningType::kNone);
  EXPECT_EQ(ParseUpdateCycle("real-time"), UpdateCycle::kRealtime);
  EXPECT_EQ(ParseUpdateCycle("不定期"), UpdateCycle::kIrregular);
  EXPECT_FALSE(ParseSharingType("有条件开放").has_value());  // an opening label is not a sharing type
  EXPECT_FALSE(ParseOpeningType("有条件共享").has_value());

  // Labels are written back as the English keys.
  EXPECT_EQ(ToJson(*m)["sharing_type"], "conditional");
  EXPECT_EQ(ToJson(*m)["sharing_type_label"], "有条件共享");
}

TEST(CatalogJsonTest, ThemesByKeyOrChineseLabel) {
  ASSERT_NE(FindTheme("transport"), nullptr);
  EXPECT_EQ(FindTheme("交通"), FindTheme("transport"));
  EXPECT_EQ(FindTheme("信用")->key, "credit");
  EXPECT_EQ(FindTheme("Transport"), nullptr);  // English labels are not keys
  EXPECT_EQ(FindTheme("no-such-theme"), nullptr);
}

TEST(CatalogJsonTest, WrongJsonTypes) {
  EXPECT_EQ(DatasetFromJson(json::array()).status().error_code(), "catalog.invalid_body");
  EXPECT_EQ(DatasetFromJson(json("x")).status().error_code(), "catalog.invalid_body");
  EXPECT_EQ(DepartmentFromJson(json(1)).status().error_code(), "catalog.invalid_body");
  EXPECT_EQ(DatasetFromJson(json{{"name", 5}}).status().error_code(), "catalog.invalid_field");
  EXPECT_EQ(DatasetFromJson(json{{"themes", "credit"}}).status().error_code(), "catalog.invalid_field");
  EXPECT_EQ(DatasetFromJson(json{{"tags", json::array({"a", 1})}}).status().error_code(), "catalog.invalid_field");
  EXPECT_EQ(DatasetFromJson(json{{"fields", json::object()}}).status().error_code(), "catalog.invalid_field");
  EXPECT_EQ(DatasetFromJson(json{{"fields", json::array({"x"})}}).status().error_code(), "catalog.invalid_field");
  EXPECT_EQ(FieldFromJson(json{{"name", "x"}, {"primary_key", "yes"}}).status().error_code(),
            "catalog.invalid_field");
  EXPECT_EQ(FieldFromJson(json{{"name", "x"}, {"indexed", 1}}).status().error_code(), "catalog.invalid_field");
}

TEST(CatalogJsonTest, FieldSensitivityRange) {
  for (int s = 1; s <= 4; ++s) {
    auto f = FieldFromJson(json{{"name", "x"}, {"sensitivity", s}});
    ASSERT_TRUE(f.ok()) << s;
    EXPECT_EQ(f->sensitivity, s);
  }
  auto missing = FieldFromJson(json{{"name", "x"}});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->sensitivity, 1);
  auto null = FieldFromJson(json{{"name", "x"}, {"sensitivity", nullptr}});
  ASSERT_TRUE(null.ok());
  EXPECT_EQ(null->sensitivity, 1);

  for (json bad : {json(0), json(5), json(-1), json(2.5), json(2.0), json("2"), json(true),
                   // Values that wrap to 1..4 when narrowed to a 32-bit int must still fail.
                   json(int64_t{4294967297}), json(int64_t{-4294967294}), json(uint64_t{18446744073709551615u})}) {
    auto f = FieldFromJson(json{{"name", "x"}, {"sensitivity", bad}});
    ASSERT_FALSE(f.ok()) << bad.dump();
    EXPECT_EQ(f.status().error_code(), "catalog.invalid_field") << bad.dump();
  }
}

TEST(CatalogJsonTest, FieldTypeAliases) {
  EXPECT_EQ(FieldFromJson(json{{"name", "x"}, {"type", "int"}})->type, ColumnType::kInteger);
  EXPECT_EQ(FieldFromJson(json{{"name", "x"}, {"type", "number"}})->type, ColumnType::kDecimal);
  EXPECT_EQ(FieldFromJson(json{{"name", "x"}, {"type", "string"}})->type, ColumnType::kText);
  EXPECT_EQ(FieldFromJson(json{{"name", "x"}})->type, ColumnType::kText);
}

TEST(CatalogJsonTest, PatchKeepsOtherKeys) {
  DatasetMeta base = FullMeta();
  auto patched = ApplyDatasetPatch(base, json{{"summary", "新的摘要"}, {"tags", json::array({"x"})}});
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->summary, "新的摘要");
  EXPECT_EQ(patched->tags, std::vector<std::string>{"x"});
  EXPECT_EQ(patched->name, base.name);
  EXPECT_EQ(patched->themes, base.themes);
  EXPECT_EQ(patched->sharing_type, base.sharing_type);
  EXPECT_EQ(patched->fields.size(), base.fields.size());
  EXPECT_EQ(patched->current_version, base.current_version);
  // A bad value in a patch fails the whole patch.
  EXPECT_FALSE(ApplyDatasetPatch(base, json{{"summary", "s"}, {"opening_type", "x"}}).ok());
}

TEST(CatalogJsonTest, DepartmentRoundTrip) {
  Department d{"SCJG", "市市场监督管理局", "Market Regulation", "GOV", "420600"};
  auto back = DepartmentFromJson(ToJson(d));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->code, d.code);
  EXPECT_EQ(back->name, d.name);
  EXPECT_EQ(back->name_en, d.name_en);
  EXPECT_EQ(back->parent_code, d.parent_code);
  EXPECT_EQ(back->division_code, d.division_code);
}

TEST(CatalogJsonTest, VersionToJson) {
  VersionInfo v;
  v.dataset_id = "a1";
  v.version = 3;
  v.row_count = 10;
  v.mode = "append";
  v.source = "x.csv";
  v.fields.push_back(FullMeta().fields[0]);
  v.table = "d1_v3";
  json j = ToJson(v);
  EXPECT_EQ(j["version"], 3);
  EXPECT_EQ(j["mode"], "append");
  EXPECT_EQ(j["fields"].size(), 1u);
  EXPECT_FALSE(j.contains("table"));  // backend detail, not shown
}

}  // namespace
}  // namespace yungu::model
