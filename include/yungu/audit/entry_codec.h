// The canonical bytes of an entry: the leaf the Merkle tree hashes.
//
// JSON without whitespace, keys always in this order:
//   {"v":1,"index":N,"time":"YYYY-MM-DDTHH:MM:SS.ffffffZ","category":..,
//    "action":..,"outcome":..,"error_code":..,"user_id":..,"username":..,
//    "department":..,"roles":[..],"via":..,"credential_id":..,
//    "client_address":..,"dataset_id":..,"version":N,"fields":[..],
//    "filter":<json>,"rows":N,"grant_id":N,"purpose":..,"target":..,
//    "detail":<json>}
// Strings are JSON-escaped UTF-8 (invalid sequences become U+FFFD); "filter"
// and "detail" are compact JSON with object keys sorted. The entry carries
// its own index and time, so a row moved, renumbered or swapped no longer
// matches its position. `subjects` is not part of the entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "yungu/audit/audit_event.h"
#include "yungu/core/result.h"

namespace yungu::audit {

// Everything after "time": the part of the entry known before the log gives
// it an index and a time (so appenders can encode it on their own threads).
std::string EncodeEntryBody(const AuditEvent& event);
// The whole entry from its index, time and body.
std::string EncodeEntry(int64_t index, std::string_view time, std::string_view body);

struct DecodedEntry {
  int64_t index = -1;
  AuditEvent event;  // with event.time set
};
Result<DecodedEntry> DecodeEntry(std::string_view bytes);

// The index an entry says it has (read from its fixed prefix), or nullopt
// when the bytes do not start like an entry.
std::optional<int64_t> EmbeddedIndex(std::string_view bytes);

}  // namespace yungu::audit
