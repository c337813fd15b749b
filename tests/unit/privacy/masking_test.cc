#include "yungu/privacy/masking.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <regex>

#include "privacy/mask_methods.h"
#include "unit/value_repr.h"
#include "yungu/identifiers/identifiers.h"

namespace yungu::privacy {
namespace {

using model::FieldDef;
using model::MaskMethod;
using model::MaskSpec;
using yungu::testing::Repr;

FieldDef Field(std::string name, ColumnType type) {
  FieldDef f;
  f.name = std::move(name);
  f.type = type;
  return f;
}

MaskSpec Spec(MaskMethod method) {
  MaskSpec m;
  m.method = method;
  return m;
}

MaskSpec Keep(int first, int last) {
  MaskSpec m = Spec(MaskMethod::kKeep);
  m.keep_first = first;
  m.keep_last = last;
  return m;
}

MaskSpec DateMask(const char* unit) {
  MaskSpec m = Spec(MaskMethod::kTruncateDate);
  m.date_unit = unit;
  return m;
}

MaskSpec Bucket(double width) {
  MaskSpec m = Spec(MaskMethod::kBucket);
  m.bucket_width = width;
  return m;
}

MaskSpec HierarchyMask(int level) {
  MaskSpec m = Spec(MaskMethod::kHierarchy);
  m.level = level;
  return m;
}

MaskSpec PseudonymMask(std::string domain) {
  MaskSpec m = Spec(MaskMethod::kPseudonym);
  m.domain = std::move(domain);
  return m;
}

FieldDef DistrictField() {
  FieldDef f = Field("district", ColumnType::kText);
  f.hierarchy = {
      {"海淀区", "北京市", "华北", "*"},
      {"朝阳区", "北京市", "华北", "*"},
      {"浦东新区", "上海市", "华东", "*"},
      {"武昌区", "武汉市", "华中", "*"},
  };
  return f;
}

// Masks single values of one column.
class OneColumn {
 public:
  OneColumn(FieldDef field, MaskSpec spec, const KeyRing* keys = nullptr) : field_(std::move(field)) {
    auto masker = Masker::Create({MaskColumn{&field_, spec}}, keys);
    EXPECT_TRUE(masker.ok()) << masker.status().ToString();
    if (masker.ok()) masker_.emplace(std::move(masker).value());
  }
  Value operator()(const Value& v) const { return masker_->Mask(0, v); }
  // The text a value masks to; "<null>" for null.
  std::string Text(const Value& v) const {
    Value out = (*this)(v);
    if (IsNull(out)) return "<null>";
    EXPECT_TRUE(std::holds_alternative<std::string>(out));
    return ValueToText(out);
  }
  std::string Text(const char* s) const { return Text(Value(std::string(s))); }
  const Masker& masker() const { return *masker_; }

 private:
  FieldDef field_;
  std::optional<Masker> masker_;
};

Value S(std::string s) { return Value(std::move(s)); }

// A ring with a fixed key, so every run masks alike.
std::unique_ptr<KeyRing> FixedRing() {
  PseudonymKey key;
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 29 + 3);
  return KeyRing::InMemory({key});
}
Value I(int64_t i) { return Value(i); }

std::string ValidCitizenId(int year = 1990, int month = 5, int day = 17) {
  identifiers::Rng rng(20240601);
  return identifiers::GenerateCitizenId(rng, "420602", year, month, day, true);
}

// ---- keep ----

TEST(KeepMaskTest, CountsCharactersNotBytes) {
  OneColumn keep(Field("name", ColumnType::kText), Keep(1, 1));
  EXPECT_EQ(keep.Text("张三丰"), "张*丰");
  EXPECT_EQ(keep.Text("欧阳娜娜"), "欧**娜");
  EXPECT_EQ(keep.Text("a😀b😀c"), "a***c");
  EXPECT_EQ(keep.Text("abcdef"), "a****f");
}

TEST(KeepMaskTest, ShortValuesKeepAtMostHalf) {
  OneColumn keep(Field("name", ColumnType::kText), Keep(1, 1));
  EXPECT_EQ(keep.Text("张三"), "张*");
  EXPECT_EQ(keep.Text("张"), "*");
  EXPECT_EQ(keep.Text(""), "");
  OneColumn wide(Field("name", ColumnType::kText), Keep(3, 3));
  EXPECT_EQ(wide.Text("abcd"), "ab**");
  EXPECT_EQ(wide.Text("abcde"), "ab***");
  EXPECT_EQ(wide.Text("abcdefg"), "abc*efg");
  OneColumn tail(Field("name", ColumnType::kText), Keep(0, 4));
  EXPECT_EQ(tail.Text("123"), "**3");
  EXPECT_EQ(tail.Text("13812345678"), "*******5678");
}

TEST(KeepMaskTest, NonTextValuesAreMaskedOnTheirText) {
  OneColumn keep(Field("n", ColumnType::kInteger), Keep(2, 0));
  EXPECT_EQ(keep.Text(I(123456)), "12****");
  EXPECT_EQ(keep.Text(I(-5)), "-*");
  EXPECT_EQ(keep.Text(Value(3.25)), "3.**");
  EXPECT_EQ(keep.Text(Value(Date{"1990-05-17"})), "19********");
  EXPECT_TRUE(IsNull(keep(Value())));
}

TEST(KeepMaskTest, InvalidUtf8CountsEachByte) {
  OneColumn keep(Field("name", ColumnType::kText), Keep(1, 0));
  // A truncated three-byte sequence is three characters, not one.
  const std::string truncated = "\xE5\xBC";  // first two bytes of 张
  std::string out = keep.Text(Value(truncated + "x"));
  EXPECT_EQ(out, "\xE5**");
  EXPECT_EQ(internal::CountCharacters("\xF0\x9F\x98"), 3u);
  EXPECT_EQ(internal::CountCharacters("\xED\xA0\x80"), 3u);  // a surrogate is not a character
  EXPECT_EQ(internal::CountCharacters("😀张a"), 3u);
}

// ---- citizen_id ----

TEST(CitizenIdMaskTest, ShowsRegionAndBirthYear) {
  const std::string id = ValidCitizenId();
  ASSERT_EQ(id.size(), 18u);
  OneColumn mask(Field("id", ColumnType::kText), Spec(MaskMethod::kCitizenId));
  EXPECT_EQ(mask.Text(S(id)), "4206021990********");
  EXPECT_EQ(mask.Text(S(" " + id + " ")), "4206021990********");
  std::string wrong_check = id;
  wrong_check[17] = wrong_check[17] == '1' ? '2' : '1';
  EXPECT_EQ(mask.Text(S(wrong_check)), "4206021990********");
}

TEST(CitizenIdMaskTest, ReadsFullWidthDigitsAndLowercaseX) {
  OneColumn mask(Field("id", ColumnType::kText), Spec(MaskMethod::kCitizenId));
  identifiers::Rng rng(7);
  std::string with_x;
  for (int i = 0; i < 1000 && with_x.empty(); ++i) {
    std::string id = identifiers::GenerateCitizenId(rng, "110101", 1985, 1, 2, i % 2 == 0);
    if (id.back() == 'X') with_x = id;
  }
  ASSERT_FALSE(with_x.empty());
  with_x.back() = 'x';
  EXPECT_EQ(mask.Text(S(with_x)), "1101011985********");
  // ４２０６０２１９９０… in full-width digits.
  std::string full_width;
  for (char c : ValidCitizenId()) {
    if (c == 'X') {
      full_width += "Ｘ";
    } else {
      full_width += "\xEF\xBC";
      full_width += static_cast<char>(0x90 + (c - '0'));
    }
  }
  EXPECT_EQ(mask.Text(S(full_width)), "4206021990********");
}

TEST(CitizenIdMaskTest, LegacyFifteenDigitsTakeTheEighteenDigitShape) {
  OneColumn mask(Field("id", ColumnType::kText), Spec(MaskMethod::kCitizenId));
  EXPECT_EQ(mask.Text("420602900517123"), "4206021990********");
  EXPECT_EQ(mask.Text(I(420602900517123)), "4206021990********");
}

TEST(CitizenIdMaskTest, AnythingElseIsAllStars) {
  OneColumn mask(Field("id", ColumnType::kText), Spec(MaskMethod::kCitizenId));
  const std::string id = ValidCitizenId();
  EXPECT_EQ(mask.Text(S("990602199005171234")), std::string(18, '*'));  // no such region
  EXPECT_EQ(mask.Text(S("420602199013171234")), std::string(18, '*'));  // month 13
  EXPECT_EQ(mask.Text(S(id.substr(0, 17))), std::string(17, '*'));
  EXPECT_EQ(mask.Text(S(id + "0")), std::string(19, '*'));
  EXPECT_EQ(mask.Text(S(id + "<script>")), std::string(26, '*'));
  EXPECT_EQ(mask.Text(S("张三")), "**");
  EXPECT_EQ(mask.Text(S("4206021990X5171234")), std::string(18, '*'));
  EXPECT_EQ(mask.Text(S("")), "");
  EXPECT_TRUE(IsNull(mask(Value())));
  EXPECT_EQ(mask.Text(Value(true)), "****");
}

// ---- mobile ----

TEST(MobileMaskTest, ShowsThreeAndFour) {
  OneColumn mask(Field("phone", ColumnType::kText), Spec(MaskMethod::kMobile));
  EXPECT_EQ(mask.Text("13812345678"), "138****5678");
  EXPECT_EQ(mask.Text("+86 138-1234-5678"), "138****5678");
  EXPECT_EQ(mask.Text("008613812345678"), "138****5678");
  EXPECT_EQ(mask.Text("8613812345678"), "138****5678");
  EXPECT_EQ(mask.Text("138 1234 5678"), "138****5678");
  EXPECT_EQ(mask.Text("１３８１２３４５６７８"), "138****5678");
  EXPECT_EQ(mask.Text(I(13812345678)), "138****5678");
}

TEST(MobileMaskTest, AnythingElseIsAllStars) {
  OneColumn mask(Field("phone", ColumnType::kText), Spec(MaskMethod::kMobile));
  EXPECT_EQ(mask.Text("12345678901"), std::string(11, '*'));  // 1 then 2: not a mobile
  EXPECT_EQ(mask.Text("1381234567"), std::string(10, '*'));
  EXPECT_EQ(mask.Text("138123456789"), std::string(12, '*'));
  EXPECT_EQ(mask.Text("027-87654321"), std::string(12, '*'));
  EXPECT_EQ(mask.Text("138****5678"), std::string(11, '*'));
  EXPECT_EQ(mask.Text("一三八"), "***");
  EXPECT_EQ(mask.Text("13812345678 ext 9"), std::string(17, '*'));
  EXPECT_EQ(mask.Text(""), "");
  EXPECT_TRUE(IsNull(mask(Value())));
}

// ---- pseudonym ----

TEST(PseudonymMaskTest, UsesTheKeyRingsCurrentVersion) {
  auto ring = FixedRing();
  OneColumn mask(Field("id", ColumnType::kText), PseudonymMask("person"), ring.get());
  auto expected = ring->ForDomain("person");
  ASSERT_TRUE(expected.ok());
  const std::string out = mask.Text("420602199005171234");
  EXPECT_EQ(out, expected->Pseudonym("420602199005171234"));
  EXPECT_TRUE(std::regex_match(out, std::regex("P1-[a-z2-7]{26}")));
  EXPECT_EQ(mask.Text(I(42)), expected->Pseudonym("42"));
  EXPECT_TRUE(IsNull(mask(Value())));
  EXPECT_EQ(mask.masker().OutputType(0), ColumnType::kText);
}

TEST(PseudonymMaskTest, SameValueJoinsAcrossColumnsOfOneDomainOnly) {
  auto ring = FixedRing();
  FieldDef a = Field("owner_id", ColumnType::kText);
  FieldDef b = Field("holder_id", ColumnType::kInteger);
  FieldDef c = Field("patient_id", ColumnType::kText);
  auto masker = Masker::Create({{&a, PseudonymMask("person")}, {&b, PseudonymMask("person")},
                                {&c, PseudonymMask("patient")}},
                               ring.get());
  ASSERT_TRUE(masker.ok());
  Row row{S("110101198501020011"), I(110101198501020011), S("110101198501020011")};
  masker->Apply(row);
  EXPECT_EQ(Repr(row[0]), Repr(row[1]));
  EXPECT_NE(Repr(row[0]), Repr(row[2]));
}

TEST(PseudonymMaskTest, AMaskerKeepsItsVersionAcrossARotation) {
  auto ring = FixedRing();
  OneColumn before(Field("id", ColumnType::kText), PseudonymMask("person"), ring.get());
  const std::string first = before.Text("x");
  ASSERT_TRUE(ring->Rotate().ok());
  OneColumn after(Field("id", ColumnType::kText), PseudonymMask("person"), ring.get());
  EXPECT_EQ(before.Text("x"), first);
  EXPECT_EQ(first.substr(0, 3), "P1-");
  EXPECT_EQ(after.Text("x").substr(0, 3), "P2-");
  EXPECT_NE(after.Text("x").substr(3), first.substr(3));
}

TEST(PseudonymMaskTest, NeedsAKeyRing) {
  FieldDef f = Field("id", ColumnType::kText);
  auto masker = Masker::Create({{&f, PseudonymMask("person")}}, nullptr);
  ASSERT_FALSE(masker.ok());
  EXPECT_EQ(masker.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(masker.status().error_code(), "privacy.no_key_ring");
}

// ---- nullify ----

TEST(NullifyMaskTest, EverythingBecomesNullOfTheFieldsType) {
  OneColumn mask(Field("income", ColumnType::kDecimal), Spec(MaskMethod::kNullify));
  for (const Value& v : {I(1), Value(2.5), S("x"), Value(true), Value(Date{"2020-01-01"}), Value()}) {
    EXPECT_TRUE(IsNull(mask(v)));
  }
  EXPECT_EQ(mask.masker().OutputType(0), ColumnType::kDecimal);
}

// ---- date ----

TEST(DateMaskTest, TruncatesToYearOrMonth) {
  OneColumn year(Field("birth", ColumnType::kDate), DateMask("year"));
  OneColumn month(Field("birth", ColumnType::kDate), DateMask("month"));
  EXPECT_EQ(year.Text(Value(Date{"1990-05-17"})), "1990");
  EXPECT_EQ(month.Text(Value(Date{"1990-05-17"})), "1990-05");
  EXPECT_EQ(year.Text(Value(DateTime{"1990-05-17T08:30:00"})), "1990");
  EXPECT_EQ(month.Text(Value(DateTime{"1990-05-17 08:30:00"})), "1990-05");
  EXPECT_EQ(year.masker().OutputType(0), ColumnType::kText);
}

TEST(DateMaskTest, ReadsCommonTextForms) {
  OneColumn month(Field("birth", ColumnType::kText), DateMask("month"));
  EXPECT_EQ(month.Text("1990/5/17"), "1990-05");
  EXPECT_EQ(month.Text("1990.05.17"), "1990-05");
  EXPECT_EQ(month.Text("19900517"), "1990-05");
  EXPECT_EQ(month.Text("1990年5月17日"), "1990-05");
  EXPECT_EQ(month.Text("1990年12月"), "1990-12");
  EXPECT_EQ(month.Text("1990-05"), "1990-05");
  EXPECT_EQ(month.Text(" 1990-05-17 "), "1990-05");
  EXPECT_EQ(month.Text("2000-02-29"), "2000-02");
}

TEST(DateMaskTest, UnparseableBecomesNull) {
  OneColumn year(Field("birth", ColumnType::kText), DateMask("year"));
  for (const char* bad : {"", "1990", "90-05-17", "1990-13-01", "1990-00-10", "1990-02-30", "1900-02-29",
                          "1990-05-00", "19900532", "199005171", "1990-05/17", "1990-5-17x", "hello",
                          "1990年13月", "１９９０-05-17", "1990-05-17-01"}) {
    EXPECT_EQ(year.Text(bad), "<null>") << bad;
  }
  EXPECT_TRUE(IsNull(year(I(19900517))));  // an integer is not a date
  EXPECT_TRUE(IsNull(year(Value(true))));
  EXPECT_TRUE(IsNull(year(Value())));
}

// ---- bucket ----

TEST(BucketMaskTest, IntegerColumnsShowClosedRanges) {
  OneColumn tens(Field("age", ColumnType::kInteger), Bucket(10));
  EXPECT_EQ(tens.Text(I(37)), "30-39");
  EXPECT_EQ(tens.Text(I(30)), "30-39");
  EXPECT_EQ(tens.Text(I(39)), "30-39");
  EXPECT_EQ(tens.Text(I(40)), "40-49");
  EXPECT_EQ(tens.Text(I(0)), "0-9");
  EXPECT_EQ(tens.Text(I(-1)), "-10--1");
  EXPECT_EQ(tens.Text(I(-10)), "-10--1");
  EXPECT_EQ(tens.Text(I(-11)), "-20--11");
  EXPECT_EQ(tens.Text(I(std::numeric_limits<int64_t>::max())), "9223372036854775800-9223372036854775809");
  EXPECT_EQ(tens.Text(I(std::numeric_limits<int64_t>::min())), "-9223372036854775810--9223372036854775801");
  OneColumn fives(Field("age", ColumnType::kInteger), Bucket(5));
  EXPECT_EQ(fives.Text(I(37)), "35-39");
  EXPECT_EQ(tens.masker().OutputType(0), ColumnType::kText);
}

TEST(BucketMaskTest, DecimalsShowHalfOpenRanges) {
  OneColumn halves(Field("score", ColumnType::kDecimal), Bucket(0.5));
  EXPECT_EQ(halves.Text(Value(30.7)), "[30.5, 31.0)");
  EXPECT_EQ(halves.Text(Value(-0.2)), "[-0.5, 0.0)");
  EXPECT_EQ(halves.Text(Value(-30.7)), "[-31.0, -30.5)");
  OneColumn quarters(Field("score", ColumnType::kDecimal), Bucket(0.25));
  EXPECT_EQ(quarters.Text(Value(1.3)), "[1.25, 1.50)");
  EXPECT_EQ(quarters.Text(Value(-1234567.9)), "[-1234568.00, -1234567.75)");
  OneColumn tens(Field("score", ColumnType::kDecimal), Bucket(10));
  EXPECT_EQ(tens.Text(Value(37.0)), "[30, 40)");
  EXPECT_EQ(tens.Text(Value(-0.5)), "[-10, 0)");
  EXPECT_EQ(tens.Text(Value(-0.0)), "[0, 10)");
  EXPECT_EQ(tens.Text(I(37)), "[30, 40)");
  OneColumn tenths(Field("score", ColumnType::kDecimal), Bucket(0.1));
  EXPECT_EQ(tenths.Text(Value(0.3)), "[0.3, 0.4)");
  EXPECT_EQ(tenths.Text(Value(0.7)), "[0.7, 0.8)");
  OneColumn odd(Field("age", ColumnType::kInteger), Bucket(2.5));
  EXPECT_EQ(odd.Text(I(37)), "[35.0, 37.5)");
}

TEST(BucketMaskTest, NumbersInTextAreParsedOtherValuesAreNull) {
  OneColumn tens(Field("age", ColumnType::kInteger), Bucket(10));
  EXPECT_EQ(tens.Text("37"), "30-39");
  EXPECT_EQ(tens.Text(" 37 "), "30-39");
  EXPECT_EQ(tens.Text("+5"), "0-9");
  EXPECT_EQ(tens.Text("-5"), "-10--1");
  EXPECT_EQ(tens.Text("37.5"), "[30, 40)");
  EXPECT_EQ(tens.Text(Value(37.0)), "30-39");
  EXPECT_EQ(tens.Text(Value(1e300)), "[1e+300, 1e+300)");
  for (const char* bad : {"", "abc", "37岁", "nan", "inf", "-inf", "0x10", "1,000", "+-5", "--5"}) {
    EXPECT_EQ(tens.Text(bad), "<null>") << bad;
  }
  EXPECT_TRUE(IsNull(tens(Value(std::numeric_limits<double>::quiet_NaN()))));
  EXPECT_TRUE(IsNull(tens(Value(std::numeric_limits<double>::infinity()))));
  EXPECT_TRUE(IsNull(tens(Value(true))));
  EXPECT_TRUE(IsNull(tens(Value(Date{"1990-05-17"}))));
  EXPECT_TRUE(IsNull(tens(Value())));
}

// ---- hierarchy ----

TEST(HierarchyMaskTest, ShowsTheAncestorAtTheLevel) {
  OneColumn city(DistrictField(), HierarchyMask(1));
  OneColumn region(DistrictField(), HierarchyMask(2));
  OneColumn top(DistrictField(), HierarchyMask(3));
  EXPECT_EQ(city.Text("海淀区"), "北京市");
  EXPECT_EQ(city.Text("浦东新区"), "上海市");
  EXPECT_EQ(region.Text("海淀区"), "华北");
  EXPECT_EQ(top.Text("武昌区"), "*");
  EXPECT_EQ(city.masker().OutputType(0), ColumnType::kText);
}

TEST(HierarchyMaskTest, UnknownValuesBecomeTheTop) {
  OneColumn city(DistrictField(), HierarchyMask(1));
  EXPECT_EQ(city.Text("西城区"), "*");
  EXPECT_EQ(city.Text("北京市"), "*");  // an ancestor is not a value of the hierarchy
  EXPECT_EQ(city.Text("海淀区 "), "*");
  EXPECT_EQ(city.Text(""), "*");
  EXPECT_EQ(city.Text(I(1)), "*");
  EXPECT_TRUE(IsNull(city(Value())));
}

TEST(HierarchyMaskTest, NumbersAreLookedUpByTheirText) {
  FieldDef age = Field("age", ColumnType::kInteger);
  age.hierarchy = {{"37", "35-39", "30-39", "*"}, {"42", "40-44", "40-49", "*"}};
  OneColumn mask(age, HierarchyMask(2));
  EXPECT_EQ(mask.Text(I(37)), "30-39");
  EXPECT_EQ(mask.Text("42"), "40-49");
  EXPECT_EQ(mask.Text(I(99)), "*");
}

TEST(HierarchyMaskTest, LevelIsClampedToEachRowsTop) {
  // Built in code, rows of different lengths: the map clamps per row.
  std::string conflict;
  auto map = internal::BuildAncestorMap({{"a", "b", "c"}, {"d", "e"}}, 2, conflict);
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->at("a"), "c");
  EXPECT_EQ(map->at("d"), "e");
  auto conflicting = internal::BuildAncestorMap({{"a", "b"}, {"a", "c"}}, 1, conflict);
  EXPECT_FALSE(conflicting.has_value());
  EXPECT_EQ(conflict, "a");
}

// ---- the masker ----

TEST(MaskerTest, AppliesEachColumnsMaskInPlace) {
  auto ring = FixedRing();
  FieldDef name = Field("name", ColumnType::kText);
  FieldDef id = Field("id", ColumnType::kText);
  FieldDef birth = Field("birth", ColumnType::kDate);
  FieldDef age = Field("age", ColumnType::kInteger);
  FieldDef city = Field("city", ColumnType::kText);
  FieldDef district = DistrictField();
  auto masker = Masker::Create({{&name, Keep(1, 0)},
                                {&id, Spec(MaskMethod::kCitizenId)},
                                {&birth, DateMask("year")},
                                {&age, Bucket(10)},
                                {&city, std::nullopt},
                                {&district, HierarchyMask(1)},
                                {&id, PseudonymMask("person")}},
                               ring.get());
  ASSERT_TRUE(masker.ok()) << masker.status().ToString();
  EXPECT_TRUE(masker->active());
  EXPECT_EQ(masker->column_count(), 7u);
  const std::string citizen = ValidCitizenId();
  Row row{S("张三丰"), S(citizen), Value(Date{"1990-05-17"}), I(34), S("武汉"), S("武昌区"), S(citizen)};
  masker->Apply(row);
  EXPECT_EQ(Repr(row[0]), "s:张**");
  EXPECT_EQ(Repr(row[1]), "s:4206021990********");
  EXPECT_EQ(Repr(row[2]), "s:1990");
  EXPECT_EQ(Repr(row[3]), "s:30-39");
  EXPECT_EQ(Repr(row[4]), "s:武汉");
  EXPECT_EQ(Repr(row[5]), "s:武汉市");
  EXPECT_EQ(Repr(row[6]), "s:" + ring->ForDomain("person")->Pseudonym(citizen));

  EXPECT_EQ(masker->OutputType(2), ColumnType::kText);
  EXPECT_EQ(masker->OutputType(4), ColumnType::kText);
  EXPECT_EQ(masker->OutputType(3), ColumnType::kText);
  EXPECT_EQ(masker->OutputType(99), ColumnType::kText);
}

TEST(MaskerTest, NullsStayNullAndShortRowsAreFine) {
  FieldDef name = Field("name", ColumnType::kText);
  FieldDef age = Field("age", ColumnType::kInteger);
  auto masker = Masker::Create({{&name, Keep(1, 0)}, {&age, Bucket(10)}}, nullptr);
  ASSERT_TRUE(masker.ok());
  Row nulls{Value(), Value()};
  masker->Apply(nulls);
  EXPECT_TRUE(IsNull(nulls[0]) && IsNull(nulls[1]));
  Row short_row{S("李四")};
  masker->Apply(short_row);
  ASSERT_EQ(short_row.size(), 1u);
  EXPECT_EQ(Repr(short_row[0]), "s:李*");
  Row long_row{S("李四"), I(5), S("extra")};
  masker->Apply(long_row);
  EXPECT_EQ(Repr(long_row[2]), "s:extra");
  EXPECT_EQ(Repr(long_row[1]), "s:0-9");
  EXPECT_EQ(Repr(masker->Mask(5, S("raw"))), "s:raw");
}

TEST(MaskerTest, InactiveWithoutMasks) {
  FieldDef a = Field("a", ColumnType::kInteger);
  auto none = Masker::Create({{&a, std::nullopt}, {&a, Spec(MaskMethod::kNone)}, {nullptr, std::nullopt}}, nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->active());
  EXPECT_EQ(none->OutputType(0), ColumnType::kInteger);
  EXPECT_EQ(none->OutputType(2), ColumnType::kText);
  Row row{I(1), I(2), S("x")};
  none->Apply(row);
  EXPECT_EQ(Repr(row[0]), "i:1");
  auto empty = Masker::Create({}, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->active());
}

TEST(MaskerTest, RefusesInvalidMasks) {
  FieldDef name = Field("name", ColumnType::kText);
  auto bad = Masker::Create({{&name, Bucket(10)}}, nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().error_code(), "privacy.invalid_mask");
  auto no_field = Masker::Create({{nullptr, Keep(1, 1)}}, nullptr);
  ASSERT_FALSE(no_field.ok());
  EXPECT_EQ(no_field.status().error_code(), "privacy.invalid_mask");
}

// ---- the raw value never comes out ----

struct MethodCase {
  const char* label;
  FieldDef field;
  MaskSpec spec;
};

std::vector<MethodCase> AllMethods() {
  return {
      {"keep", Field("t", ColumnType::kText), Keep(1, 1)},
      {"keep_first", Field("t", ColumnType::kText), Keep(3, 0)},
      {"keep_wide", Field("t", ColumnType::kText), Keep(20, 20)},
      {"citizen_id", Field("t", ColumnType::kText), Spec(MaskMethod::kCitizenId)},
      {"mobile", Field("t", ColumnType::kText), Spec(MaskMethod::kMobile)},
      {"pseudonym", Field("t", ColumnType::kText), PseudonymMask("d")},
      {"nullify", Field("t", ColumnType::kText), Spec(MaskMethod::kNullify)},
      {"date_year", Field("t", ColumnType::kText), DateMask("year")},
      {"date_month", Field("t", ColumnType::kText), DateMask("month")},
      {"bucket", Field("n", ColumnType::kInteger), Bucket(10)},
      {"bucket_decimal", Field("n", ColumnType::kDecimal), Bucket(0.5)},
      {"hierarchy", DistrictField(), HierarchyMask(1)},
  };
}

std::vector<Value> HostileValues() {
  const std::string id = ValidCitizenId();
  return {S(id), S("420602900517123"), S("13812345678"), S("+8613812345678"), S("张三"), S("欧阳娜娜"),
          S("a"), S("ab"), S("海淀区"), S("1990-05-17"), S("19900517"), S("1990年5月17日"), S("37"), S("-5"),
          S("30-39"), S("[30, 40)"), S("P1-aaaaaaaaaaaaaaaaaaaaaaaaaa"), S(std::string("a\0b", 3)),
          S("\xFF\xFE\xFD"), S("😀😀"), S(std::string(1000, 'x')), S("1990"), S("*x"), I(37), I(-1),
          I(13812345678), I(420602900517123), Value(2.5), Value(true), Value(Date{"1990-05-17"}),
          Value(DateTime{"1990-05-17T08:00:00"})};
}

TEST(NoRawValueTest, NoMethodReturnsItsInput) {
  auto ring = FixedRing();
  for (const auto& method : AllMethods()) {
    auto masker = Masker::Create({{&method.field, method.spec}}, ring.get());
    ASSERT_TRUE(masker.ok()) << method.label << ": " << masker.status().ToString();
    for (const Value& raw : HostileValues()) {
      const Value out = masker->Mask(0, raw);
      EXPECT_NE(Repr(out), Repr(raw)) << method.label << " returned " << ValueToText(raw);
      const std::string raw_text = ValueToText(raw);
      const std::string shown = ValueToText(out);
      if (method.spec.method == MaskMethod::kPseudonym) {
        // Only the HMAC shows; its base32 may spell short values by chance.
        EXPECT_TRUE(std::regex_match(shown, std::regex("P1-[a-z2-7]{26}"))) << shown;
        continue;
      }
      // Bucket bounds may spell the value itself (37 in "[37.0, 37.5)").
      if (raw_text.size() >= 2 && !IsNull(out) && method.spec.method != MaskMethod::kBucket) {
        EXPECT_EQ(shown.find(raw_text), std::string::npos)
            << method.label << " shows " << raw_text << " in " << ValueToText(out);
      }
    }
  }
}

bool AllStars(const std::string& s) { return s.find_first_not_of('*') == std::string::npos; }

TEST(NoRawValueTest, RandomBytesNeverComeBackAndStarsKeepTheCount) {
  auto ring = FixedRing();
  std::mt19937_64 rng(12345);  // fixed: the same inputs every run
  std::uniform_int_distribution<int> length(1, 24);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string alphabet = "0123456789-+/.X年月日张三 ";
  const std::regex month_precision("[0-9]{4}-[0-9]{2}");
  for (const auto& method : AllMethods()) {
    auto masker = Masker::Create({{&method.field, method.spec}}, ring.get());
    ASSERT_TRUE(masker.ok());
    const MaskMethod m = method.spec.method;
    for (int i = 0; i < 2000; ++i) {
      std::string raw;
      const int n = length(rng);
      for (int k = 0; k < n; ++k) {
        char c = (i % 2 == 0) ? static_cast<char>(byte(rng)) : alphabet[byte(rng) % alphabet.size()];
        raw += c == '*' ? '+' : c;  // a star masked is a star: not a leak
      }
      // A date already at month precision is what a month mask shows.
      if (m == MaskMethod::kTruncateDate && std::regex_match(raw, month_precision)) continue;
      const Value out = masker->Mask(0, S(raw));
      ASSERT_NE(Repr(out), "s:" + raw) << method.label;
      if (!std::holds_alternative<std::string>(out)) continue;
      const std::string& text = std::get<std::string>(out);
      if (m == MaskMethod::kKeep || ((m == MaskMethod::kCitizenId || m == MaskMethod::kMobile) && AllStars(text))) {
        EXPECT_EQ(internal::CountCharacters(text), internal::CountCharacters(raw)) << method.label;
      }
    }
  }
}

// ---- canonical text ----

TEST(CanonicalTextTest, MatchesValueToText) {
  internal::TextBuffer buffer;
  for (const Value& v : {Value(), I(0), I(std::numeric_limits<int64_t>::min()), I(std::numeric_limits<int64_t>::max()),
                         Value(-1.2345678901234567e-308), Value(0.1), Value(1e300), Value(-0.0),
                         Value(std::numeric_limits<double>::infinity()), Value(true), Value(false),
                         Value(Date{"2024-03-01"}), Value(DateTime{"2024-03-01T08:00:00"}), S("文本")}) {
    EXPECT_EQ(internal::CanonicalText(v, buffer), ValueToText(v));
  }
}

// ---- validation ----

void ExpectInvalid(const FieldDef& field, const MaskSpec& spec, const std::string& word) {
  Status st = ValidateMask(field, spec);
  ASSERT_FALSE(st.ok()) << word;
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.error_code(), "privacy.invalid_mask");
  EXPECT_NE(st.message().find("'" + field.name + "'"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(word), std::string::npos) << st.message();
}

TEST(ValidateMaskTest, AcceptsMasksThatFit) {
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kText), Keep(1, 0)).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kInteger), Keep(0, 2)).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kText), Spec(MaskMethod::kCitizenId)).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kInteger), Spec(MaskMethod::kMobile)).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kDate), PseudonymMask("")).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kBoolean), Spec(MaskMethod::kNullify)).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kBoolean), Spec(MaskMethod::kNone)).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kDateTime), DateMask("month")).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kText), DateMask("year")).ok());
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kDecimal), Bucket(0.5)).ok());
  EXPECT_TRUE(ValidateMask(DistrictField(), HierarchyMask(3)).ok());
}

TEST(ValidateMaskTest, RefusesMasksThatDoNotFit) {
  ExpectInvalid(Field("name", ColumnType::kText), Keep(0, 0), "first + last");
  ExpectInvalid(Field("name", ColumnType::kText), Keep(-1, 3), "non-negative");
  ExpectInvalid(Field("flag", ColumnType::kBoolean), Keep(1, 0), "boolean");
  ExpectInvalid(Field("born", ColumnType::kDate), Spec(MaskMethod::kCitizenId), "date");
  ExpectInvalid(Field("ratio", ColumnType::kDecimal), Spec(MaskMethod::kMobile), "decimal");
  ExpectInvalid(Field("flag", ColumnType::kBoolean), PseudonymMask("d"), "boolean");
  ExpectInvalid(Field("id", ColumnType::kText), PseudonymMask(std::string("a\0b", 3)), "0 byte");
  ExpectInvalid(Field("age", ColumnType::kInteger), DateMask("year"), "integer");
  ExpectInvalid(Field("born", ColumnType::kDate), DateMask("day"), "day");
  ExpectInvalid(Field("name", ColumnType::kText), Bucket(10), "text");
  ExpectInvalid(Field("born", ColumnType::kDate), Bucket(10), "date");
  ExpectInvalid(Field("age", ColumnType::kInteger), Bucket(0), "positive");
  ExpectInvalid(Field("age", ColumnType::kInteger), Bucket(-5), "positive");
  ExpectInvalid(Field("age", ColumnType::kInteger), Bucket(std::numeric_limits<double>::infinity()), "positive");
  ExpectInvalid(Field("age", ColumnType::kInteger), Bucket(std::numeric_limits<double>::quiet_NaN()), "positive");
  ExpectInvalid(Field("district", ColumnType::kText), HierarchyMask(1), "no hierarchy");
  ExpectInvalid(DistrictField(), HierarchyMask(4), "level 4");
  ExpectInvalid(DistrictField(), HierarchyMask(0), "at least 1");
  FieldDef conflicting = DistrictField();
  conflicting.hierarchy.push_back({"海淀区", "天津市", "华北", "*"});
  ExpectInvalid(conflicting, HierarchyMask(1), "海淀区");
}

TEST(ValidateMaskTest, HugeKeepCountsDoNotOverflow) {
  EXPECT_TRUE(ValidateMask(Field("a", ColumnType::kText),
                           Keep(std::numeric_limits<int>::max(), std::numeric_limits<int>::max()))
                  .ok());
  OneColumn keep(Field("a", ColumnType::kText), Keep(std::numeric_limits<int>::max(), std::numeric_limits<int>::max()));
  EXPECT_EQ(keep.Text("abcd"), "ab**");
}

TEST(ValidateMasksTest, ChecksBothAudiencesOfEveryField) {
  model::DatasetMeta meta;
  FieldDef name = Field("name", ColumnType::kText);
  name.masks.public_audience = Keep(1, 0);
  name.masks.government = Spec(MaskMethod::kNone);
  FieldDef age = Field("age", ColumnType::kInteger);
  age.masks.public_audience = Bucket(10);
  meta.fields = {name, age};
  EXPECT_TRUE(ValidateMasks(meta).ok());

  meta.fields[1].masks.government = DateMask("year");
  Status st = ValidateMasks(meta);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error_code(), "privacy.invalid_mask");
  EXPECT_NE(st.message().find("government mask"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("'age'"), std::string::npos) << st.message();

  meta.fields[1].masks.government.reset();
  meta.fields[0].masks.public_audience = Keep(0, 0);
  st = ValidateMasks(meta);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("public mask"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("'name'"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace yungu::privacy
