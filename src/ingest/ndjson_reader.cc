#include "ingest/json_element_reader.h"
#include "ingest/json_reader.h"
#include "ingest/line_reader.h"
#include "ingest/record_error.h"
#include "yungu/ingest/value_parser.h"

namespace yungu::ingest::internal {
namespace {

class NdjsonReader final : public JsonElementReader {
 public:
  NdjsonReader(std::unique_ptr<TextStream> text, const ReaderOptions& options)
      : JsonElementReader(std::move(text), Format::kNdjson, options), lines_(text_.get(), options.max_record_bytes) {}

 private:
  Result<bool> ReadMapped(Record& out) override {
    for (;;) {
      ClearRecord(out);
      YG_ASSIGN_OR_RETURN(bool got, lines_.Next(line_));
      if (!got) return false;
      out.line = line_.number;
      if (line_.oversize) {
        out.fields.clear();
        SetRecordError(out, "ingest.record_too_large", "line exceeds " + std::to_string(max_record_bytes_) + " bytes");
        return true;
      }
      if (IsBlank(line_.text)) continue;
      std::string malformed;
      YG_ASSIGN_OR_RETURN(bool ok, mapper_.Map(line_.text, out, malformed));
      if (!ok) SetRecordError(out, "ingest.malformed_json", "malformed JSON: " + malformed);
      return true;
    }
  }

  LineReader lines_;
  LineReader::Line line_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenNdjsonReader(std::unique_ptr<TextStream> text, const ReaderOptions& options) {
  auto reader = std::make_unique<NdjsonReader>(std::move(text), options);
  YG_RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace yungu::ingest::internal
