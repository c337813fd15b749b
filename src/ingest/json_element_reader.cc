#include "ingest/json_element_reader.h"

namespace yungu::ingest::internal {
namespace {

// A file whose first thousand records are all unusable is not worth reading.
constexpr size_t kMaxRecordsBeforeHeader = 1000;

}  // namespace

JsonElementReader::JsonElementReader(std::unique_ptr<TextStream> text, Format format, const ReaderOptions& options)
    : text_(std::move(text)), mapper_(options.max_field_bytes), max_record_bytes_(options.max_record_bytes) {
  info_.format = format;
  info_.encoding = text_->encoding();
  info_.delimiter = 0;
}

Status JsonElementReader::Init() {
  while (!mapper_.has_header()) {
    if (pending_.size() >= kMaxRecordsBeforeHeader) {
      return InvalidArgument("ingest.bad_header", "none of the first " + std::to_string(kMaxRecordsBeforeHeader) +
                                                      " records is a valid JSON object to take column names from");
    }
    Record record;
    YG_ASSIGN_OR_RETURN(bool got, ReadMapped(record));
    if (!got) {
      if (pending_.empty()) return InvalidArgument("ingest.empty_file", "the file contains no records");
      return InvalidArgument("ingest.bad_header", "the file contains no valid JSON object to take column names from");
    }
    pending_.push_back(std::move(record));
  }
  return Status::Ok();
}

Result<bool> JsonElementReader::Next(Record& out) {
  if (!pending_.empty()) {
    out = std::move(pending_.front());
    pending_.pop_front();
    return true;
  }
  return ReadMapped(out);
}

}  // namespace yungu::ingest::internal
