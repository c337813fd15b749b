// Hostile query parameters against the demo data: every answer is 200 or a
// 4xx with the error envelope, never a 5xx or a dropped connection, and the
// server stays healthy afterwards.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

const char* kDataset = "enterprise-registry";

std::string Show(const std::string& target, const HttpResponse& r) {
  return target.substr(0, 300) + " -> " + std::to_string(r.status) + (r.error.empty() ? "" : " [" + r.error + "]") +
         " " + r.body.substr(0, 500);
}

// 200, or a 4xx whose body is the error envelope with the same status.
void ExpectHandled(const std::string& target, const HttpResponse& r) {
  ASSERT_TRUE(r.error.empty()) << Show(target, r);
  ASSERT_TRUE(r.status == 200 || (r.status >= 400 && r.status < 500)) << Show(target, r);
  if (r.status == 200) return;
  json j = json::parse(r.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << Show(target, r);
  ASSERT_TRUE(j.contains("error") && j["error"].is_object()) << Show(target, r);
  EXPECT_EQ(j["error"].value("status", 0), r.status) << Show(target, r);
  EXPECT_TRUE(j["error"].contains("code") && j["error"]["code"].is_string()) << Show(target, r);
  EXPECT_TRUE(j["error"].contains("request_id")) << Show(target, r);
}

std::string RandomJson(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> names = {"district", "registered_capital", "name", "nope", "", "中文",
                                                 "$and",     "\\u0000",            "a b",  "__proto__"};
  static const std::vector<std::string> ops = {"eq", "in", "gte", "lte", "gt", "lt", "ne", "is_null", "like", "x"};
  switch (depth > 3 ? rng() % 5 : rng() % 8) {
    case 0: return "null";
    case 1: return std::to_string(static_cast<int64_t>(rng()));
    case 2: return "\"" + names[rng() % names.size()] + "\"";
    case 3: return (rng() % 2) ? "true" : "1e308";
    case 4: return "-0.0";
    case 5: {
      std::string out = "[";
      for (size_t i = 0, n = rng() % 4; i < n; ++i) out += (i ? "," : "") + RandomJson(rng, depth + 1);
      return out + "]";
    }
    default: {
      std::string out = "{";
      for (size_t i = 0, n = rng() % 4; i < n; ++i) {
        const auto& key = (rng() % 2) ? names[rng() % names.size()] : ops[rng() % ops.size()];
        out += (i ? ",\"" : "\"") + key + "\":" + RandomJson(rng, depth + 1);
      }
      return out + "}";
    }
  }
}

std::vector<std::string> HostileTargets() {
  const std::string base = std::string("/api/v1/datasets/") + kDataset + "/query?";
  const std::string exp = std::string("/api/v1/datasets/") + kDataset + "/export?";
  auto enc = [](const std::string& s) { return PercentEncode(s); };
  std::vector<std::string> t;
  // Deep nesting.
  t.push_back(base + "filters=" + enc(std::string(10000, '[') + std::string(10000, ']')));
  t.push_back(base + "filters=" + enc("{\"district\":" + std::string(10000, '[') + std::string(10000, ']') + "}"));
  {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "{\"a\":";
    deep += "1" + std::string(10000, '}');
    t.push_back(base + "filters=" + enc(deep));
  }
  // A huge IN list (over the 1,000 limit) and one just under.
  for (int n : {999, 1000, 1001, 20000}) {
    std::string list = "[";
    for (int i = 0; i < n; ++i) list += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
    list += "]";
    t.push_back(base + "filters=" + enc("{\"district\":{\"in\":" + list + "}}"));
  }
  // Unicode and NUL in names and values; invalid UTF-8 (percent-escaped).
  for (const std::string& name : {std::string("名称"), std::string("district%00"), std::string("%00"),
                                  std::string("%FF%FE"), std::string("%ED%A0%80"), std::string("%C0%80")}) {
    t.push_back(base + "filters=" + enc("{\"") + name + enc("\":\"x\"}"));
    t.push_back(base + "sort=" + name);
    t.push_back(base + "fields=" + name);
    t.push_back(base + "group_by=" + name + "&agg=count");
    t.push_back(base + name + "=1");
    t.push_back(base + "q=" + name);
    t.push_back(base + "cursor=" + name);
    t.push_back(exp + "format=csv&sort=" + name);
    t.push_back(exp + "format=" + name);
    t.push_back(exp + "format=csv&filename=" + name);
    t.push_back("/api/v1/datasets/" + name + "/query");
    t.push_back("/api/v1/" + name);
    t.push_back("/api/v1/datasets?q=" + name);
  }
  t.push_back(base + "filters=" + enc("{\"district\":\"樊城区\\u0000x\"}"));
  t.push_back(base + "filters=" + enc("{\"district\":\"\\ud800\"}"));  // lone surrogate in JSON
  t.push_back(base + "filters=" + enc("{\"district\\u0000\":\"x\"}"));
  // Long sort lists.
  {
    std::string sort;
    for (int i = 0; i < 5000; ++i) sort += (i ? "," : "") + std::string(i % 2 ? "-district" : "name");
    t.push_back(base + "sort=" + enc(sort));
    std::string commas(20000, ',');
    t.push_back(base + "sort=" + commas);
    t.push_back(base + "fields=" + commas);
  }
  // Limits and offsets.
  for (const char* v : {"-1", "0", "1", "10000", "10001", "-9223372036854775808", "9223372036854775807",
                               "99999999999999999999999", "1e3", "0x10", " 5", "5 ", "+5", "", "NaN"}) {
    t.push_back(base + "limit=" + enc(v));
    t.push_back(base + "offset=" + enc(v));
    t.push_back(base + "version=" + enc(v));
    t.push_back(base + "total=" + enc(v));
    t.push_back(exp + "limit=" + enc(v));
  }
  // Cursor garbage.
  for (const std::string& c : std::vector<std::string>{"x", "====", "AAAA", "eyJ9", "eyJhIjoxfQ", "e30", "W10",
                                                        "bnVsbA", "%00%00", std::string(5000, 'A'),
                                                        "eyJ2IjoxLCJrIjpbMSwyXSwiciI6MX0"}) {
    t.push_back(base + "cursor=" + enc(c));
    t.push_back(base + "cursor=" + enc(c) + "&sort=-registered_capital");
  }
  // Full-text operators.
  for (const std::string& q : std::vector<std::string>{"\"", "\"\"", "*", "a*", "*a", "NEAR(", "NEAR(a b", "NEAR(a b, -1)", "AND OR NOT", "AND", "NOT x", "OR",
        "^", "^a", ":", "name:x", "c0:x", "(", ")", "((", "a - b", "-", "+", "{a b}", "\\", "'", "\"a\" OR",
        "企业 OR", "企 业", "\xF0\x9F\x98\x80", std::string(100000, 'x'), "%", "a\tb\nc"}) {
    t.push_back(base + "q=" + enc(q));
    t.push_back(base + "q=" + enc(q) + "&total=true");
    t.push_back(exp + "format=ndjson&q=" + enc(q));
    t.push_back("/api/v1/datasets?q=" + enc(q));
  }
  // Distinct / group-by / aggregates.
  for (const std::string& a : std::vector<std::string>{"count", "sum:district", "avg:registered_capital", "min:", ":", "max:nope",
                               "count,count,count", "sum:registered_capital,avg", "%00"}) {
    t.push_back(base + "group_by=district&agg=" + enc(a));
    t.push_back(base + "distinct=" + enc(a));
  }
  // Random JSON in every JSON-valued parameter.
  std::mt19937_64 rng(424242);
  for (int i = 0; i < 150; ++i) {
    const std::string j = enc(RandomJson(rng, 0));
    switch (i % 5) {
      case 0: t.push_back(base + "filters=" + j); break;
      case 1: t.push_back(base + "fields=" + j); break;
      case 2: t.push_back(base + "sort=" + j); break;
      case 3: t.push_back(base + "aggregates=" + j + "&group_by=district"); break;
      default: t.push_back(exp + "format=json&filters=" + j); break;
    }
  }
  return t;
}

TEST(HostileQuery, EveryAnswerIsHandled) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  const auto targets = HostileTargets();
  ASSERT_GT(targets.size(), 300u);
  for (const auto& target : targets) {
    HttpResponse r = server.Get(target);
    ExpectHandled(target, r);
    if (HasFatalFailure()) break;
  }
  // The same through POST bodies: random and deep JSON.
  std::mt19937_64 rng(99);
  const std::string post = std::string("/api/v1/datasets/") + kDataset + "/query";
  std::vector<std::string> bodies = {std::string(10000, '[') + std::string(10000, ']'),
                                     "{\"filters\":" + std::string(10000, '[') + std::string(10000, ']') + "}",
                                     "{\"filters\":{\"district\":\"\\ud800\"}}",
                                     "{\"q\":\"\xFF\"}",
                                     "{\"limit\":-1}",
                                     "{\"limit\":1e400}",
                                     "{\"offset\":18446744073709551615}",
                                     "{\"sort\":[" + std::string(3000, '1') + "]}"};
  for (int i = 0; i < 100; ++i) {
    const std::string keys[] = {"filters", "fields", "sort", "limit", "offset", "cursor", "q", "total",
                                "distinct", "group_by", "aggregates", "version"};
    bodies.push_back("{\"" + keys[rng() % 12] + "\":" + RandomJson(rng, 0) + "}");
  }
  for (const auto& body : bodies) {
    HttpResponse r = server.PostJson(post, body);
    ExpectHandled("POST " + body.substr(0, 200), r);
    if (HasFatalFailure()) break;
  }
  HttpResponse health = server.Get("/api/v1/health");
  EXPECT_EQ(health.status, 200) << health.error << health.body;
  EXPECT_TRUE(server.running());
}

// Regressions: text that is not UTF-8 after percent-decoding once produced a
// 500 (in a handler: the error envelope's JSON encoder threw) or a dropped
// connection (outside a handler).
TEST(HostileQuery, InvalidUtf8InTheUrlIsA400) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  for (const std::string target :
       {"/api/v1/no-such%FF", "/api/v1/datasets/enterprise-registry/query?%FF=1",
        "/api/v1/datasets/enterprise-registry/query?sort=%FF", "/api/v1/datasets/enterprise-registry/query?q=%C0%80",
        "/api/v1/datasets/%ED%A0%80", "/api/v1/datasets?q=%E4%B8"}) {
    HttpResponse r = server.Get(target);
    ExpectHandled(target, r);
    EXPECT_EQ(r.status, 400) << Show(target, r);
    EXPECT_NE(r.body.find("http.bad_target"), std::string::npos) << Show(target, r);
  }
  EXPECT_EQ(server.Get("/api/v1/health").status, 200);
}

}  // namespace
}  // namespace yungu::testing
