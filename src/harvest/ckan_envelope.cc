// CKAN's answers: the {"success", "result" | "error"} envelope, and the
// package dicts inside.
#include "harvest/ckan_source.h"
#include "yungu/core/shorten.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

constexpr size_t kQuotedBytes = 300;

std::string Shorten(std::string_view text) { return ShortenUtf8(text, kQuotedBytes, "…"); }

std::string Text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// The error object's type and message: {"__type": "...", "message": "..."}
// or CKAN's validation form {"name": ["..."], ...}.
std::string ErrorText(const json& error) {
  if (!error.is_object()) return Shorten(Text(error));
  std::string type = error.contains("__type") ? Text(error["__type"]) : "";
  std::string message = error.contains("message") ? Text(error["message"]) : "";
  if (message.empty()) {
    for (const auto& [key, value] : error.items()) {
      if (key == "__type") continue;
      message += (message.empty() ? "" : "; ") + key + ": " + Text(value);
    }
  }
  if (type.empty()) return Shorten(message);
  return Shorten(type + (message.empty() ? "" : ": " + message));
}

}  // namespace

Result<json> ActionResult(const HttpResponse& response) {
  json envelope = json::parse(response.body, nullptr, false);
  bool is_envelope = !envelope.is_discarded() && envelope.is_object() && envelope.contains("success");
  const std::string where = response.url;
  if (is_envelope && envelope["success"] != true) {
    std::string message = ErrorText(envelope.value("error", json()));
    return FailedPrecondition("harvest.remote_error", where + " answered HTTP " + std::to_string(response.status) +
                                                          " with an error: " + message);
  }
  if (response.status < 200 || response.status > 299) {
    return IoError("harvest.http_status", where + " answered HTTP " + std::to_string(response.status) +
                                              (response.content_type.empty() ? "" : " (" + response.content_type + ")"));
  }
  if (envelope.is_discarded()) {
    return InvalidArgument("harvest.bad_json", where + " did not answer JSON" +
                                                   (response.content_type.empty()
                                                        ? std::string()
                                                        : " (Content-Type " + response.content_type + ")") +
                                                   ": is it a CKAN portal? It began: " + Shorten(response.body));
  }
  if (!is_envelope || !envelope.contains("result")) {
    return InvalidArgument("harvest.bad_response", where + " answered JSON that is no CKAN Action API envelope");
  }
  return std::move(envelope["result"]);
}

RemoteDataset FromPackage(json package) {
  RemoteDataset remote;
  auto text = [&](const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>()
                                                                                 : std::string();
  };
  remote.remote_id = text(package, "id");
  if (remote.remote_id.empty()) remote.remote_id = text(package, "name");
  remote.modified = text(package, "metadata_modified");
  const json organization = package.value("organization", json());
  if (organization.is_object()) {
    remote.organization.name = text(organization, "name");
    remote.organization.title = text(organization, "title");
  }
  if (remote.organization.name.empty()) remote.organization.name = text(package, "owner_org");
  if (remote.organization.title.empty()) remote.organization.title = remote.organization.name;
  remote.package = std::move(package);
  return remote;
}

}  // namespace yungu::harvest
