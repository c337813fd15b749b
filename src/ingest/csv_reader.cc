// CSV parsing rules (RFC 4180 plus the leniency real exports need):
//  - A field starting with '"' is quoted: it may hold delimiters, CR and LF,
//    and "" for a quote. Text after its closing quote up to the next
//    delimiter is kept literally ("ab"c -> abc) instead of failing the file.
//  - A quote inside an unquoted field is an ordinary character (a"b -> a"b).
//  - Records end at LF, CRLF or a lone CR; a missing final newline is fine.
//  - Empty lines, and lines holding only spaces/tabs, are skipped.
//  - Ragged rows are returned as they are; judging them is the pipeline's job.
//  - A quote still open at end of file is fatal (csv.unterminated_quote),
//    since everything after the opening quote was swallowed into one field.
//  - A field over max_field_bytes (or record over max_record_bytes) is not
//    buffered further: the rest of the record is parsed but dropped, and the
//    record is flagged.
#include "ingest/csv_reader.h"

#include "ingest/csv_dialect.h"
#include "ingest/header.h"
#include "ingest/record_error.h"
#include "yungu/ingest/value_parser.h"

namespace yungu::ingest::internal {
namespace {

class CsvReader final : public RecordReader {
 public:
  CsvReader(std::unique_ptr<TextStream> text, const ReaderOptions& options)
      : text_(std::move(text)), max_field_(options.max_field_bytes), max_record_(options.max_record_bytes) {
    info_.format = Format::kCsv;
    info_.encoding = text_->encoding();
  }

  Status Init(const ReaderOptions& options, std::optional<char> delimiter);

  const std::vector<std::string>& header() const override { return header_; }
  const SourceInfo& info() const override { return info_; }
  Result<bool> Next(Record& out) override;
  uint64_t bytes_consumed() const override { return text_->bytes_consumed(); }
  uint64_t total_bytes() const override { return text_->total_bytes(); }

 private:
  enum class State { kRecordStart, kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterQuoted };

  Result<bool> Fill();
  // The next record as parsed, blank lines included; false at end of input.
  Result<bool> ParseRecord(Record& out);
  Result<bool> NextNonBlank(Record& out);
  void StartField(Record& out);
  void Append(Record& out, const char* data, size_t n);
  void EndLine(char c);
  void FinishRecord(Record& out);

  std::unique_ptr<TextStream> text_;
  size_t max_field_;
  size_t max_record_;
  SourceInfo info_;
  std::vector<std::string> header_;
  char delim_ = ',';

  std::string buf_;  // decoded text; buf_[pos_..] not parsed yet
  size_t pos_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;      // line number at pos_
  bool skip_lf_ = false;  // the previous record ended in CR: a following LF belongs to it

  // Per-record parse state.
  size_t nfields_ = 0;
  size_t record_bytes_ = 0;
  bool oversize_ = false;
  bool any_quoted_ = false;

  bool has_pending_ = false;  // header=false: the first record, read to size the header
  Record pending_;
};

Result<bool> CsvReader::Fill() {
  if (eof_) return false;
  if (pos_ == buf_.size()) {
    buf_.clear();
  } else if (pos_ > 0) {
    buf_.erase(0, pos_);
  }
  pos_ = 0;
  YG_ASSIGN_OR_RETURN(bool more, text_->Read(buf_));
  if (!more) eof_ = true;
  return more;
}

void CsvReader::StartField(Record& out) {
  if (nfields_ < out.fields.size()) {
    out.fields[nfields_].clear();  // keeps the capacity from earlier records
  } else {
    out.fields.emplace_back();
  }
  ++nfields_;
}

void CsvReader::Append(Record& out, const char* data, size_t n) {
  if (oversize_ || n == 0) return;
  std::string& field = out.fields[nfields_ - 1];
  if (field.size() + n > max_field_) {
    oversize_ = true;
    SetRecordError(out, "ingest.field_too_large",
                   "field " + std::to_string(nfields_) + " exceeds " + std::to_string(max_field_) + " bytes");
    return;
  }
  record_bytes_ += n;
  if (record_bytes_ > max_record_) {
    oversize_ = true;
    SetRecordError(out, "ingest.record_too_large", "record exceeds " + std::to_string(max_record_) + " bytes");
    return;
  }
  field.append(data, n);
}

void CsvReader::EndLine(char c) {
  ++line_;
  ++pos_;
  skip_lf_ = c == '\r';
}

void CsvReader::FinishRecord(Record& out) {
  out.fields.resize(nfields_);
  if (oversize_) out.fields.clear();  // partial data is useless and may be huge
}

Result<bool> CsvReader::ParseRecord(Record& out) {
  ClearRecord(out);
  nfields_ = 0;
  record_bytes_ = 0;
  oversize_ = false;
  any_quoted_ = false;
  State state = State::kRecordStart;
  int64_t quote_line = 0;
  for (;;) {
    if (pos_ >= buf_.size()) {
      YG_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (state == State::kRecordStart) {
          out.fields.clear();
          return false;
        }
        if (state == State::kQuoted) {
          return InvalidArgument("csv.unterminated_quote", "quoted field opened on line " + std::to_string(quote_line) +
                                                               " is never closed (end of file reached inside quotes)");
        }
        FinishRecord(out);
        return true;
      }
    }
    const char* p = buf_.data() + pos_;
    const char* end = buf_.data() + buf_.size();
    switch (state) {
      case State::kRecordStart:
        if (skip_lf_) {
          skip_lf_ = false;
          if (*p == '\n') {
            ++pos_;
            continue;
          }
        }
        if (*p == '\n' || *p == '\r') {  // empty line
          EndLine(*p);
          continue;
        }
        out.line = line_;
        StartField(out);
        state = State::kFieldStart;
        continue;
      case State::kFieldStart:
        if (*p == '"') {
          quote_line = line_;
          any_quoted_ = true;
          ++pos_;
          state = State::kQuoted;
        } else {
          state = State::kUnquoted;
        }
        continue;
      case State::kUnquoted: {
        const char* q = p;
        while (q < end && *q != delim_ && *q != '\n' && *q != '\r') ++q;
        Append(out, p, static_cast<size_t>(q - p));
        pos_ += static_cast<size_t>(q - p);
        if (q == end) continue;
        if (*q == delim_) {
          ++pos_;
          StartField(out);
          state = State::kFieldStart;
          continue;
        }
        EndLine(*q);
        FinishRecord(out);
        return true;
      }
      case State::kQuoted: {
        const char* q = p;
        while (q < end && *q != '"') {
          if (*q == '\n') ++line_;
          ++q;
        }
        Append(out, p, static_cast<size_t>(q - p));
        pos_ += static_cast<size_t>(q - p);
        if (q == end) continue;
        ++pos_;
        state = State::kQuoteInQuoted;
        continue;
      }
      case State::kQuoteInQuoted:
        if (*p == '"') {  // "" inside quotes
          Append(out, p, 1);
          ++pos_;
          state = State::kQuoted;
        } else {
          state = State::kAfterQuoted;
        }
        continue;
      case State::kAfterQuoted:
        if (*p == delim_) {
          ++pos_;
          StartField(out);
          state = State::kFieldStart;
        } else if (*p == '\n' || *p == '\r') {
          EndLine(*p);
          FinishRecord(out);
          return true;
        } else {
          state = State::kUnquoted;  // lenient: keep the stray text
        }
        continue;
    }
  }
}

Result<bool> CsvReader::NextNonBlank(Record& out) {
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool got, ParseRecord(out));
    if (!got) return false;
    bool blank = out.ok() && !any_quoted_ && out.fields.size() == 1 && IsBlank(out.fields[0]);
    if (blank) continue;
    CheckRecordUtf8(out, info_.encoding);
    return true;
  }
}

Status CsvReader::Init(const ReaderOptions& options, std::optional<char> delimiter) {
  // Buffer a sample without consuming it, for delimiter detection.
  while (!eof_ && buf_.size() < kSampleBytes) {
    YG_ASSIGN_OR_RETURN(bool more, Fill());
    (void)more;
  }
  if (delimiter) {
    delim_ = *delimiter;
  } else {
    bool complete = eof_ && buf_.size() <= kSampleBytes;
    delim_ = DetectDelimiter(std::string_view(buf_).substr(0, kSampleBytes), complete);
  }
  info_.delimiter = delim_;

  Record first;
  YG_ASSIGN_OR_RETURN(bool got, NextNonBlank(first));
  if (!got) return InvalidArgument("ingest.empty_file", "the file is empty");
  if (!options.header) {
    header_ = GeneratedHeader(first.fields.empty() ? 1 : first.fields.size());
    pending_ = std::move(first);
    has_pending_ = true;
    return Status::Ok();
  }
  if (!first.ok()) {
    return InvalidArgument("ingest.bad_header", "header row (line " + std::to_string(first.line) + "): " + first.error);
  }
  header_ = std::move(first.fields);
  return NormalizeHeader(header_);
}

Result<bool> CsvReader::Next(Record& out) {
  if (has_pending_) {
    has_pending_ = false;
    out = std::move(pending_);
    return true;
  }
  return NextNonBlank(out);
}

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenCsvReader(std::unique_ptr<TextStream> text, const ReaderOptions& options,
                                                    std::optional<char> delimiter) {
  if (delimiter && (*delimiter == '"' || *delimiter == '\n' || *delimiter == '\r' || *delimiter == '\0')) {
    return InvalidArgument("ingest.bad_option", "a CSV delimiter cannot be a quote, a line break or NUL");
  }
  auto reader = std::make_unique<CsvReader>(std::move(text), options);
  YG_RETURN_IF_ERROR(reader->Init(options, delimiter));
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace yungu::ingest::internal
