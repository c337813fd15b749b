#include "ingest/text_stream.h"

#include "ingest/encoding_detect.h"

namespace yungu::ingest::internal {

Result<std::unique_ptr<TextStream>> TextStream::Open(std::unique_ptr<ByteSource> source,
                                                     std::string_view encoding_option) {
  YG_ASSIGN_OR_RETURN(std::string encoding, CanonicalEncodingName(encoding_option));
  if (encoding.empty()) {
    YG_ASSIGN_OR_RETURN(std::string_view sample, source->Peek(kSampleBytes));
    YG_ASSIGN_OR_RETURN(encoding, DetectEncoding(sample, source->PeekedAll()));
  }
  std::unique_ptr<IconvConverter> converter;
  if (!IsUtf8Name(encoding)) {
    YG_ASSIGN_OR_RETURN(converter, IconvConverter::Open(encoding));
  }
  return std::unique_ptr<TextStream>(new TextStream(std::move(source), std::move(encoding), std::move(converter)));
}

Result<bool> TextStream::Read(std::string& out) {
  size_t start = out.size();
  while (!done_ && out.size() == start) {
    std::string& dst = converter_ ? raw_ : out;
    size_t old = converter_ ? 0 : dst.size();
    dst.resize(old + kChunkBytes);
    YG_ASSIGN_OR_RETURN(size_t got, source_->Read(dst.data() + old, kChunkBytes));
    dst.resize(old + got);
    if (got == 0) done_ = true;
    // Converting on every chunk, even an empty final one, flushes the carry.
    if (converter_) converter_->Convert(raw_, done_, out);
    if (at_start_ && out.size() > start) {
      // The BOM must be whole in the first piece; a file of 1-2 bytes has none.
      if (out.compare(start, 3, "\xEF\xBB\xBF") == 0) out.erase(start, 3);
      at_start_ = false;
    }
  }
  return out.size() > start;
}

}  // namespace yungu::ingest::internal
