// Common part of the JSON and NDJSON readers: header discovery and the
// records read ahead while looking for it.
#pragma once

#include <deque>
#include <memory>

#include "ingest/json_record_mapper.h"
#include "ingest/text_stream.h"
#include "yungu/ingest/reader.h"

namespace yungu::ingest::internal {

class JsonElementReader : public RecordReader {
 public:
  // Reads ahead to the first valid object, which defines the header. Bad
  // records before it are kept and returned first by Next.
  Status Init();

  const std::vector<std::string>& header() const override { return mapper_.header(); }
  const SourceInfo& info() const override { return info_; }
  Result<bool> Next(Record& out) override;
  uint64_t bytes_consumed() const override { return text_->bytes_consumed(); }
  uint64_t total_bytes() const override { return text_->total_bytes(); }

 protected:
  JsonElementReader(std::unique_ptr<TextStream> text, Format format, const ReaderOptions& options);

  // The next element as a record (record-level errors set on it); false at end.
  virtual Result<bool> ReadMapped(Record& out) = 0;

  std::unique_ptr<TextStream> text_;
  JsonRecordMapper mapper_;
  size_t max_record_bytes_;

 private:
  SourceInfo info_;
  std::deque<Record> pending_;
};

}  // namespace yungu::ingest::internal
