#include <gtest/gtest.h>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

using nlohmann::json;

TEST(CkanParams, IntegersFromJsonOrText) {
  json d = {{"a", 5}, {"b", "7"}, {"c", " 9\n"}, {"d", "x"}, {"e", -1}, {"f", 5000}, {"g", ""}};
  EXPECT_EQ(*IntParam(d, "a", 0, 0, 100), 5);
  EXPECT_EQ(*IntParam(d, "b", 0, 0, 100), 7);
  EXPECT_EQ(*IntParam(d, "c", 0, 0, 100), 9);
  EXPECT_EQ(*IntParam(d, "missing", 42, 0, 100), 42);
  EXPECT_EQ(*IntParam(d, "g", 42, 0, 100), 42);
  auto bad = IntParam(d, "d", 0, 0, 100);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().error_code(), "ckan.field.d");
  EXPECT_EQ(bad.status().message(), "Invalid integer");
  EXPECT_EQ(IntParam(d, "e", 0, 0, 100).status().message(), "Must be a natural number");
  EXPECT_FALSE(IntParam(d, "f", 0, 0, 100).ok());
}

TEST(CkanParams, BooleansAsCkanReadsThem) {
  json d = {{"a", true}, {"b", "True"}, {"c", "false"}, {"d", "0"}, {"e", "maybe"}, {"f", 1}};
  EXPECT_TRUE(*BoolParam(d, "a", false));
  EXPECT_TRUE(*BoolParam(d, "b", false));
  EXPECT_FALSE(*BoolParam(d, "c", true));
  EXPECT_FALSE(*BoolParam(d, "d", true));
  EXPECT_TRUE(*BoolParam(d, "f", false));
  EXPECT_TRUE(*BoolParam(d, "missing", true));
  EXPECT_EQ(BoolParam(d, "e", false).status().error_code(), "ckan.field.e");
}

TEST(CkanParams, JsonGivenAsText) {
  json d = {{"filters", "{\"a\": 1}"}, {"list", json::array({"x"})}, {"broken", "{"}};
  EXPECT_EQ(*JsonParam(d, "filters"), json({{"a", 1}}));
  EXPECT_EQ(*JsonParam(d, "list"), json::array({"x"}));
  EXPECT_TRUE(JsonParam(d, "missing")->is_null());
  EXPECT_EQ(JsonParam(d, "broken").status().error_code(), "ckan.field.broken");
}

}  // namespace
}  // namespace yungu::ckan
