// Shared by the writer implementations; not part of the public header.
#pragma once

#include <memory>

#include "yungu/output/row_writer.h"

namespace yungu::output::internal {

// Writers hand the sink pieces of about this size.
inline constexpr size_t kChunkBytes = 64 * 1024;

Status SinkClosed();
Status BadState(std::string_view what);
Status RowWidth(size_t got, size_t want);

std::unique_ptr<RowWriter> MakeDelimitedWriter(char delimiter, const WriterOptions& options, Sink sink);
std::unique_ptr<RowWriter> MakeJsonWriter(bool ndjson, Sink sink);
std::unique_ptr<RowWriter> MakeXlsxWriter(const WriterOptions& options, Sink sink);

}  // namespace yungu::output::internal
