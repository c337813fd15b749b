// Names and labels of the catalog's enumerations, in both the API's English
// keys and the national catalog's Chinese terms.
#include "yungu/model/catalog.h"

#include <array>
#include <utility>

namespace yungu::model {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(std::string_view s, const std::array<std::pair<std::string_view, E>, N>& table) {
  for (const auto& [name, value] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view SharingTypeName(SharingType t) {
  switch (t) {
    case SharingType::kUnconditional: return "unconditional";
    case SharingType::kConditional: return "conditional";
    case SharingType::kNone: return "none";
  }
  return "none";
}

std::string_view SharingTypeLabel(SharingType t) {
  switch (t) {
    case SharingType::kUnconditional: return "无条件共享";
    case SharingType::kConditional: return "有条件共享";
    case SharingType::kNone: return "不予共享";
  }
  return "不予共享";
}

std::optional<SharingType> ParseSharingType(std::string_view s) {
  static const std::array<std::pair<std::string_view, SharingType>, 6> kTable{{
      {"unconditional", SharingType::kUnconditional},
      {"conditional", SharingType::kConditional},
      {"none", SharingType::kNone},
      {"无条件共享", SharingType::kUnconditional},
      {"有条件共享", SharingType::kConditional},
      {"不予共享", SharingType::kNone},
  }};
  return Lookup(s, kTable);
}

std::string_view OpeningTypeName(OpeningType t) {
  switch (t) {
    case OpeningType::kUnconditional: return "unconditional";
    case OpeningType::kConditional: return "conditional";
    case OpeningType::kNone: return "none";
  }
  return "none";
}

std::string_view OpeningTypeLabel(OpeningType t) {
  switch (t) {
    case OpeningType::kUnconditional: return "无条件开放";
    case OpeningType::kConditional: return "有条件开放";
    case OpeningType::kNone: return "不予开放";
  }
  return "不予开放";
}

std::optional<OpeningType> ParseOpeningType(std::string_view s) {
  static const std::array<std::pair<std::string_view, OpeningType>, 6> kTable{{
      {"unconditional", OpeningType::kUnconditional},
      {"conditional", OpeningType::kConditional},
      {"none", OpeningType::kNone},
      {"无条件开放", OpeningType::kUnconditional},
      {"有条件开放", OpeningType::kConditional},
      {"不予开放", OpeningType::kNone},
  }};
  return Lookup(s, kTable);
}

std::string_view UpdateCycleName(UpdateCycle c) {
  switch (c) {
    case UpdateCycle::kRealtime: return "realtime";
    case UpdateCycle::kDaily: return "daily";
    case UpdateCycle::kWeekly: return "weekly";
    case UpdateCycle::kMonthly: return "monthly";
    case UpdateCycle::kQuarterly: return "quarterly";
    case UpdateCycle::kYearly: return "yearly";
    case UpdateCycle::kIrregular: return "irregular";
  }
  return "irregular";
}

std::optional<UpdateCycle> ParseUpdateCycle(std::string_view s) {
  static const std::array<std::pair<std::string_view, UpdateCycle>, 15> kTable{{
      {"realtime", UpdateCycle::kRealtime},   {"real-time", UpdateCycle::kRealtime},
      {"daily", UpdateCycle::kDaily},         {"weekly", UpdateCycle::kWeekly},
      {"monthly", UpdateCycle::kMonthly},     {"quarterly", UpdateCycle::kQuarterly},
      {"yearly", UpdateCycle::kYearly},       {"irregular", UpdateCycle::kIrregular},
      {"实时", UpdateCycle::kRealtime},       {"每日", UpdateCycle::kDaily},
      {"每周", UpdateCycle::kWeekly},         {"每月", UpdateCycle::kMonthly},
      {"每季度", UpdateCycle::kQuarterly},    {"每年", UpdateCycle::kYearly},
      {"不定期", UpdateCycle::kIrregular},
  }};
  return Lookup(s, kTable);
}

const std::vector<Theme>& Themes() {
  static const std::vector<Theme> kThemes = {
      {"credit", "信用", "Credit"},
      {"transport", "交通", "Transport"},
      {"medical", "医疗", "Medical care"},
      {"health", "卫生健康", "Health"},
      {"employment", "就业", "Employment"},
      {"social_security", "社保", "Social security"},
      {"geography", "地理空间", "Geography"},
      {"culture", "文化", "Culture"},
      {"education", "教育", "Education"},
      {"science_technology", "科技", "Science & technology"},
      {"agriculture", "农业", "Agriculture"},
      {"environment", "环境", "Environment"},
      {"finance", "金融", "Finance"},
      {"statistics", "统计", "Statistics"},
      {"weather", "气象", "Weather"},
      {"enterprise_registration", "企业登记", "Enterprise registration"},
      {"population", "人口", "Population"},
  };
  return kThemes;
}

const Theme* FindTheme(std::string_view key_or_label) {
  for (const auto& theme : Themes()) {
    if (theme.key == key_or_label || theme.label_zh == key_or_label) return &theme;
  }
  return nullptr;
}

}  // namespace yungu::model
