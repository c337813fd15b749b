#include "ingest/xml_parser.h"

#include <expat.h>

#include <climits>
#include <cstring>

namespace yungu::ingest::internal {
namespace {

std::string_view LocalName(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon != nullptr ? std::string_view(colon + 1) : std::string_view(name);
}

void XMLCALL StartThunk(void* user, const XML_Char* name, const XML_Char** attrs) {
  static_cast<XmlHandler*>(user)->OnStart(LocalName(name), attrs);
}

void XMLCALL EndThunk(void* user, const XML_Char* name) { static_cast<XmlHandler*>(user)->OnEnd(LocalName(name)); }

void XMLCALL TextThunk(void* user, const XML_Char* text, int len) {
  static_cast<XmlHandler*>(user)->OnText(std::string_view(text, static_cast<size_t>(len)));
}

}  // namespace

const char* XmlAttr(const char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == name) return attrs[i + 1];
  }
  return nullptr;
}

XmlParser::XmlParser(XmlHandler* handler, std::string part) : handler_(handler), part_(std::move(part)) {
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, handler_);
  XML_SetElementHandler(p, StartThunk, EndThunk);
  XML_SetCharacterDataHandler(p, TextThunk);
  parser_ = p;
}

XmlParser::~XmlParser() { XML_ParserFree(static_cast<XML_Parser>(parser_)); }

Status XmlParser::Feed(const char* data, size_t n, bool final) {
  auto* p = static_cast<XML_Parser>(parser_);
  do {
    int piece = static_cast<int>(n > INT_MAX ? INT_MAX : n);
    bool last = final && static_cast<size_t>(piece) == n;
    if (XML_Parse(p, data, piece, last ? 1 : 0) != XML_STATUS_OK) {
      return InvalidArgument("xlsx.corrupt", "malformed XML in " + part_ + " at line " +
                                                 std::to_string(XML_GetCurrentLineNumber(p)) + ": " +
                                                 XML_ErrorString(XML_GetErrorCode(p)));
    }
    data += piece;
    n -= static_cast<size_t>(piece);
  } while (n > 0);
  return Status::Ok();
}

}  // namespace yungu::ingest::internal
