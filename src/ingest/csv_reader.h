// RFC 4180 CSV (and TSV etc.) reader over a TextStream.
#pragma once

#include <memory>

#include "ingest/text_stream.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

// Reads the header (unless options.header is false) and returns the reader.
// `delimiter` overrides detection (options.delimiter, or '\t' from ".tsv").
Result<std::unique_ptr<RecordReader>> OpenCsvReader(std::unique_ptr<TextStream> text, const ReaderOptions& options,
                                                    std::optional<char> delimiter);

}  // namespace yungu::ingest::internal
