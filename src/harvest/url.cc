// Absolute http(s) URLs: parsing, resolving a redirect's Location, and
// escaping query components.
#include <cctype>
#include <charconv>
#include <vector>

#include "yungu/harvest/http_client.h"

namespace yungu::harvest {
namespace {

Status BadUrl(std::string_view text, const std::string& why) {
  std::string shown(text.substr(0, 200));
  return InvalidArgument("harvest.bad_url", "'" + shown + "' is not a usable URL: " + why);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

uint16_t DefaultPort(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

// "/a/b/../c/./d" -> "/a/c/d" (RFC 3986 section 5.2.4, on the path only).
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> kept;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(pos, end - pos);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (segment != ".") {
      kept.push_back(segment);
    }
    pos = end + 1;
  }
  std::string out;
  for (auto s : kept) {
    out += '/';
    out += s;
  }
  bool trailing = path.size() > 1 && (path.back() == '/' || path.ends_with("/.") || path.ends_with("/.."));
  if (out.empty() || trailing) out += '/';
  return out;
}

}  // namespace

std::string Url::Origin() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::string out = scheme + "://" + h;
  if (port != DefaultPort(scheme)) out += ":" + std::to_string(port);
  return out;
}

Result<Url> ParseUrl(std::string_view text) {
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return BadUrl(text, "it has no scheme (http:// or https://)");
  Url url;
  url.scheme = Lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") return BadUrl(text, "only http and https are supported");
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7F) return BadUrl(text, "it holds spaces or control characters");
  }
  std::string_view rest = text.substr(sep + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view after = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return BadUrl(text, "credentials in the URL are not supported");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl(text, "unclosed IPv6 address");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view tail = authority.substr(close + 1);
    if (!tail.empty()) {
      if (tail.front() != ':') return BadUrl(text, "bad characters after the IPv6 address");
      port_text = tail.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    url.host = Lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return BadUrl(text, "it has no host");
  url.port = DefaultPort(url.scheme);
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      return BadUrl(text, "bad port");
    }
    url.port = static_cast<uint16_t>(value);
  }
  after = after.substr(0, after.find('#'));
  url.target = std::string(after);
  if (url.target.empty() || url.target.front() == '?') url.target = "/" + url.target;
  return url;
}

Result<Url> ResolveUrl(const Url& base, std::string_view ref) {
  ref = ref.substr(0, ref.find('#'));
  if (ref.find("://") != std::string_view::npos && ref.find("://") < ref.find_first_of("/?")) return ParseUrl(ref);
  if (ref.starts_with("//")) return ParseUrl(base.scheme + ":" + std::string(ref));
  Url out = base;
  if (ref.empty()) return out;
  if (ref.front() == '/') {
    size_t q = ref.find('?');
    out.target = RemoveDotSegments(ref.substr(0, q)) + std::string(q == std::string_view::npos ? "" : ref.substr(q));
    return out;
  }
  std::string base_path = base.target.substr(0, base.target.find('?'));
  if (ref.front() == '?') {
    out.target = base_path + std::string(ref);
    return out;
  }
  std::string merged = base_path.substr(0, base_path.rfind('/') + 1);
  size_t q = ref.find('?');
  merged += std::string(ref.substr(0, q));
  out.target = RemoveDotSegments(merged) + std::string(q == std::string_view::npos ? "" : ref.substr(q));
  return out;
}

}  // namespace yungu::harvest
