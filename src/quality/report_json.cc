// JSON form of quality reports and timeliness.
#include <cmath>

#include "yungu/model/catalog.h"
#include "yungu/quality/report.h"

namespace yungu::quality {
namespace {

using nlohmann::json;

// Bumped when the shape changes in a way old readers would misread.
constexpr int kReportFormat = 1;

Status Bad(const std::string& path, const std::string& what) {
  return InvalidArgument("quality.bad_report", "'" + path + "' " + what);
}

// Typed access to the keys of one JSON object, naming the full path in errors.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string path) : j_(j), path_(std::move(path)) {}

  Status Check() const { return j_.is_object() ? Status::Ok() : Bad(path_, "must be an object"); }

  const json* Find(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string PathOf(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  Status Int(const char* key, int64_t& out) const {
    const json* v = Find(key);
    if (!v || !v->is_number_integer()) return Bad(PathOf(key), "must be an integer");
    out = v->get<int64_t>();
    return Status::Ok();
  }
  Status Number(const char* key, double& out) const {
    const json* v = Find(key);
    if (!v || !v->is_number() || !std::isfinite(v->get<double>())) return Bad(PathOf(key), "must be a number");
    out = v->get<double>();
    return Status::Ok();
  }
  Status Bool(const char* key, bool& out) const {
    const json* v = Find(key);
    if (!v || !v->is_boolean()) return Bad(PathOf(key), "must be true or false");
    out = v->get<bool>();
    return Status::Ok();
  }
  // Absent (or null) reads as "" when `optional`.
  Status String(const char* key, std::string& out, bool optional = false) const {
    const json* v = Find(key);
    if (!v && optional) return Status::Ok();
    if (!v || !v->is_string()) return Bad(PathOf(key), "must be a string");
    out = v->get<std::string>();
    return Status::Ok();
  }
  Status StringList(const char* key, std::vector<std::string>& out) const {
    const json* v = Find(key);
    if (!v || !v->is_array()) return Bad(PathOf(key), "must be an array of strings");
    for (const auto& item : *v) {
      if (!item.is_string()) return Bad(PathOf(key), "must be an array of strings");
      out.push_back(item.get<std::string>());
    }
    return Status::Ok();
  }
  // Calls read(element, path) for each element of the array at `key`.
  template <typename Fn>
  Status Array(const char* key, Fn read) const {
    const json* v = Find(key);
    if (!v || !v->is_array()) return Bad(PathOf(key), "must be an array");
    for (size_t i = 0; i < v->size(); ++i) {
      YG_RETURN_IF_ERROR(read((*v)[i], PathOf(key) + "[" + std::to_string(i) + "]"));
    }
    return Status::Ok();
  }

 private:
  const json& j_;
  std::string path_;
};

json ExamplesToJson(const std::vector<Example>& examples) {
  json out = json::array();
  for (const auto& e : examples) out.push_back({{"row", e.row}, {"value", e.value}, {"reason", e.reason}});
  return out;
}

Status ReadExamples(const ObjectReader& parent, std::vector<Example>& out) {
  return parent.Array("examples", [&out](const json& j, const std::string& path) -> Status {
    ObjectReader r(j, path);
    YG_RETURN_IF_ERROR(r.Check());
    Example e;
    YG_RETURN_IF_ERROR(r.Int("row", e.row));
    YG_RETURN_IF_ERROR(r.String("value", e.value));
    YG_RETURN_IF_ERROR(r.String("reason", e.reason));
    out.push_back(std::move(e));
    return Status::Ok();
  });
}

Status ReadField(const json& j, const std::string& path, std::vector<FieldCompleteness>& out) {
  ObjectReader r(j, path);
  YG_RETURN_IF_ERROR(r.Check());
  FieldCompleteness f;
  YG_RETURN_IF_ERROR(r.String("field", f.field));
  YG_RETURN_IF_ERROR(r.String("type", f.type));
  YG_RETURN_IF_ERROR(r.Bool("required", f.required));
  YG_RETURN_IF_ERROR(r.Bool("present", f.present));
  YG_RETURN_IF_ERROR(r.Int("filled", f.filled));
  YG_RETURN_IF_ERROR(r.Int("missing", f.missing));
  YG_RETURN_IF_ERROR(r.Number("share", f.share));
  out.push_back(std::move(f));
  return Status::Ok();
}

Status ReadRule(const json& j, const std::string& path, std::vector<RuleResult>& out) {
  ObjectReader r(j, path);
  YG_RETURN_IF_ERROR(r.Check());
  RuleResult rule;
  YG_RETURN_IF_ERROR(r.String("field", rule.field));
  YG_RETURN_IF_ERROR(r.String("rule", rule.rule));
  YG_RETURN_IF_ERROR(r.String("detail", rule.detail));
  YG_RETURN_IF_ERROR(r.Int("checked", rule.checked));
  YG_RETURN_IF_ERROR(r.Int("failed", rule.failed));
  YG_RETURN_IF_ERROR(r.Number("pass_share", rule.pass_share));
  YG_RETURN_IF_ERROR(ReadExamples(r, rule.examples));
  YG_RETURN_IF_ERROR(r.String("skipped", rule.skipped, /*optional=*/true));
  out.push_back(std::move(rule));
  return Status::Ok();
}

Result<KeyUniqueness> ReadKey(const json& j) {
  ObjectReader r(j, "key");
  YG_RETURN_IF_ERROR(r.Check());
  KeyUniqueness key;
  YG_RETURN_IF_ERROR(r.StringList("fields", key.fields));
  YG_RETURN_IF_ERROR(r.Int("checked", key.checked));
  YG_RETURN_IF_ERROR(r.Int("incomplete", key.incomplete));
  YG_RETURN_IF_ERROR(r.Int("duplicates", key.duplicates));
  YG_RETURN_IF_ERROR(ReadExamples(r, key.examples));
  return key;
}

Result<QualityScore> ReadScore(const json& j) {
  ObjectReader r(j, "score");
  YG_RETURN_IF_ERROR(r.Check());
  QualityScore score;
  YG_RETURN_IF_ERROR(r.Number("value", score.value));
  YG_RETURN_IF_ERROR(r.Array("parts", [&score](const json& item, const std::string& path) -> Status {
    ObjectReader p(item, path);
    YG_RETURN_IF_ERROR(p.Check());
    ScorePart part;
    YG_RETURN_IF_ERROR(p.String("name", part.name));
    YG_RETURN_IF_ERROR(p.Number("weight", part.weight));
    YG_RETURN_IF_ERROR(p.Bool("applies", part.applies));
    YG_RETURN_IF_ERROR(p.Number("value", part.value));
    score.parts.push_back(std::move(part));
    return Status::Ok();
  }));
  return score;
}

}  // namespace

json ToJson(const Timeliness& t) {
  return json{{"cycle", model::UpdateCycleName(t.cycle)},
              {"status", TimelinessStatusName(t.status)},
              {"last_update", t.last_update},
              {"checked_at", t.checked_at},
              {"due_at", t.due_at},
              {"days_late", t.days_late},
              {"score", t.score ? json(*t.score) : json(nullptr)}};
}

Result<Timeliness> TimelinessFromJson(const json& j) {
  ObjectReader r(j, "timeliness");
  YG_RETURN_IF_ERROR(r.Check());
  Timeliness t;
  std::string cycle;
  std::string status;
  YG_RETURN_IF_ERROR(r.String("cycle", cycle));
  auto parsed_cycle = model::ParseUpdateCycle(cycle);
  if (!parsed_cycle) return Bad("timeliness.cycle", "is not an update cycle: " + cycle);
  t.cycle = *parsed_cycle;
  YG_RETURN_IF_ERROR(r.String("status", status));
  auto parsed_status = ParseTimelinessStatus(status);
  if (!parsed_status) return Bad("timeliness.status", "must be on_time, due or overdue");
  t.status = *parsed_status;
  YG_RETURN_IF_ERROR(r.String("last_update", t.last_update));
  YG_RETURN_IF_ERROR(r.String("checked_at", t.checked_at));
  YG_RETURN_IF_ERROR(r.String("due_at", t.due_at));
  YG_RETURN_IF_ERROR(r.Int("days_late", t.days_late));
  if (r.Find("score")) {
    double score = 0;
    YG_RETURN_IF_ERROR(r.Number("score", score));
    t.score = score;
  }
  return t;
}

json ToJson(const QualityReport& report) {
  json fields = json::array();
  for (const auto& f : report.fields) {
    fields.push_back({{"field", f.field},
                      {"type", f.type},
                      {"required", f.required},
                      {"present", f.present},
                      {"filled", f.filled},
                      {"missing", f.missing},
                      {"share", f.share}});
  }
  json rules = json::array();
  for (const auto& r : report.rules) {
    json rule{{"field", r.field},         {"rule", r.rule},     {"detail", r.detail},
              {"checked", r.checked},     {"failed", r.failed}, {"pass_share", r.pass_share},
              {"examples", ExamplesToJson(r.examples)}};
    if (!r.skipped.empty()) rule["skipped"] = r.skipped;
    rules.push_back(std::move(rule));
  }
  json parts = json::array();
  for (const auto& p : report.score.parts) {
    parts.push_back({{"name", p.name}, {"weight", p.weight}, {"applies", p.applies}, {"value", p.value}});
  }
  json out{{"format", kReportFormat},
           {"rows", report.rows},
           {"today", report.today},
           {"examples_per_rule", report.examples_per_rule},
           {"fields", std::move(fields)},
           {"absent_fields", report.absent_fields},
           {"undeclared_columns", report.undeclared_columns},
           {"rules", std::move(rules)},
           {"score", {{"value", report.score.value}, {"parts", std::move(parts)}}}};
  if (report.key) {
    out["key"] = {{"fields", report.key->fields},
                  {"checked", report.key->checked},
                  {"incomplete", report.key->incomplete},
                  {"duplicates", report.key->duplicates},
                  {"examples", ExamplesToJson(report.key->examples)}};
  }
  if (report.timeliness) out["timeliness"] = ToJson(*report.timeliness);
  return out;
}

Result<QualityReport> QualityReportFromJson(const json& j) {
  ObjectReader r(j, "");
  if (!j.is_object()) return Bad("report", "must be an object");
  int64_t format = 0;
  YG_RETURN_IF_ERROR(r.Int("format", format));
  if (format != kReportFormat) return Bad("format", "is " + std::to_string(format) + ", this build reads 1");
  QualityReport report;
  YG_RETURN_IF_ERROR(r.Int("rows", report.rows));
  YG_RETURN_IF_ERROR(r.String("today", report.today));
  YG_RETURN_IF_ERROR(r.Int("examples_per_rule", report.examples_per_rule));
  YG_RETURN_IF_ERROR(r.Array("fields", [&report](const json& item, const std::string& path) {
    return ReadField(item, path, report.fields);
  }));
  YG_RETURN_IF_ERROR(r.StringList("absent_fields", report.absent_fields));
  YG_RETURN_IF_ERROR(r.StringList("undeclared_columns", report.undeclared_columns));
  YG_RETURN_IF_ERROR(r.Array("rules", [&report](const json& item, const std::string& path) {
    return ReadRule(item, path, report.rules);
  }));
  if (const json* key = r.Find("key")) {
    YG_ASSIGN_OR_RETURN(report.key, ReadKey(*key));
  }
  if (const json* timeliness = r.Find("timeliness")) {
    YG_ASSIGN_OR_RETURN(report.timeliness, TimelinessFromJson(*timeliness));
  }
  const json* score = r.Find("score");
  if (!score) return Bad("score", "is missing");
  YG_ASSIGN_OR_RETURN(report.score, ReadScore(*score));
  return report;
}

}  // namespace yungu::quality
