// The client's address behind a trusted reverse proxy: X-Forwarded-For is
// believed only from the proxies configured, and only up to the first hop
// that is not one of them.
#include <gtest/gtest.h>

#include "server/client_address.h"
#include "unit/server/test_server.h"

namespace yungu::server {
namespace {

TEST(TrustedProxies, AddressesAndNetworks) {
  auto p = TrustedProxies::Parse({"10.0.0.0/8", "192.168.1.7", "fd00::/8"});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->Trusts("10.1.2.3"));
  EXPECT_TRUE(p->Trusts("::ffff:10.9.9.9"));  // IPv4-mapped
  EXPECT_TRUE(p->Trusts("192.168.1.7"));
  EXPECT_FALSE(p->Trusts("192.168.1.8"));
  EXPECT_TRUE(p->Trusts("fd12::1"));
  EXPECT_FALSE(p->Trusts("fe80::1"));
  EXPECT_FALSE(p->Trusts("not an address"));
  for (const char* bad : {"10.0.0.0/33", "300.1.1.1", "10.0.0.0/x", "fd00::/129", ""}) {
    EXPECT_EQ(TrustedProxies::Parse({bad}).status().error_code(), "server.bad_trusted_proxy") << bad;
  }
}

TEST(TrustedProxies, TheRightmostUntrustedHopIsTheClient) {
  auto p = TrustedProxies::Parse({"10.0.0.0/8"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->ClientAddress("10.0.0.1", "203.0.113.9"), "203.0.113.9");
  // A client cannot pick its address: what it wrote is left of the hop the
  // proxy appended.
  EXPECT_EQ(p->ClientAddress("10.0.0.1", "1.2.3.4, 203.0.113.9"), "203.0.113.9");
  // Through two trusted proxies.
  EXPECT_EQ(p->ClientAddress("10.0.0.1", "203.0.113.9, 10.0.0.2"), "203.0.113.9");
  // From an untrusted peer the header means nothing.
  EXPECT_EQ(p->ClientAddress("198.51.100.1", "203.0.113.9"), "198.51.100.1");
  // Garbage stops the walk at the last good hop.
  EXPECT_EQ(p->ClientAddress("10.0.0.1", "nonsense, 10.0.0.3"), "10.0.0.3");
  EXPECT_EQ(p->ClientAddress("10.0.0.1", ""), "10.0.0.1");
  auto none = TrustedProxies::Parse({});
  EXPECT_EQ(none->ClientAddress("10.0.0.1", "203.0.113.9"), "10.0.0.1");
}

}  // namespace
}  // namespace yungu::server

namespace yungu::testing {
namespace {

// Anonymous callers are limited per address: behind a trusted proxy, per the
// address it forwards; otherwise the header is ignored.
int LimitedAfter(const TestServer& s, const std::string& client) {
  int status = 0;
  for (int i = 0; i < 3; ++i) {
    HttpRequest req{"GET", "/api/v1/themes", {{"X-Forwarded-For", client}}, "", true, false};
    req.anonymous = true;
    status = s.Send(req).status;
  }
  return status;
}

TEST(TrustedProxiesHttp, AnonymousLimitsFollowTheForwardedClient) {
  TempDir config("yungu_proxy_config");
  WriteFileBytes(config.path() / "yungu.toml",
                 "[limits]\nanonymous_per_second = 0.01\nanonymous_burst = 2\n"
                 "[server]\ntrusted_proxies = [\"127.0.0.1\"]\n");
  TestServer behind(TestServer::Options::Args({"--config", (config.path() / "yungu.toml").string()}));
  ASSERT_TRUE(behind.ok());
  EXPECT_EQ(LimitedAfter(behind, "203.0.113.1"), 429);  // the third from one client
  EXPECT_EQ(LimitedAfter(behind, "203.0.113.2"), 429);  // another client has its own budget...
  HttpRequest fresh{"GET", "/api/v1/themes", {{"X-Forwarded-For", "203.0.113.3"}}, "", true, false};
  fresh.anonymous = true;
  EXPECT_EQ(behind.Send(fresh).status, 200);  // ...so a third one starts full

  WriteFileBytes(config.path() / "open.toml", "[limits]\nanonymous_per_second = 0.01\nanonymous_burst = 2\n");
  TestServer direct(TestServer::Options::Args({"--config", (config.path() / "open.toml").string()}));
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(LimitedAfter(direct, "203.0.113.1"), 429);
  EXPECT_EQ(direct.Send(fresh).status, 429);  // not trusted: all one address
}

}  // namespace
}  // namespace yungu::testing
