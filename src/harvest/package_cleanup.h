// Making a remote package fit this catalog before it is mapped: values the
// catalog cannot hold are dropped or trimmed, each with a warning, so that
// one odd value (a group that is no theme, an ftp:// resource, a 300-byte
// tag) does not cost the whole dataset.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace yungu::harvest {

// Cleans `package` in place:
//  * groups: only Yungu themes (by key or label), as {"name": key};
//  * tags: 1-64 bytes, one line, at most 64, each once;
//  * resources: http(s) URLs only, names and descriptions trimmed, no ids
//    (the catalog numbers its links), at most 100;
//  * title and notes: one line of at most 256 bytes, at most 8192 bytes;
//  * extras: as a list; the national catalog's keys only with values the
//    catalog knows; harvest_* keys removed (the harvester sets its own);
//    data_format, when missing, from the resources' formats (else "other").
void CleanPackage(nlohmann::json& package, std::vector<std::string>& warnings);

// Text cut to at most `max_bytes`, on a UTF-8 character boundary.
std::string TrimUtf8(const std::string& text, size_t max_bytes);

}  // namespace yungu::harvest
