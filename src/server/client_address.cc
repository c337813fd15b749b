#include "server/client_address.h"

#include <boost/asio/ip/address.hpp>

namespace yungu::server {
namespace {

// The address as network-order bytes (IPv4-mapped IPv6 as IPv4); empty when
// it is not an address.
std::string AddressBytes(std::string_view text) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return {};
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    a = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  }
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    return std::string(b.begin(), b.end());
  }
  auto b = a.to_v6().to_bytes();
  return std::string(b.begin(), b.end());
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const auto& entry : entries) {
    size_t slash = entry.find('/');
    Network n;
    n.bytes = AddressBytes(entry.substr(0, slash));
    if (n.bytes.empty()) {
      return InvalidArgument("server.bad_trusted_proxy", "'" + entry + "' is not an address or network");
    }
    int bits = static_cast<int>(n.bytes.size() * 8);
    n.prefix = bits;
    if (slash != std::string::npos) {
      try {
        size_t used = 0;
        n.prefix = std::stoi(entry.substr(slash + 1), &used);
        if (used != entry.size() - slash - 1) throw std::invalid_argument("prefix");
      } catch (const std::exception&) {
        n.prefix = -1;
      }
      if (n.prefix < 0 || n.prefix > bits) {
        return InvalidArgument("server.bad_trusted_proxy", "'" + entry + "' has a bad prefix length");
      }
    }
    out.networks_.push_back(std::move(n));
  }
  return out;
}

bool TrustedProxies::Trusts(std::string_view address) const {
  std::string bytes = AddressBytes(address);
  if (bytes.empty()) return false;
  for (const auto& n : networks_) {
    if (n.bytes.size() != bytes.size()) continue;
    int full = n.prefix / 8, rest = n.prefix % 8;
    if (bytes.compare(0, full, n.bytes, 0, full) != 0) continue;
    if (rest == 0) return true;
    auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    if ((static_cast<unsigned char>(bytes[full]) & mask) == (static_cast<unsigned char>(n.bytes[full]) & mask)) {
      return true;
    }
  }
  return false;
}

std::string TrustedProxies::ClientAddress(const std::string& peer, std::string_view forwarded_for) const {
  if (networks_.empty() || forwarded_for.empty() || !Trusts(peer)) return peer;
  // Right to left: each hop was appended by the proxy in front of the next.
  std::string client = peer;
  while (!forwarded_for.empty()) {
    size_t comma = forwarded_for.rfind(',');
    std::string_view hop = Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (AddressBytes(hop).empty()) break;  // garbage: keep the last good hop
    client = std::string(hop);
    if (!Trusts(hop)) break;
  }
  return client;
}

}  // namespace yungu::server
