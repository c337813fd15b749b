// Readers for a top-level JSON array of objects and for NDJSON (one object
// per line). Both take the header from the first object.
#pragma once

#include <memory>

#include "ingest/text_stream.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

// A malformed element is fatal ("json.malformed"): once the array structure
// is in doubt nothing after it can be trusted.
Result<std::unique_ptr<RecordReader>> OpenJsonReader(std::unique_ptr<TextStream> text, const ReaderOptions& options);

// A malformed line only flags that record ("ingest.malformed_json"): lines
// are independent. Blank lines are skipped.
Result<std::unique_ptr<RecordReader>> OpenNdjsonReader(std::unique_ptr<TextStream> text, const ReaderOptions& options);

}  // namespace yungu::ingest::internal
