// HTTPS: the client verifies the server's certificate chain and name, and
// names the host it wants (SNI). The server is a Boost.Asio TLS server on
// loopback with a certificate made for the test.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <fstream>
#include <mutex>
#include <thread>

#include "unit/harvest/fake_sources.h"
#include "yungu/harvest/http_client.h"

namespace yungu::harvest {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

// A self-signed P-256 certificate for DNS:localhost (and no address).
TestCertificate MakeCertificate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost"}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, key, EVP_sha256());
  BIO* cert_bio = BIO_new(BIO_s_mem());
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, x);
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  TestCertificate out{BioText(cert_bio), BioText(key_bio)};
  BIO_free(cert_bio);
  BIO_free(key_bio);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

// Serves "secure" over TLS to each connection until destroyed; remembers
// the server name each client asked for.
class TlsServer {
 public:
  explicit TlsServer(const TestCertificate& cert) : tls_(ssl::context::tls_server), acceptor_(ioc_) {
    tls_.use_certificate_chain(asio::buffer(cert.cert_pem));
    tls_.use_private_key(asio::buffer(cert.key_pem), ssl::context::pem);
    tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(at.protocol());
    acceptor_.bind(at);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TlsServer() {
    asio::post(ioc_, [this] { acceptor_.close(); });
    ioc_.stop();
    thread_.join();
  }
  uint16_t port() const { return port_; }
  std::vector<std::string> server_names() {
    std::lock_guard lock(mu_);
    return names_;
  }

 private:
  struct Connection {
    explicit Connection(tcp::socket socket, ssl::context& tls) : stream(std::move(socket), tls) {}
    ssl::stream<tcp::socket> stream;
    asio::streambuf request;
    std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure";
  };

  void Accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      auto c = std::make_shared<Connection>(std::move(socket), tls_);
      c->stream.async_handshake(ssl::stream_base::server, [this, c](boost::system::error_code hs) {
        if (hs) return;
        const char* sni = SSL_get_servername(c->stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        {
          std::lock_guard lock(mu_);
          names_.push_back(sni ? sni : "");
        }
        asio::async_read_until(c->stream, c->request, "\r\n\r\n", [c](boost::system::error_code rd, size_t) {
          if (rd) return;
          asio::async_write(c->stream, asio::buffer(c->reply), [c](boost::system::error_code, size_t) {
            boost::system::error_code ignored;
            c->stream.lowest_layer().close(ignored);
          });
        });
      });
      Accept();
    });
  }

  asio::io_context ioc_;
  ssl::context tls_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> names_;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = MakeCertificate();
    ca_file_ = dir_.path() / "ca.pem";
    std::ofstream(ca_file_) << cert_.cert_pem;
    server_ = std::make_unique<TlsServer>(cert_);
  }
  std::string Url(const std::string& host) const { return "https://" + host + ":" + std::to_string(server_->port()) + "/"; }

  fakes::ScratchDir dir_;
  TestCertificate cert_;
  std::filesystem::path ca_file_;
  std::unique_ptr<TlsServer> server_;
};

TEST_F(TlsTest, TalksToATrustedServerAndNamesTheHost) {
  HttpOptions o;
  o.ca_file = ca_file_.string();
  auto r = MakeHttpClient(o)->Get(Url("localhost"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "secure");
  EXPECT_EQ(server_->server_names(), std::vector<std::string>{"localhost"});
}

TEST_F(TlsTest, RefusesACertificateNoTrustedAuthorityIssued) {
  auto r = MakeHttpClient()->Get(Url("localhost"), {});
  EXPECT_EQ(r.status().error_code(), "harvest.tls");
  EXPECT_NE(r.status().message().find("certificate verify failed"), std::string::npos) << r.status().message();
}

TEST_F(TlsTest, RefusesACertificateForAnotherName) {
  HttpOptions o;
  o.ca_file = ca_file_.string();
  auto r = MakeHttpClient(o)->Get(Url("127.0.0.1"), {});  // the certificate names localhost only
  EXPECT_EQ(r.status().error_code(), "harvest.tls");
}

}  // namespace
}  // namespace yungu::harvest
