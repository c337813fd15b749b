// Marking a record as bad: the first problem found wins, since one message
// per record is what the import report shows.
#pragma once

#include <string>
#include <string_view>

#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

inline void SetRecordError(Record& record, std::string_view code, std::string message) {
  if (!record.error_code.empty()) return;
  record.error_code = code;
  record.error = std::move(message);
}

inline void ClearRecord(Record& record) {
  record.error.clear();
  record.error_code.clear();
  record.nulls.clear();
  record.line = 0;
}

// "invalid UTF-8 in field 3" or, for converted input, naming the encoding.
std::string InvalidTextMessage(std::string_view encoding, size_t field_index);

// Record-level check shared by the text readers: flags the first field that
// is not valid UTF-8 (converted input carries 0xFF for undecodable bytes).
void CheckRecordUtf8(Record& record, std::string_view encoding);

}  // namespace yungu::ingest::internal
