// 多元校核: every copy of an element joined to its authoritative source by
// entity key.
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "governance/row_stream.h"
#include "yungu/governance/source_registry.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::governance {
namespace {

std::string NormalizeKey(const Value& v) {
  std::string text = ValueToText(v);
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');  // check characters 'x' / 'X'
  }
  return text;
}

std::optional<double> AsNumber(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (s->empty()) return std::nullopt;
    char* end = nullptr;
    double x = std::strtod(s->c_str(), &end);
    if (end == s->c_str() + s->size() && std::isfinite(x)) return x;
  }
  return std::nullopt;
}

bool SameValue(const Value& a, const Value& b) {
  auto x = AsNumber(a);
  auto y = AsNumber(b);
  if (x && y) return std::fabs(*x - *y) <= 1e-9 * std::max({1.0, std::fabs(*x), std::fabs(*y)});
  return NormalizeKey(a) == NormalizeKey(b);
}

// Keys in examples: credit codes are public, ID numbers are not.
std::string ShownKey(const std::string& key, std::string_view entity_kind) {
  if (entity_kind != "citizen_id" || key.size() < 10) return key;
  return key.substr(0, 6) + std::string(key.size() - 8, '*') + key.substr(key.size() - 2);
}

// Streams (key, value) pairs of one dataset's current version.
Status ForEachPair(query::QueryService& queries, const std::string& dataset, const std::string& key_field,
                   const std::string& field, int64_t& version, const std::function<void(Value&, Value&)>& visit) {
  return internal::StreamRows(
      queries, dataset, {{"fields", {key_field, field}}},
      [&](const query::PreparedQuery& q) {
        version = q.version->version;
        return Status::Ok();
      },
      [&](Row& row) { visit(row[0], row[1]); });
}

}  // namespace

Result<storage::VerificationRun> SourceRegistry::Verify(std::string_view code, std::string_view trigger,
                                                        const VerifyOptions& options) {
  YG_ASSIGN_OR_RETURN(ElementView view, Describe(code));
  const storage::DataElement& e = view.element;

  std::unordered_map<std::string, Value> source;
  int64_t source_version = 0;
  int64_t source_rows = 0;
  YG_RETURN_IF_ERROR(ForEachPair(queries_, e.dataset_id, e.key_field, e.field, source_version,
                                 [&](Value& key, Value& value) {
                                   ++source_rows;
                                   std::string k = NormalizeKey(key);
                                   if (!k.empty() && !IsNull(value)) source.emplace(std::move(k), std::move(value));
                                 }).WithContext("the authoritative source"));

  storage::VerificationRun run;
  run.element = e.code;
  run.run_at = storage::UtcNowIso();
  run.trigger = std::string(trigger);
  nlohmann::json copies = nlohmann::json::array();
  for (const auto& c : view.copies) {
    nlohmann::json out{{"dataset_id", c.dataset_id}, {"department", c.department}, {"field", c.field},
                       {"key_field", c.key_field}};
    if (c.key_field.empty()) {
      out["status"] = "no_key_field";
      out["message"] = "the dataset declares no field with \"entity_key\": \"" + e.entity_kind + "\"";
      copies.push_back(std::move(out));
      continue;
    }
    int64_t compared = 0, agreements = 0, disagreements = 0, unmatched = 0, empty = 0, version = 0;
    nlohmann::json examples = nlohmann::json::array();
    Status st = ForEachPair(queries_, c.dataset_id, c.key_field, c.field, version, [&](Value& key, Value& value) {
      std::string k = NormalizeKey(key);
      if (k.empty() || IsNull(value)) {
        ++empty;
        return;
      }
      auto it = source.find(k);
      if (it == source.end()) {
        ++unmatched;
        return;
      }
      ++compared;
      if (SameValue(it->second, value)) {
        ++agreements;
        return;
      }
      ++disagreements;
      if (static_cast<int>(examples.size()) < options.examples) {
        examples.push_back({{"key", ShownKey(k, e.entity_kind)},
                            {"authoritative", ValueToText(it->second)},
                            {"copy", ValueToText(value)}});
      }
    });
    if (!st.ok()) {
      out["status"] = st.error_code();
      out["message"] = st.message();
      copies.push_back(std::move(out));
      continue;
    }
    out["status"] = "verified";
    out["version"] = version;
    out["compared"] = compared;
    out["agreements"] = agreements;
    out["disagreements"] = disagreements;
    out["unmatched"] = unmatched;  // keys the source does not hold
    out["empty"] = empty;          // rows without a key or a value
    out["agreement_rate"] = compared ? static_cast<double>(agreements) / static_cast<double>(compared) : 1.0;
    out["examples"] = std::move(examples);
    run.agreements += agreements;
    run.disagreements += disagreements;
    copies.push_back(std::move(out));
  }
  nlohmann::json result{{"element", ToJson(e)},
                        {"run_at", run.run_at},
                        {"trigger", run.trigger},
                        {"source", {{"dataset_id", e.dataset_id},
                                    {"field", e.field},
                                    {"key_field", e.key_field},
                                    {"version", source_version},
                                    {"rows", source_rows},
                                    {"keys", source.size()}}},
                        {"copies", std::move(copies)},
                        {"agreements", run.agreements},
                        {"disagreements", run.disagreements}};
  run.json = result.dump();
  YG_RETURN_IF_ERROR(store_.governance().PutVerification(run));
  return run;
}

std::vector<storage::VerificationRun> SourceRegistry::VerifyAfterIngest(std::string_view dataset_id) {
  std::vector<storage::VerificationRun> runs;
  auto elements = List();
  if (!elements.ok()) {
    spdlog::warn("cross-source verification after ingest of {}: {}", dataset_id, elements.status().ToString());
    return runs;
  }
  for (const auto& view : *elements) {
    bool involved = view.element.dataset_id == dataset_id;
    for (const auto& c : view.copies) involved = involved || c.dataset_id == dataset_id;
    if (!involved) continue;
    auto run = Verify(view.element.code, "ingest:" + std::string(dataset_id));
    if (run.ok()) {
      runs.push_back(std::move(run).value());
    } else {
      spdlog::warn("cross-source verification of {} after ingest of {}: {}", view.element.code, dataset_id,
                   run.status().ToString());
    }
  }
  return runs;
}

}  // namespace yungu::governance
