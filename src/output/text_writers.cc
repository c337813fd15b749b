// CSV, TSV, JSON and NDJSON writers: rows are rendered into one buffer that is
// handed to the sink whenever it passes kChunkBytes.
#include <utility>
#include <variant>

#include "output/writer_internal.h"

namespace yungu::output {
namespace internal {

Status SinkClosed() { return IoError("output.sink_closed", "the consumer of the export went away"); }

Status BadState(std::string_view what) { return FailedPrecondition("output.bad_state", std::string(what)); }

Status RowWidth(size_t got, size_t want) {
  return InvalidArgument("output.row_width", "row has " + std::to_string(got) + " values but there are " +
                                                 std::to_string(want) + " columns");
}

namespace {

// Shared call-order checks and buffering; subclasses only render text.
class BufferedTextWriter : public RowWriter {
 public:
  explicit BufferedTextWriter(Sink sink) : sink_(std::move(sink)) { buf_.reserve(kChunkBytes + 4096); }

  Status Begin(const std::vector<Column>& columns) final {
    if (!failed_.ok()) return failed_;
    if (state_ != State::kNew) return BadState("Begin called twice");
    state_ = State::kOpen;
    width_ = columns.size();
    RenderBegin(columns);
    return MaybeFlush();
  }

  Status Write(const Row& row) final {
    if (!failed_.ok()) return failed_;
    if (state_ != State::kOpen) return BadState("Write outside Begin..Finish");
    if (row.size() != width_) return RowWidth(row.size(), width_);
    RenderRow(row);
    return MaybeFlush();
  }

  Status Finish() final {
    if (!failed_.ok()) return failed_;
    if (state_ != State::kOpen) return BadState("Finish without Begin, or twice");
    state_ = State::kDone;
    RenderEnd();
    return Flush();
  }

 protected:
  virtual void RenderBegin(const std::vector<Column>& columns) = 0;
  virtual void RenderRow(const Row& row) = 0;
  virtual void RenderEnd() {}

  std::string buf_;

 private:
  enum class State { kNew, kOpen, kDone };

  Status MaybeFlush() { return buf_.size() >= kChunkBytes ? Flush() : Status::Ok(); }

  Status Flush() {
    if (buf_.empty()) return Status::Ok();
    if (!sink_(buf_)) {
      failed_ = SinkClosed();
      buf_.clear();
      return failed_;
    }
    buf_.clear();  // keeps capacity: no reallocation per chunk
    return Status::Ok();
  }

  Sink sink_;
  State state_ = State::kNew;
  size_t width_ = 0;
  Status failed_;  // sticky: once the sink is gone every call fails
};

class DelimitedWriter final : public BufferedTextWriter {
 public:
  DelimitedWriter(char delimiter, const WriterOptions& options, Sink sink)
      : BufferedTextWriter(std::move(sink)), bom_(options.bom), header_(options.header) {
    special_ = {delimiter, '"', '\r', '\n'};
  }

 private:
  void RenderBegin(const std::vector<Column>& columns) override {
    if (bom_) buf_ += "\xEF\xBB\xBF";
    if (!header_) return;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) buf_ += special_[0];
      AppendField(columns[i].name);
    }
    buf_ += "\r\n";
  }

  void RenderRow(const Row& row) override {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buf_ += special_[0];
      if (const auto* text = std::get_if<std::string>(&row[i])) {
        AppendField(*text);  // the common case, without a copy
      } else if (!IsNull(row[i])) {
        AppendField(ValueToText(row[i]));
      }
    }
    buf_ += "\r\n";
  }

  // RFC 4180: quote only when needed, doubling embedded quotes.
  void AppendField(std::string_view field) {
    if (field.find_first_of(special_) == std::string_view::npos) {
      buf_ += field;
      return;
    }
    buf_ += '"';
    size_t start = 0;
    for (size_t q = field.find('"'); q != std::string_view::npos; q = field.find('"', q + 1)) {
      buf_.append(field, start, q + 1 - start);
      buf_ += '"';
      start = q + 1;
    }
    buf_.append(field, start, field.size() - start);
    buf_ += '"';
  }

  bool bom_;
  bool header_;
  std::string special_;  // delimiter first, then the other bytes that force quoting
};

class JsonWriter final : public BufferedTextWriter {
 public:
  JsonWriter(bool ndjson, Sink sink) : BufferedTextWriter(std::move(sink)), ndjson_(ndjson) {}

 private:
  void RenderBegin(const std::vector<Column>& columns) override {
    // Keys are encoded once here rather than for every row.
    keys_.clear();
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string key = i == 0 ? "{" : ",";
      AppendJsonString(key, columns[i].name);
      key += ':';
      keys_.push_back(std::move(key));
    }
    if (!ndjson_) buf_ += '[';
  }

  void RenderRow(const Row& row) override {
    if (!ndjson_ && rows_ > 0) buf_ += ',';
    ++rows_;
    if (row.empty()) buf_ += '{';
    for (size_t i = 0; i < row.size(); ++i) {
      buf_ += keys_[i];
      AppendJsonValue(buf_, row[i]);
    }
    buf_ += '}';
    if (ndjson_) buf_ += '\n';
  }

  void RenderEnd() override {
    if (!ndjson_) buf_ += ']';
  }

  bool ndjson_;
  std::vector<std::string> keys_;
  uint64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<RowWriter> MakeDelimitedWriter(char delimiter, const WriterOptions& options, Sink sink) {
  return std::make_unique<DelimitedWriter>(delimiter, options, std::move(sink));
}

std::unique_ptr<RowWriter> MakeJsonWriter(bool ndjson, Sink sink) {
  return std::make_unique<JsonWriter>(ndjson, std::move(sink));
}

}  // namespace internal
}  // namespace yungu::output
