// A thin push-parser wrapper over expat that hands element names to the
// handler without their namespace prefix (producers differ: "row" vs "x:row").
#pragma once

#include <string>
#include <string_view>

#include "yungu/core/status.h"

namespace yungu::ingest::internal {

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // attrs: expat's null-terminated name/value array (names keep prefixes;
  // use XmlAttr to look them up).
  virtual void OnStart(std::string_view name, const char** attrs) = 0;
  virtual void OnEnd(std::string_view name) = 0;
  virtual void OnText(std::string_view text) = 0;
};

// Value of the attribute whose local name is `name`, or nullptr.
const char* XmlAttr(const char** attrs, std::string_view name);

class XmlParser {
 public:
  // part: the zip entry name, for error messages.
  XmlParser(XmlHandler* handler, std::string part);
  ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Feeds the next piece of the document; final on the last call.
  // Malformed XML is "xlsx.corrupt".
  Status Feed(const char* data, size_t n, bool final);

 private:
  void* parser_;  // XML_Parser
  XmlHandler* handler_;
  std::string part_;
};

}  // namespace yungu::ingest::internal
