// One JSON object -> one Record aligned to the header. The header is the key
// list of the first object seen; later objects are mapped onto it.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

class JsonRecordMapper {
 public:
  explicit JsonRecordMapper(size_t max_field_bytes) : max_field_bytes_(max_field_bytes) {}

  // Parses `text`, one JSON value, into `out`:
  //  - strings as-is, numbers as written, true/false, null -> "" with
  //    nulls[i] = 1, nested objects/arrays -> compact JSON text;
  //  - keys missing from the object -> null; keys not in the header -> the
  //    record gets "ingest.unknown_field";
  //  - not an object -> "ingest.not_an_object"; invalid UTF-8 ->
  //    "ingest.invalid_utf8".
  // Returns false, with a message in `malformed`, when the text is not valid
  // JSON; the caller decides whether that is fatal. The first object seen
  // defines the header; a bad one (duplicate or empty key, no keys) is a
  // fatal "ingest.bad_header".
  Result<bool> Map(std::string_view text, Record& out, std::string& malformed);

  bool has_header() const { return !header_.empty(); }
  const std::vector<std::string>& header() const { return header_; }

 private:
  size_t max_field_bytes_;
  std::vector<std::string> header_;                // normalised names
  std::unordered_map<std::string, size_t> index_;  // raw key -> column
};

}  // namespace yungu::ingest::internal
