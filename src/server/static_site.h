// The web portal's built files (web/dist), held in memory with their gzip
// forms and ETags, served for every GET that is not an API route. Paths
// without a file are the single-page app's own URLs and get index.html.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "server/http_message.h"
#include "yungu/core/result.h"

namespace yungu::server {

class StaticSite {
 public:
  // Reads every file under `root`; fails when root has no index.html.
  static Result<std::unique_ptr<StaticSite>> Load(const std::filesystem::path& root);

  // The answer for a GET or HEAD of `req.path`; nullopt for API paths.
  std::optional<Response> Serve(const Request& req) const;

  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzip;  // empty when compressing does not pay
    std::string etag;
    bool immutable = false;  // content-hashed name: cache for a year
  };
  Response Answer(const File& file, const Request& req) const;

  std::map<std::string, File> files_;  // "/assets/index-abc.js" -> file
};

}  // namespace yungu::server
