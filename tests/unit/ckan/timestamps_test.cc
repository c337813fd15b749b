#include <gtest/gtest.h>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

TEST(CkanTimestamp, DropsTheZoneAndWritesMicroseconds) {
  EXPECT_EQ(Timestamp("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05");
  EXPECT_EQ(Timestamp("2024-01-02T03:04:05.123Z"), "2024-01-02T03:04:05.123000");
  EXPECT_EQ(Timestamp("2024-01-02T03:04:05.000Z"), "2024-01-02T03:04:05");
  EXPECT_EQ(Timestamp("2024-01-02 03:04:05.1234567"), "2024-01-02T03:04:05.123456");
}

TEST(CkanTimestamp, NoTimeIsNull) {
  EXPECT_TRUE(Timestamp("").is_null());
  EXPECT_TRUE(Timestamp("2024-01-02").is_null());
  EXPECT_TRUE(Timestamp("yesterday at noon").is_null());
}

TEST(CkanTimestamp, BackToIso) {
  EXPECT_EQ(TimestampToIso("2024-01-02T03:04:05.654321"), "2024-01-02T03:04:05Z");
  EXPECT_EQ(TimestampToIso("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05Z");
  EXPECT_FALSE(TimestampToIso("NOW-1DAY").has_value());
}

TEST(CkanTypes, NamesBothWays) {
  EXPECT_EQ(DatastoreTypeName(ColumnType::kInteger), "int8");
  EXPECT_EQ(DatastoreTypeName(ColumnType::kDateTime), "timestamp");
  EXPECT_EQ(ColumnTypeFromDatastore("int4"), ColumnType::kInteger);
  EXPECT_EQ(ColumnTypeFromDatastore("float8"), ColumnType::kDecimal);
  EXPECT_EQ(ColumnTypeFromDatastore("timestamp"), ColumnType::kDateTime);
  EXPECT_FALSE(ColumnTypeFromDatastore("geometry").has_value());
  for (ColumnType t : {ColumnType::kInteger, ColumnType::kDecimal, ColumnType::kBoolean, ColumnType::kDate,
                       ColumnType::kDateTime, ColumnType::kText}) {
    EXPECT_EQ(ColumnTypeFromDatastore(DatastoreTypeName(t)), t);
  }
}

TEST(CkanLicences, KnownIdsIgnoringCase) {
  ASSERT_NE(FindLicence("cc-by"), nullptr);
  EXPECT_TRUE(FindLicence("CC-BY")->open);
  EXPECT_FALSE(FindLicence("other-closed")->open);
  EXPECT_EQ(FindLicence("某某授权协议"), nullptr);
}

}  // namespace
}  // namespace yungu::ckan
