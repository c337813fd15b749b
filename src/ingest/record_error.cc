#include "ingest/record_error.h"

#include "ingest/utf8.h"

namespace yungu::ingest::internal {

std::string InvalidTextMessage(std::string_view encoding, size_t field_index) {
  std::string where = field_index == 0 ? std::string("record") : "field " + std::to_string(field_index);
  if (encoding == "utf-8") return "invalid UTF-8 in " + where;
  return "bytes that are not valid " + std::string(encoding) + " in " + where;
}

void CheckRecordUtf8(Record& record, std::string_view encoding) {
  if (!record.error_code.empty()) return;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (!IsValidUtf8(record.fields[i])) {
      SetRecordError(record, "ingest.invalid_utf8", InvalidTextMessage(encoding, i + 1));
      return;
    }
  }
}

}  // namespace yungu::ingest::internal
