// One dataset as a source lists it, in CKAN's terms whatever the source:
// DCAT records are turned into package dicts so that one mapping
// (ckan::DatasetFromPackage) serves both.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/status.h"

namespace yungu::harvest {

struct RemoteOrganization {
  std::string name;      // the source's short name: becomes the department code
  std::string title;     // its (Chinese) display name
  std::string title_en;  // its English name, when the source gives one
};

struct RemoteDataset {
  std::string remote_id;  // stable at the source: a CKAN package id, a DCAT dataset IRI
  std::string modified;   // the source's last-modified text; empty when it gives none
  RemoteOrganization organization;
  nlohmann::json package = nlohmann::json::object();  // a CKAN package dict
  std::vector<std::string> warnings;                  // values the source's mapping dropped
};

// Receives each dataset of a source in turn; a non-ok Status stops the listing.
using RemoteVisitor = std::function<Status(RemoteDataset)>;

}  // namespace yungu::harvest
