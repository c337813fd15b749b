// A DCAT catalog as a source: its pages, followed by hydra:nextPage.
#pragma once

#include <string>

#include "harvest/rdf.h"
#include "harvest/remote_dataset.h"
#include "yungu/harvest/http_client.h"

namespace yungu::harvest {

// The syntax of a fetched document: by Content-Type, else by the URL's
// extension; Unsupported "harvest.unknown_syntax" when neither says.
Result<RdfSyntax> DocumentSyntax(const HttpResponse& response);

// Visits every dcat:Dataset of the catalog at `url` and its following
// pages. A non-2xx answer is harvest.http_status; documents that do not
// parse are harvest.bad_rdf. A page seen before ends the walk.
Status ListDcatDatasets(HttpClient& http, const std::string& url, const std::string& token,
                        const RemoteVisitor& visit);

}  // namespace yungu::harvest
