// A DCAT catalog page (DCAT-AP as Yungu and ckanext-dcat write it) as the
// package dicts ckan::DatasetFromPackage reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harvest/rdf.h"
#include "harvest/remote_dataset.h"

namespace yungu::harvest {

// Every dcat:Dataset of the page:
//   name        dct:identifier, else the IRI's last segment (lower-cased)
//   title       dct:title, @zh first (then untagged, then any); @en -> title_en
//   notes       dct:description, @zh first
//   tags        dcat:keyword
//   groups      dcat:theme (the IRI's last segment or its skos:prefLabel)
//   owner       dct:publisher: its dct:identifier or IRI's last segment,
//               foaf:name @zh as the title, @en as title_en
//   modified    dct:modified (without one: a fingerprint of the record, so
//               an unchanged record still reads as unchanged)
//   resources   dcat:distribution: downloadURL, else accessURL
//   extras      dct:accrualPeriodicity -> update_cycle, dct:issued ->
//               publish_date, contact phone, adms:identifier -> resource_code,
//               Yungu's own sharingType/openingType/updateCycle/sharingConditions
//   private     dct:accessRights NON_PUBLIC
std::vector<RemoteDataset> DcatDatasets(const RdfGraph& graph);

// The page's hydra:nextPage (a literal, as ckanext-dcat writes it, or an IRI).
std::optional<std::string> NextPage(const RdfGraph& graph);

// An EU frequency or Dublin Core frequency IRI as an update cycle name
// (realtime, daily, ...); nullopt for others.
std::optional<std::string> UpdateCycleForFrequency(std::string_view iri);

// An EU licence table IRI (.../licence/CC_BY_4_0) as CKAN's licence id
// (CC-BY-4.0); other IRIs as they are.
std::string LicenceIdForIri(std::string_view iri);

}  // namespace yungu::harvest
