// A small catalog for the DCAT tests: two departments, a dataset with data
// and every optional field (its text full of what each syntax must escape),
// and a bare one with neither data nor fields.
#pragma once

#include "yungu/dcat/dcat.h"

namespace yungu::dcat::testing {

inline constexpr char kSite[] = "http://127.0.0.1:8080";

// Quotes, backslash, newline, CR, tab, markup, an ampersand, Chinese, an
// emoji, and a control character that becomes U+FFFD.
inline constexpr char kTrickySummary[] =
    "含\"引号\"与\\反斜杠\n第二行\r\n\t<b>粗体</b> & 'AT&T' 😀 \x01 ]]> end";

inline model::Department Environment() {
  return {"STHJ", "襄阳市生态环境局", "Xiangyang Ecology & Environment Bureau", "", "420600"};
}

inline model::Department Transport() { return {"JTYS", "襄阳市交通运输局", "", "", "420600"}; }

inline model::DatasetMeta AirQuality() {
  model::DatasetMeta d;
  d.id = "air-quality";
  d.resource_code = "420600-STHJ-00001";
  d.name = "空气质量 \"小时\" 数据";
  d.name_en = "Air quality <hourly> & more";
  d.summary = kTrickySummary;
  d.department = "STHJ";
  d.themes = {"environment", "science_technology"};
  d.tags = {"空气", "PM2.5", "a \"quoted\" tag"};
  d.sharing_type = model::SharingType::kUnconditional;
  d.sharing_conditions = "无";
  d.opening_type = model::OpeningType::kUnconditional;
  d.update_cycle = model::UpdateCycle::kRealtime;
  d.publish_date = "2024-02-29";
  d.licence = "CC-BY-4.0";
  d.contact_name = "监测科 <办公室>";
  d.contact_phone = "0710-3261157";
  d.contact_email = "sthj_data@xiangyang.gov.cn";
  d.created_at = "2026-01-02T03:04:05Z";
  d.updated_at = "2026-01-02T03:04:05Z";
  d.data_updated_at = "2026-01-03T00:00:00Z";
  d.current_version = 2;
  d.row_count = 10;
  return d;
}

inline model::DatasetMeta BusStops() {
  model::DatasetMeta d;
  d.id = "bus-stops";
  d.name = "公交站点";
  d.department = "JTYS";
  d.themes = {"transport"};
  d.opening_type = model::OpeningType::kConditional;
  d.update_cycle = model::UpdateCycle::kYearly;
  d.licence = "有条件开放：须签署\"数据利用协议\" & 注明来源";
  d.publish_date = "not a date";
  d.updated_at = "2026-01-02T03:04:05Z";
  return d;
}

inline CatalogExport SampleCatalog(const std::string& collection_url = std::string(kSite) + "/catalog.ttl") {
  CatalogExport c;
  c.site = kSite;
  c.datasets = {AirQuality(), BusStops()};
  c.departments = {Environment(), Transport()};
  c.paging.page = 2;
  c.paging.total = 250;
  c.paging.collection_url = collection_url;
  return c;
}

}  // namespace yungu::dcat::testing
