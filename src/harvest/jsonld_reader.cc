// JSON-LD's subset that catalogs are written in, read without a JSON-LD
// processor (none is packaged for C++ in Debian). See ParseJsonLd.
#include <map>

#include <nlohmann/json.hpp>

#include "harvest/rdf.h"
#include "yungu/harvest/http_client.h"

namespace yungu::harvest {
namespace {

using nlohmann::json;

constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr int kMaxDepth = 64;

struct Definition {
  std::string id;
  std::string type;  // "@id", "@vocab", a datatype IRI, or empty
  std::optional<std::string> language;
};

struct Context {
  std::map<std::string, Definition> terms;
  std::string vocab;
  std::string base;
  std::string language;
};

Status Bad(const std::string& why) { return InvalidArgument("harvest.bad_rdf", "not usable JSON-LD: " + why); }

class Reader {
 public:
  explicit Reader(RdfGraph& graph) : graph_(graph) {}

  Status ApplyContext(const json& value, Context& ctx) {
    if (value.is_null()) {
      std::string base = ctx.base;
      ctx = Context();
      ctx.base = std::move(base);
      return Status::Ok();
    }
    if (value.is_array()) {
      for (const auto& item : value) YG_RETURN_IF_ERROR(ApplyContext(item, ctx));
      return Status::Ok();
    }
    if (value.is_string()) return Bad("remote contexts (" + value.get<std::string>() + ") are not fetched");
    if (!value.is_object()) return Bad("an @context must be an object");
    for (const auto& [key, def] : value.items()) {
      if (key == "@vocab" || key == "@base" || key == "@language") {
        std::string text = def.is_string() ? def.get<std::string>() : "";
        (key == "@vocab" ? ctx.vocab : key == "@base" ? ctx.base : ctx.language) = text;
        continue;
      }
      if (key.starts_with("@")) continue;  // @version, @protected, ...
      Definition d;
      if (def.is_string()) {
        d.id = def.get<std::string>();
      } else if (def.is_object()) {
        d.id = def.contains("@id") && def["@id"].is_string() ? def["@id"].get<std::string>() : key;
        if (def.contains("@type") && def["@type"].is_string()) d.type = def["@type"].get<std::string>();
        if (def.contains("@language")) {
          d.language = def["@language"].is_string() ? def["@language"].get<std::string>() : "";
        }
      } else if (def.is_null()) {
        ctx.terms.erase(key);
        continue;
      } else {
        return Bad("the term " + key + " has a definition of the wrong kind");
      }
      ctx.terms[key] = std::move(d);
    }
    // Terms may name each other ("dcat:Dataset" where dcat is a prefix).
    for (auto& [key, d] : ctx.terms) {
      d.id = Expand(d.id, ctx, true, 0);
      if (!d.type.empty() && d.type != "@id" && d.type != "@vocab") d.type = Expand(d.type, ctx, true, 0);
    }
    return Status::Ok();
  }

  // A term, compact IRI, absolute or relative IRI as a full IRI (or "_:x").
  std::string Expand(const std::string& value, const Context& ctx, bool vocab, int depth) const {
    if (value.starts_with("@") || depth > 8) return value;
    if (vocab) {
      auto it = ctx.terms.find(value);
      if (it != ctx.terms.end() && it->second.id != value) return Expand(it->second.id, ctx, true, depth + 1);
    }
    size_t colon = value.find(':');
    if (colon != std::string::npos) {
      std::string prefix = value.substr(0, colon), suffix = value.substr(colon + 1);
      if (prefix == "_" || suffix.starts_with("//")) return value;
      auto it = ctx.terms.find(prefix);
      if (it != ctx.terms.end()) return Expand(it->second.id, ctx, true, depth + 1) + suffix;
      return value;  // an absolute IRI of another scheme (urn:, mailto:, ...)
    }
    if (vocab && !ctx.vocab.empty()) return ctx.vocab + value;
    if (!vocab && !ctx.base.empty()) {
      auto base = ParseUrl(ctx.base);
      if (base.ok()) {
        auto resolved = ResolveUrl(*base, value);
        if (resolved.ok()) return resolved->ToString();
      }
    }
    return value;
  }

  RdfTerm Reference(const std::string& iri) {
    if (iri.starts_with("_:")) return BlankTerm("jsonld-" + iri.substr(2));
    return IriTerm(iri);
  }

  // A node object; returns the node it describes.
  Result<RdfTerm> Node(const json& node, Context ctx, int depth) {
    if (depth > kMaxDepth) return Bad("nested more than " + std::to_string(kMaxDepth) + " levels deep");
    if (node.contains("@context")) YG_RETURN_IF_ERROR(ApplyContext(node["@context"], ctx));
    RdfTerm subject = BlankTerm("jsonld-anon" + std::to_string(++anonymous_));
    if (node.contains("@id")) {
      if (!node["@id"].is_string()) return Bad("an @id must be a string");
      subject = Reference(Expand(node["@id"].get<std::string>(), ctx, false, 0));
    }
    for (const auto& [key, value] : node.items()) {
      if (key == "@context" || key == "@id") continue;
      if (key == "@graph") {
        YG_RETURN_IF_ERROR(Nodes(value, ctx, depth + 1));
        continue;
      }
      if (key == "@type") {
        for (const auto& type : value.is_array() ? value : json::array({value})) {
          if (type.is_string()) graph_.Add(subject, std::string(kRdfType), Reference(Expand(type.get<std::string>(), ctx, true, 0)));
        }
        continue;
      }
      if (key.starts_with("@")) continue;
      std::string predicate = Expand(key, ctx, true, 0);
      if (predicate.find(':') == std::string::npos || predicate.starts_with("_:")) continue;  // unmapped: dropped
      auto def = ctx.terms.find(key);
      const Definition* definition = def == ctx.terms.end() ? nullptr : &def->second;
      std::vector<RdfTerm> objects;
      YG_RETURN_IF_ERROR(Values(value, definition, ctx, depth + 1, objects));
      for (auto& object : objects) graph_.Add(subject, predicate, std::move(object));
    }
    return subject;
  }

  Status Nodes(const json& value, const Context& ctx, int depth) {
    for (const auto& item : value.is_array() ? value : json::array({value})) {
      if (!item.is_object()) return Bad("@graph holds something that is no node object");
      YG_RETURN_IF_ERROR(Node(item, ctx, depth).status());
    }
    return Status::Ok();
  }

  Status Values(const json& value, const Definition* def, const Context& ctx, int depth, std::vector<RdfTerm>& out) {
    if (depth > kMaxDepth) return Bad("nested more than " + std::to_string(kMaxDepth) + " levels deep");
    if (value.is_null()) return Status::Ok();
    if (value.is_array()) {
      for (const auto& item : value) YG_RETURN_IF_ERROR(Values(item, def, ctx, depth + 1, out));
      return Status::Ok();
    }
    if (value.is_object()) {
      if (value.contains("@value")) {
        const json& v = value["@value"];
        std::string text = v.is_string() ? v.get<std::string>() : v.dump();
        std::string language = value.contains("@language") && value["@language"].is_string()
                                   ? value["@language"].get<std::string>()
                                   : "";
        std::string type = value.contains("@type") && value["@type"].is_string()
                               ? Expand(value["@type"].get<std::string>(), ctx, true, 0)
                               : "";
        out.push_back(LiteralTerm(std::move(text), std::move(language), std::move(type)));
        return Status::Ok();
      }
      for (const char* container : {"@list", "@set"}) {
        if (value.contains(container)) return Values(value[container], def, ctx, depth + 1, out);
      }
      YG_ASSIGN_OR_RETURN(RdfTerm node, Node(value, ctx, depth + 1));
      out.push_back(std::move(node));
      return Status::Ok();
    }
    std::string type = def ? def->type : "";
    if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      if (type == "@id" || type == "@vocab") {
        out.push_back(Reference(Expand(text, ctx, type == "@vocab", 0)));
      } else if (!type.empty()) {
        out.push_back(LiteralTerm(text, "", type));
      } else {
        std::string language = def && def->language ? *def->language : ctx.language;
        out.push_back(LiteralTerm(text, language));
      }
      return Status::Ok();
    }
    if (value.is_boolean()) {
      out.push_back(LiteralTerm(value.get<bool>() ? "true" : "false", "", std::string(kXsd) + "boolean"));
    } else if (value.is_number_integer()) {
      out.push_back(LiteralTerm(value.dump(), "", type.empty() ? std::string(kXsd) + "integer" : type));
    } else if (value.is_number()) {
      out.push_back(LiteralTerm(value.dump(), "", type.empty() ? std::string(kXsd) + "double" : type));
    }
    return Status::Ok();
  }

 private:
  RdfGraph& graph_;
  int64_t anonymous_ = 0;
};

}  // namespace

Result<RdfGraph> ParseJsonLd(std::string_view document, const std::string& base) {
  json doc = json::parse(document, nullptr, false);
  if (doc.is_discarded()) return InvalidArgument("harvest.bad_rdf", base + " is not valid JSON-LD: not JSON");
  RdfGraph graph;
  Reader reader(graph);
  Context ctx;
  ctx.base = base;
  if (doc.is_array()) {
    YG_RETURN_IF_ERROR(reader.Nodes(doc, ctx, 0).WithContext(base));
  } else if (doc.is_object()) {
    YG_RETURN_IF_ERROR(reader.Node(doc, ctx, 0).status().WithContext(base));
  } else {
    return InvalidArgument("harvest.bad_rdf", base + " is not valid JSON-LD: neither an object nor an array");
  }
  return graph;
}

}  // namespace yungu::harvest
