// The web portal's files as `yungu serve` answers them: pages of the app get
// index.html, assets are cached for a year and compressed, API paths are
// never shadowed.
#include "server/static_site.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "test_server.h"

namespace yungu::server {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = "<!doctype html><html><body><div id=\"app\"></div>"
                           "<script type=\"module\" src=\"/assets/index-abc123.js\"></script></body></html>";

std::string Script() {
  std::string s = "// app\n";
  for (int i = 0; i < 200; ++i) s += "console.log('line " + std::to_string(i % 7) + "');\n";
  return s;
}

std::string Gunzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root_.path() / "assets");
    std::ofstream(root_.path() / "index.html") << kIndex;
    std::ofstream(root_.path() / "assets" / "index-abc123.js") << Script();
    std::ofstream(root_.path() / "favicon.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  }
  Request Get(const std::string& path, const std::string& accept_encoding = "") {
    Request r;
    r.method = "GET";
    r.path = path;
    if (!accept_encoding.empty()) r.headers["accept-encoding"] = accept_encoding;
    return r;
  }
  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  testing::TempDir root_;
};

TEST_F(StaticSiteTest, RefusesADirectoryWithoutIndex) {
  testing::TempDir empty;
  auto site = StaticSite::Load(empty.path());
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.status().error_code(), "web.not_built");
}

TEST_F(StaticSiteTest, AppPathsGetTheIndexWithSecurityHeaders) {
  auto site = StaticSite::Load(root_.path());
  ASSERT_TRUE(site.ok()) << site.status().ToString();
  for (const char* path : {"/", "/datasets", "/datasets/air-quality-hourly", "/workspace/admin/users"}) {
    auto r = (*site)->Serve(Get(path));
    ASSERT_TRUE(r.has_value()) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body, kIndex) << path;
    EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(*r, "Cache-Control"), "no-cache");
    EXPECT_NE(HeaderOf(*r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(HeaderOf(*r, "X-Frame-Options"), "DENY");
  }
}

TEST_F(StaticSiteTest, AssetsAreImmutableCompressedAndRevalidated) {
  auto site = StaticSite::Load(root_.path());
  ASSERT_TRUE(site.ok());
  auto plain = (*site)->Serve(Get("/assets/index-abc123.js"));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->body, Script());
  EXPECT_EQ(plain->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(*plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");

  auto gz = (*site)->Serve(Get("/assets/index-abc123.js", "gzip, deflate, br"));
  ASSERT_TRUE(gz.has_value());
  EXPECT_EQ(HeaderOf(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(*gz, "Vary"), "Accept-Encoding");
  EXPECT_LT(gz->body.size(), Script().size() / 4);
  EXPECT_EQ(Gunzip(gz->body), Script());

  Request again = Get("/assets/index-abc123.js");
  again.headers["if-none-match"] = HeaderOf(*plain, "ETag");
  auto not_modified = (*site)->Serve(again);
  ASSERT_TRUE(not_modified.has_value());
  EXPECT_EQ(not_modified->status, 304);
  EXPECT_TRUE(not_modified->body.empty());
}

TEST_F(StaticSiteTest, MissingAssetsAre404AndApiPathsAreNotServed) {
  auto site = StaticSite::Load(root_.path());
  ASSERT_TRUE(site.ok());
  auto missing = (*site)->Serve(Get("/assets/index-gone.js"));
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, 404);
  auto missing_file = (*site)->Serve(Get("/robots.txt"));
  ASSERT_TRUE(missing_file.has_value());
  EXPECT_EQ(missing_file->status, 404);
  EXPECT_FALSE((*site)->Serve(Get("/api/v1/nothing")).has_value());
  EXPECT_FALSE((*site)->Serve(Get("/metrics")).has_value());
  Request post = Get("/datasets");
  post.method = "POST";
  EXPECT_FALSE((*site)->Serve(post).has_value());
  // Traversal has nothing to reach: only files loaded at start are served.
  auto traversal = (*site)->Serve(Get("/assets/../../etc/passwd"));
  ASSERT_TRUE(traversal.has_value());
  EXPECT_EQ(traversal->status, 404);
}

TEST_F(StaticSiteTest, TheServerServesThePortalBesideTheApi) {
  testing::TestServer::Options options;
  options.extra_args = {"--web", root_.path().string()};
  testing::TestServer server(options);
  auto page = server.Send({"GET", "/datasets/bus-lines?tab=preview", {{"Accept", "text/html"}}, "", true, true});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, kIndex);
  auto script = server.Send({"GET", "/assets/index-abc123.js", {{"Accept-Encoding", "gzip"}}, "", true, true});
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(script.body), Script());
  auto api = server.Get("/api/v1/nothing-here");
  EXPECT_EQ(api.status, 404);
  EXPECT_NE(api.body.find("http.not_found"), std::string::npos);
  auto health = server.Get("/api/v1/health");
  EXPECT_EQ(health.status, 200);
}

TEST_F(StaticSiteTest, TheServerRefusesToStartWithAPortalDirectoryThatIsNotBuilt) {
  testing::TempDir empty;
  auto data = empty.path() / "data";
  auto run = testing::RunYungu({"serve", "--data", data.string(), "--listen", "127.0.0.1:0", "--web",
                                (empty.path() / "no-portal").string()});
  EXPECT_EQ(run.exit_code, 4);  // not found
  EXPECT_NE(run.err.find("web.not_built"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace yungu::server
