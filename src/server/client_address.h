// The client's address behind reverse proxies. A request that arrives from a
// trusted proxy (nginx in front of several hub instances) names its client
// in X-Forwarded-For; the address used for rate limits and the trace is the
// rightmost hop that is not itself a trusted proxy. From anyone else the
// header is ignored, so a client cannot pick its own address.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::server {

class TrustedProxies {
 public:
  // Addresses ("10.0.0.5") and networks ("10.0.0.0/8", "fd00::/8").
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
  bool empty() const { return networks_.empty(); }
  bool Trusts(std::string_view address) const;
  // The client address of a request from `peer` with this X-Forwarded-For.
  std::string ClientAddress(const std::string& peer, std::string_view forwarded_for) const;

 private:
  struct Network {
    std::string bytes;  // network address, 4 or 16 bytes
    int prefix = 0;
  };
  std::vector<Network> networks_;
};

}  // namespace yungu::server
