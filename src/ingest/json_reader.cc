#include "ingest/json_reader.h"

#include "ingest/json_array_splitter.h"
#include "ingest/json_element_reader.h"
#include "ingest/record_error.h"

namespace yungu::ingest::internal {
namespace {

class JsonArrayReader final : public JsonElementReader {
 public:
  JsonArrayReader(std::unique_ptr<TextStream> text, const ReaderOptions& options)
      : JsonElementReader(std::move(text), Format::kJson, options), splitter_(text_.get(), options.max_record_bytes) {}

 private:
  Result<bool> ReadMapped(Record& out) override {
    ClearRecord(out);
    YG_ASSIGN_OR_RETURN(bool got, splitter_.Next(element_));
    if (!got) return false;
    out.line = element_.index + 1;
    if (element_.oversize) {
      out.fields.clear();
      SetRecordError(out, "ingest.record_too_large",
                     "array element exceeds " + std::to_string(max_record_bytes_) + " bytes");
      return true;
    }
    std::string malformed;
    YG_ASSIGN_OR_RETURN(bool ok, mapper_.Map(element_.text, out, malformed));
    if (!ok) {
      return InvalidArgument("json.malformed", "array element " + std::to_string(out.line) + " (line " +
                                                   std::to_string(element_.line) + "): " + malformed);
    }
    return true;
  }

  JsonArraySplitter splitter_;
  JsonArraySplitter::Element element_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenJsonReader(std::unique_ptr<TextStream> text, const ReaderOptions& options) {
  auto reader = std::make_unique<JsonArrayReader>(std::move(text), options);
  YG_RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace yungu::ingest::internal
