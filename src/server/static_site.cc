#include "server/static_site.h"

#include <sodium.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "yungu/core/status.h"

namespace yungu::server {
namespace {

std::string ContentType(const std::filesystem::path& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},    {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"},                     {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                  {".woff", "font/woff"},
      {".ttf", "font/ttf"},                      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"}, {".webp", "image/webp"},
  };
  auto it = kTypes.find(path.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Compressible(const std::string& content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type == "image/svg+xml";
}

// gzip (not raw deflate): what browsers accept as Content-Encoding: gzip.
std::string Gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string Etag(const std::string& data) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  static const char* kHex = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned char b : hash) {
    tag += kHex[b >> 4];
    tag += kHex[b & 15];
  }
  return tag + "\"";
}

bool AcceptsGzip(const Request& req) {
  std::string accept = req.Header("accept-encoding");
  return accept.find("gzip") != std::string::npos;
}

// The headers every page gets: no framing, no sniffing, scripts only from
// this origin. Element Plus positions popups with inline styles.
void AddPageHeaders(Response& r) {
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                         "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; "
                         "object-src 'none'; base-uri 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
}

}  // namespace

Result<std::unique_ptr<StaticSite>> StaticSite::Load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(root / "index.html", ec)) {
    return NotFound("web.not_built", "no index.html in " + root.string() + " (build the portal: make web)");
  }
  auto site = std::unique_ptr<StaticSite>(new StaticSite());
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    if (!in && !in.eof()) return IoError("web.read_failed", "cannot read " + it->path().string());
    File file;
    file.body = data.str();
    file.content_type = ContentType(it->path());
    if (Compressible(file.content_type) && file.body.size() > 512) {
      file.gzip = Gzip(file.body);
      if (file.gzip.size() * 10 > file.body.size() * 9) file.gzip.clear();  // saves under 10%
    }
    file.etag = Etag(file.body);
    std::string url = "/" + std::filesystem::relative(it->path(), root).generic_string();
    file.immutable = url.starts_with("/assets/");
    site->files_.emplace(std::move(url), std::move(file));
  }
  if (ec) return IoError("web.read_failed", "cannot list " + root.string() + ": " + ec.message());
  return site;
}

Response StaticSite::Answer(const File& file, const Request& req) const {
  Response r;
  r.content_type = file.content_type;
  r.headers.emplace_back("ETag", file.etag);
  r.headers.emplace_back("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file.content_type.starts_with("text/html")) AddPageHeaders(r);
  if (!file.gzip.empty()) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (req.Header("if-none-match") == file.etag) {
    r.status = 304;
    return r;
  }
  if (!file.gzip.empty() && AcceptsGzip(req)) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = file.gzip;
  } else {
    r.body = file.body;
  }
  if (req.method == "HEAD") r.body.clear();
  return r;
}

std::optional<Response> StaticSite::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (req.path.starts_with("/api/") || req.path == "/api" || req.path == "/metrics") return std::nullopt;
  if (auto it = files_.find(req.path); it != files_.end()) {
    return Answer(it->second, req);
  }
  // A missing asset is a real 404; any other path is a page of the app.
  std::filesystem::path path(req.path);
  if (req.path.starts_with("/assets/") || (path.has_extension() && path.extension() != ".html")) {
    Response r;
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "not found\n";
    return r;
  }
  return Answer(files_.at("/index.html"), req);
}

std::filesystem::path DefaultWebRoot() {
  std::vector<std::filesystem::path> candidates;
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::filesystem::path dir = std::filesystem::path(std::string(exe, static_cast<size_t>(n))).parent_path();
    candidates.push_back(dir / "web");                        // installed beside the binary
    candidates.push_back(dir.parent_path() / "web" / "dist");  // build/yungu in the source tree
  }
  std::error_code ec;
  for (const auto& c : candidates) {
    if (std::filesystem::is_regular_file(c / "index.html", ec)) return c;
  }
  return {};
}

}  // namespace yungu::server
