// XLSX reader: one worksheet, first row as header, streamed row by row.
#pragma once

#include <filesystem>
#include <memory>

#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

Result<std::unique_ptr<RecordReader>> OpenXlsxReader(const std::filesystem::path& path, const ReaderOptions& options);

}  // namespace yungu::ingest::internal
