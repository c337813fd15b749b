// Canned sources for the harvester's unit tests: an HttpClient that answers
// from a function, and a CKAN portal in memory that honours package_search's
// fq (metadata_modified range), sort, rows and start.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "yungu/harvest/http_client.h"

namespace yungu::harvest::fakes {

using nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class FakeHttp : public HttpClient {
 public:
  using Handler = std::function<Result<HttpResponse>(const std::string& url, const Headers& headers)>;
  explicit FakeHttp(Handler handler) : handler_(std::move(handler)) {}

  Result<HttpResponse> Get(const std::string& url, const Headers& headers) override {
    urls.push_back(url);
    sent_headers.push_back(headers);
    auto r = handler_(url, headers);
    if (r.ok() && r->url.empty()) r->url = url;
    return r;
  }

  std::vector<std::string> urls;
  std::vector<Headers> sent_headers;

 private:
  Handler handler_;
};

inline HttpResponse Answer(int status, std::string body, std::string content_type = "application/json") {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

inline std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

inline std::map<std::string, std::string> QueryParams(const std::string& url) {
  std::map<std::string, std::string> out;
  size_t q = url.find('?');
  if (q == std::string::npos) return out;
  std::string query = url.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(pos, end - pos);
    size_t eq = pair.find('=');
    if (!pair.empty()) out[PercentDecode(pair.substr(0, eq))] = eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1));
    pos = end + 1;
  }
  return out;
}

// A package dict as CKAN gives it.
inline json Package(const std::string& name, const std::string& org, const std::string& modified,
                    const std::string& title = "") {
  return {{"id", "uuid-" + name},
          {"name", name},
          {"title", title.empty() ? "数据集 " + name : title},
          {"notes", "说明"},
          {"metadata_modified", modified},
          {"owner_org", "uuid-" + org},
          {"organization", {{"id", "uuid-" + org}, {"name", org}, {"title", "部门 " + org}}},
          {"private", false},
          {"groups", json::array({{{"name", "transport"}}})},
          {"tags", json::array({{{"name", "公交"}}})},
          {"extras", json::array()},
          {"resources", json::array({{{"id", "r-" + name}, {"url", "https://example.org/" + name + ".csv"},
                                      {"name", "下载"}, {"format", "CSV"}}})}};
}

// A CKAN portal in memory at `root`.
class FakeCkan {
 public:
  explicit FakeCkan(std::string root = "http://ckan.test") : root_(std::move(root)) {}

  std::vector<json> packages;
  int rows_cap = 1000;  // the portal's own page limit

  Result<HttpResponse> Answer(const std::string& url) const {
    std::string search = root_ + "/api/3/action/package_search";
    if (url.rfind(search, 0) != 0) return fakes::Answer(404, R"({"success": false, "error": {"message": "Not found"}})");
    auto params = QueryParams(url);
    std::string since;
    if (auto fq = params.find("fq"); fq != params.end()) {
      // metadata_modified:[FROM TO *]
      size_t open = fq->second.find('['), to = fq->second.find(" TO ");
      since = fq->second.substr(open + 1, to - open - 1);
      if (!since.empty() && since.back() == 'Z') since.pop_back();
    }
    std::vector<json> matching;
    for (const auto& p : packages) {
      if (p["metadata_modified"].get<std::string>() >= since) matching.push_back(p);
    }
    std::stable_sort(matching.begin(), matching.end(), [](const json& a, const json& b) {
      return a["metadata_modified"].get<std::string>() < b["metadata_modified"].get<std::string>();
    });
    size_t start = std::stoul(params["start"]), rows = std::min<size_t>(std::stoul(params["rows"]), rows_cap);
    json results = json::array();
    for (size_t i = start; i < matching.size() && results.size() < rows; ++i) results.push_back(matching[i]);
    json body = {{"success", true}, {"result", {{"count", matching.size()}, {"results", results}}}};
    return fakes::Answer(200, body.dump());
  }

  FakeHttp Client() const {
    return FakeHttp([this](const std::string& url, const Headers&) { return Answer(url); });
  }

 private:
  std::string root_;
};

// A scratch directory, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "yungu_harvest_XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace yungu::harvest::fakes
