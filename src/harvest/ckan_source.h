// A CKAN portal as a source: package_search, page by page.
#pragma once

#include <string>
#include <string_view>

#include "harvest/remote_dataset.h"
#include "yungu/core/result.h"
#include "yungu/harvest/http_client.h"

namespace yungu::harvest {

// The `result` of an Action API answer. Fails with harvest.http_status
// (a non-2xx answer that is no CKAN envelope), harvest.bad_json,
// harvest.bad_response (JSON that is no envelope) or harvest.remote_error
// ({"success": false}, its error's type and message quoted).
Result<nlohmann::json> ActionResult(const HttpResponse& response);

// A package dict as a RemoteDataset: id, metadata_modified, organization.
RemoteDataset FromPackage(nlohmann::json package);

// package_search text for "modified at or after `since`" (CKAN's form,
// with or without fraction or zone): metadata_modified:[<since>Z TO *].
std::string ModifiedSinceFilter(std::string_view since);

// Visits every package of the portal at `root` (no trailing '/') modified
// at or after `since` (every package when empty), oldest first, so that a
// run cut short still leaves a valid watermark behind.
Status ListCkanPackages(HttpClient& http, const std::string& root, const std::string& token, const std::string& since,
                        const RemoteVisitor& visit);

}  // namespace yungu::harvest
