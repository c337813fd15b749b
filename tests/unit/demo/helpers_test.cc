// The shared helpers behind the generators: calendar arithmetic, number
// formatting, the random stream split, and the table writer's quoting.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "yungu/demo/demo.h"

namespace yungu::demo::internal {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path TempFile(const std::string& name) {
  return fs::temp_directory_path() /
         ("yungu-demo-helpers-" + std::to_string(::getpid()) + "-" + name);
}

std::vector<model::FieldDef> TwoFields() {
  return {Field("name", "名称", ColumnType::kText, "", ""),
          Field("amount", "金额", ColumnType::kDecimal, "元", "")};
}

TEST(CalendarTest, RoundTripsAndKnowsWeekdays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2024, 3, 1) - DaysFromCivil(2024, 2, 28), 2);  // leap year
  for (int64_t d = DaysFromCivil(1939, 12, 25); d < DaysFromCivil(2026, 1, 5); d += 13) {
    const Ymd ymd = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(ymd.year, ymd.month, ymd.day), d);
  }
  EXPECT_EQ(Weekday(DaysFromCivil(2024, 1, 1)), 0);  // Monday
  EXPECT_EQ(Weekday(DaysFromCivil(1970, 1, 1)), 3);  // Thursday
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(FormatDate({2024, 3, 9}), "2024-03-09");
  EXPECT_EQ(FormatDateTime({2024, 3, 9}, 7), "2024-03-09T07:00:00");
}

TEST(FormatTest, FixedAndPad) {
  EXPECT_EQ(Fixed(3.14159, 2), "3.14");
  EXPECT_EQ(Fixed(-0.04, 1), "0.0");
  EXPECT_EQ(Fixed(-1.25, 1), "-1.2");
  EXPECT_EQ(Pad(7, 5), "00007");
  EXPECT_EQ(Join({"襄", "阳", ""}), "襄阳");
}

TEST(RandomTest, StreamsAreIndependentAndReproducible) {
  const Context ctx{"", 99, 1.0};
  Rng a = MakeRng(ctx, "x"), b = MakeRng(ctx, "x"), c = MakeRng(ctx, "y");
  const auto va = a(), vb = b(), vc = c();
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
  Rng rng = MakeRng(ctx, "dist");
  for (int i = 0; i < 1000; ++i) {
    const auto v = UniformInt(rng, -3, 3);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 3);
    const double u = Uniform01(rng);
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
  EXPECT_EQ(PickWeighted(rng, {0, 0, 5}), 2u);
  EXPECT_EQ(Scaled(Context{"", 1, 0.02}, 12000, 50), 240);
  EXPECT_EQ(Scaled(Context{"", 1, 0.001}, 12000, 50), 50);
}

TEST(PeopleTest, PersonsAreConsistent) {
  const Context ctx{"", 5, 1.0};
  Rng rng = MakeRng(ctx, "people");
  for (int i = 0; i < 200; ++i) {
    const District& d = PickDistrict(rng);
    const Person p = MakePerson(rng, d, 1940, 2010);
    ASSERT_EQ(p.id_number.size(), 18u);
    EXPECT_TRUE(identifiers::ValidateCitizenId(p.id_number).valid) << p.id_number;
    EXPECT_EQ(p.id_number.substr(0, 6), d.code);
    EXPECT_EQ(p.id_number.substr(6, 8),
              std::to_string(p.birth.year) + Pad(p.birth.month, 2) + Pad(p.birth.day, 2));
    EXPECT_EQ((p.id_number[16] - '0') % 2 == 1, p.male);
    EXPECT_GE(p.name.size(), 6u);  // surname plus at least one given character
  }
}

TEST(TableWriterTest, CsvQuotesOnlyWhereNeeded) {
  const auto path = TempFile("quote.csv");
  TableWriter w;
  ASSERT_TRUE(w.Open(path, FileFormat::kCsv, TwoFields()).ok());
  ASSERT_TRUE(w.Write({"樊城区长虹路28号,3楼", "1.5"}).ok());
  ASSERT_TRUE(w.Write({"原\"汽车城\"", "2"}).ok());
  ASSERT_TRUE(w.Write({"plain", ""}).ok());
  EXPECT_FALSE(w.Write({"too few"}).ok());
  ASSERT_TRUE(w.Close().ok());
  EXPECT_EQ(w.rows(), 3);
  EXPECT_EQ(ReadFile(path),
            "name,amount\n\"樊城区长虹路28号,3楼\",1.5\n\"原\"\"汽车城\"\"\",2\nplain,\n");
  fs::remove(path);
}

TEST(TableWriterTest, TsvAndCrlf) {
  const auto path = TempFile("t.tsv");
  TableWriter w;
  ASSERT_TRUE(w.Open(path, FileFormat::kTsv, TwoFields(), "utf-8", true).ok());
  ASSERT_TRUE(w.Write({"a\tb,c", "3"}).ok());
  ASSERT_TRUE(w.Close().ok());
  EXPECT_EQ(ReadFile(path), "name\tamount\r\na b,c\t3\r\n");
  fs::remove(path);
}

TEST(TableWriterTest, JsonFollowsFieldTypes) {
  const auto path = TempFile("j.json");
  TableWriter w;
  ASSERT_TRUE(w.Open(path, FileFormat::kJson, TwoFields()).ok());
  ASSERT_TRUE(w.Write({"襄阳\"古城\"", "12.50"}).ok());
  ASSERT_TRUE(w.Write({"", ""}).ok());
  ASSERT_TRUE(w.Close().ok());
  const auto j = nlohmann::json::parse(ReadFile(path));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["name"], "襄阳\"古城\"");
  EXPECT_DOUBLE_EQ(j[0]["amount"].get<double>(), 12.5);
  EXPECT_TRUE(j[1]["name"].is_null());
  EXPECT_TRUE(j[1]["amount"].is_null());
  fs::remove(path);
}

TEST(TableWriterTest, EmptyJsonIsAnEmptyArray) {
  const auto path = TempFile("e.json");
  TableWriter w;
  ASSERT_TRUE(w.Open(path, FileFormat::kJson, TwoFields()).ok());
  ASSERT_TRUE(w.Close().ok());
  EXPECT_TRUE(nlohmann::json::parse(ReadFile(path)).empty());
  fs::remove(path);
}

TEST(TableWriterTest, GbkConversion) {
  const auto path = TempFile("g.csv");
  TableWriter w;
  ASSERT_TRUE(w.Open(path, FileFormat::kCsv, TwoFields(), "gbk").ok());
  ASSERT_TRUE(w.Write({"站", "1"}).ok());
  ASSERT_TRUE(w.Close().ok());
  // 站 is D5BE in GBK.
  EXPECT_EQ(ReadFile(path), "name,amount\n\xD5\xBE,1\n");
  fs::remove(path);
  TableWriter bad;
  EXPECT_FALSE(bad.Open(path, FileFormat::kCsv, TwoFields(), "latin-1").ok());
}

}  // namespace
}  // namespace yungu::demo::internal
