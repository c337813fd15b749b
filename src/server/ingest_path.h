// Loading a file as a new version of a dataset, whichever API it came
// through (the native upload route, CKAN's resource_create/update).
#pragma once

#include <filesystem>

#include "server/api.h"
#include "yungu/ingest/pipeline.h"

namespace yungu::server {

// The release gate (for datasets open to the public), the ingest itself,
// then the search index (in the background), governance's follow-up and
// the trace. The report's status says why nothing was committed.
// `meta` is the dataset as the caller was allowed to manage it.
ingest::IngestReport IngestAsVersion(ApiContext& ctx, const Request& req, const model::DatasetMeta& meta,
                                     const std::filesystem::path& file, ingest::IngestOptions options);

}  // namespace yungu::server
