// The HTTP client against small servers on loopback: answers, redirects,
// limits, timeouts and the failures a harvester meets.
#include <gtest/gtest.h>

#include "unit/harvest/loopback_server.h"
#include "yungu/harvest/http_client.h"

namespace yungu::harvest {
namespace {

using namespace std::chrono_literals;
using fakes::LoopbackServer;
using fakes::Reply;

std::string PathOf(const std::string& request) {
  size_t sp = request.find(' ');
  return request.substr(sp + 1, request.find(' ', sp + 1) - sp - 1);
}

TEST(HttpClientTest, GetsAnAnswerWithItsStatusTypeAndBody) {
  LoopbackServer server([](const std::string&) { return Reply(404, "no such page"); });
  auto r = MakeHttpClient()->Get(server.url("/a?b=1"), {{"Authorization", "secret"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->content_type, "text/plain");
  EXPECT_EQ(r->body, "no such page");
  EXPECT_EQ(r->url, server.url("/a?b=1"));
  std::string request = server.requests().at(0);
  EXPECT_EQ(request.rfind("GET /a?b=1 HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(request.find("User-Agent: yungu-harvester/0.1\r\n"), std::string::npos);
  EXPECT_NE(request.find("Authorization: secret\r\n"), std::string::npos);
  EXPECT_NE(request.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"), std::string::npos);
}

TEST(HttpClientTest, FollowsRedirectsAndDropsCredentialsLeavingTheOrigin) {
  LoopbackServer elsewhere([](const std::string&) { return Reply(200, "there"); });
  const std::string away = elsewhere.url("/final");
  LoopbackServer server([&](const std::string& request) {
    std::string path = PathOf(request);
    if (path == "/start") return Reply(302, "", "Location: next\r\n");
    if (path == "/next") return Reply(301, "", "Location: " + away + "\r\n");
    return Reply(500, "unexpected " + path);
  });
  auto r = MakeHttpClient()->Get(server.url("/start"), {{"Authorization", "secret"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "there");
  EXPECT_EQ(r->url, away);
  EXPECT_NE(server.requests().at(1).find("Authorization: secret"), std::string::npos);  // same origin
  EXPECT_EQ(elsewhere.requests().at(0).find("Authorization"), std::string::npos);
}

TEST(HttpClientTest, GivesUpOnEndlessRedirects) {
  LoopbackServer server([](const std::string&) { return Reply(307, "", "Location: /again\r\n"); });
  auto r = MakeHttpClient()->Get(server.url("/"), {});
  EXPECT_EQ(r.status().error_code(), "harvest.too_many_redirects");
  EXPECT_EQ(server.requests().size(), 6u);  // the request and five redirects
}

TEST(HttpClientTest, CapsTheResponseSize) {
  LoopbackServer server([](const std::string&) { return Reply(200, std::string(10000, 'x')); });
  HttpOptions o;
  o.max_response_bytes = 1000;
  auto r = MakeHttpClient(o)->Get(server.url(), {});
  EXPECT_EQ(r.status().error_code(), "harvest.response_too_large");
  EXPECT_EQ(r.status().code(), Code::kPayloadTooLarge);
}

TEST(HttpClientTest, ASilentServerTimesOut) {
  LoopbackServer server([](const std::string&) { return std::string(); });
  HttpOptions o;
  o.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto r = MakeHttpClient(o)->Get(server.url(), {});
  EXPECT_EQ(r.status().error_code(), "harvest.timeout");
  EXPECT_EQ(r.status().code(), Code::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(HttpClientTest, ARefusedConnectionIsAConnectError) {
  uint16_t port = 0;
  {
    LoopbackServer closed([](const std::string&) { return std::string("x"); });
    port = closed.port();
  }  // nothing listens there any more
  auto r = MakeHttpClient()->Get("http://127.0.0.1:" + std::to_string(port) + "/", {});
  EXPECT_EQ(r.status().error_code(), "harvest.connect");
  EXPECT_EQ(r.status().code(), Code::kIoError);
  EXPECT_NE(r.status().message().find("127.0.0.1:" + std::to_string(port)), std::string::npos);
}

TEST(HttpClientTest, HttpsToAPlainServerIsATlsError) {
  LoopbackServer server([](const std::string&) { return Reply(400, "this is plain HTTP"); });
  HttpOptions o;
  o.timeout = 5s;
  auto r = MakeHttpClient(o)->Get("https://127.0.0.1:" + std::to_string(server.port()) + "/", {});
  EXPECT_EQ(r.status().error_code(), "harvest.tls") << r.status().ToString();
}

TEST(HttpClientTest, RefusesWhatIsNoHttpUrl) {
  EXPECT_EQ(MakeHttpClient()->Get("ftp://example.org/x", {}).status().error_code(), "harvest.bad_url");
  EXPECT_EQ(MakeHttpClient()->Get("http:///x", {}).status().error_code(), "harvest.bad_url");
}

TEST(UrlTest, TakesUrlsApart) {
  auto u = ParseUrl("HTTPS://Portal.Example.org:8443/api/3/action/package_search?q=a#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "portal.example.org");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/api/3/action/package_search?q=a");
  EXPECT_EQ(u->Origin(), "https://portal.example.org:8443");
  auto v6 = ParseUrl("http://[::1]:8080");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/");
  EXPECT_EQ(v6->ToString(), "http://[::1]:8080/");
  EXPECT_EQ(ParseUrl("http://x.org?a=1")->target, "/?a=1");
  EXPECT_FALSE(ParseUrl("http://x.org:99999/").ok());
  EXPECT_FALSE(ParseUrl("http://user:pw@x.org/").ok());
  EXPECT_FALSE(ParseUrl("http://x.org/a b").ok());
}

TEST(UrlTest, ResolvesReferences) {
  Url base = *ParseUrl("http://x.org/a/b/c.ttl?page=1");
  EXPECT_EQ(ResolveUrl(base, "?page=2")->ToString(), "http://x.org/a/b/c.ttl?page=2");
  EXPECT_EQ(ResolveUrl(base, "d.ttl")->ToString(), "http://x.org/a/b/d.ttl");
  EXPECT_EQ(ResolveUrl(base, "../d")->ToString(), "http://x.org/a/d");
  EXPECT_EQ(ResolveUrl(base, "/root?x")->ToString(), "http://x.org/root?x");
  EXPECT_EQ(ResolveUrl(base, "//y.org/z")->ToString(), "http://y.org/z");
  EXPECT_EQ(ResolveUrl(base, "https://z.org/")->ToString(), "https://z.org/");
}

}  // namespace
}  // namespace yungu::harvest
