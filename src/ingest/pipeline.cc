#include "yungu/ingest/pipeline.h"

#include <chrono>
#include <mutex>
#include <optional>

#include "ingest/async_writer.h"
#include "yungu/ingest/value_parser.h"

namespace yungu::ingest {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Long digit strings are identifiers (ID, card, account numbers), not
// quantities: keep them as text.
constexpr size_t kMaxIntegerDigits = 15;

ColumnType InferColumnValue(std::string_view text) {
  ColumnType t = InferType(text);
  if (t == ColumnType::kInteger) {
    size_t digits = text.size() - ((!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0);
    if (digits > kMaxIntegerDigits) return ColumnType::kText;
  }
  return t;
}

bool ValidFieldName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

class Pipeline {
 public:
  Pipeline(storage::Store& store, std::string dataset_id, const IngestOptions& options)
      : store_(store), dataset_id_(std::move(dataset_id)), options_(options) {}

  IngestReport Run(const std::filesystem::path& file) {
    auto started = Clock::now();
    report_.status = RunInner(file);
    report_.seconds = Seconds(started);
    if (report_.status.ok() && options_.build_search_index) {
      auto index_started = Clock::now();
      Status st = store_.BuildSearchIndex(report_.version);
      report_.index_seconds = Seconds(index_started);
      // The version is committed and queryable; only search is slower.
      if (st.ok()) report_.version.search_ready = true;
    }
    return std::move(report_);
  }

 private:
  Status RunInner(const std::filesystem::path& file) {
    YG_ASSIGN_OR_RETURN(model::DatasetMeta meta, store_.GetDataset(dataset_id_));
    YG_ASSIGN_OR_RETURN(auto reader, OpenReader(file, options_.reader));
    report_.source = reader->info();
    report_.header = reader->header();
    YG_RETURN_IF_ERROR(ResolveSchema(meta, reader->header()));

    for (const auto& key : options_.key_fields) {
      bool found = false;
      for (const auto& f : fields_) found |= f.name == key;
      if (!found) return InvalidArgument("ingest.unknown_key", "key field '" + key + "' is not a field of the data");
    }
    storage::VersionSpec spec;
    spec.dataset_id = dataset_id_;
    spec.fields = fields_;
    spec.mode = options_.mode;
    spec.key_fields = options_.key_fields;
    spec.source = options_.source_name.empty() ? file.filename().string() : options_.source_name;
    spec.update_metadata_fields = inferring_;  // inferred fields become the declared ones
    YG_ASSIGN_OR_RETURN(writer_, store_.BeginVersion(spec));
    if (options_.gate) YG_RETURN_IF_ERROR(options_.gate->Start(fields_));

    // Duplicate keys surface on the writer's thread; their accounting is
    // shared with this one under reject_mu_.
    AsyncWriter async(*writer_, fields_.size(), [this](int64_t line, const Status& conflict) {
      return Reject(line, conflict.error_code(), conflict.message());
    });
    Record record;
    for (;;) {
      YG_ASSIGN_OR_RETURN(bool more, reader->Next(record));
      if (!more) break;
      ++report_.rows_read;
      if (options_.progress && report_.rows_read % 8192 == 0) {
        options_.progress(reader->bytes_consumed(), reader->total_bytes(), report_.rows_read);
      }
      if (!record.ok()) {
        YG_RETURN_IF_ERROR(Reject(record.line, record.error_code, record.error));
        continue;
      }
      std::string code, message;
      Row& row = async.NextRow();
      bool converted = ConvertRecord(record, row, code, message);
      if (converted && options_.gate) options_.gate->Observe(row);
      if (converted) YG_RETURN_IF_ERROR(async.Push(record.line));
      // Widened columns change after this row, which already has the wider
      // type; earlier rows are converted by the writer.
      for (const auto& [column, type] : widened_) YG_RETURN_IF_ERROR(async.ChangeColumnType(column, type));
      widened_.clear();
      if (!converted) YG_RETURN_IF_ERROR(Reject(record.line, code, message));
    }
    if (options_.progress) options_.progress(reader->bytes_consumed(), reader->total_bytes(), report_.rows_read);
    if (inferring_) {
      for (size_t i = 0; i < types_.size(); ++i) {
        if (!types_[i]) YG_RETURN_IF_ERROR(async.ChangeColumnType(i, ColumnType::kText));
      }
    }
    YG_RETURN_IF_ERROR(async.Finish());
    report_.rows_written = async.rows_written();
    if (options_.gate) YG_RETURN_IF_ERROR(options_.gate->BeforeCommit());
    YG_ASSIGN_OR_RETURN(report_.version, writer_->Commit());
    return Status::Ok();
  }

  Status ResolveSchema(const model::DatasetMeta& meta, const std::vector<std::string>& header) {
    inferring_ = meta.fields.empty() || (options_.infer_schema && options_.mode == storage::WriteMode::kReplace);
    column_of_field_.clear();
    if (inferring_) {
      for (size_t i = 0; i < header.size(); ++i) {
        if (!ValidFieldName(header[i])) {
          return InvalidArgument("ingest.bad_header", "column " + std::to_string(i + 1) +
                                                          " has no usable name (1-64 bytes, no control characters)");
        }
        model::FieldDef f;
        f.name = header[i];
        f.title = header[i];
        // Keep what the catalog already says about a field of that name.
        for (const auto& old : meta.fields) {
          if (old.name == header[i]) {
            f = old;
            f.type = ColumnType::kText;
          }
        }
        fields_.push_back(f);
        column_of_field_.push_back(static_cast<int>(i));
      }
      types_.assign(fields_.size(), std::nullopt);
      return Status::Ok();
    }
    // Explicit schema: every column must be a declared field, by name or title.
    fields_ = meta.fields;
    column_of_field_.assign(fields_.size(), -1);
    for (size_t c = 0; c < header.size(); ++c) {
      int match = -1;
      for (size_t f = 0; f < fields_.size(); ++f) {
        if (fields_[f].name == header[c]) match = static_cast<int>(f);
      }
      if (match < 0) {
        for (size_t f = 0; f < fields_.size(); ++f) {
          if (!fields_[f].title.empty() && fields_[f].title == header[c]) match = static_cast<int>(f);
        }
      }
      if (match < 0) {
        return InvalidArgument("ingest.unknown_column",
                               "column '" + header[c] + "' is not a field of dataset '" + dataset_id_ +
                                   "' (declare it, or ingest with infer_schema in replace mode)");
      }
      if (column_of_field_[match] >= 0) {
        return InvalidArgument("ingest.bad_header", "columns " + std::to_string(column_of_field_[match] + 1) + " and " +
                                                        std::to_string(c + 1) + " both map to field '" +
                                                        fields_[match].name + "'");
      }
      column_of_field_[match] = static_cast<int>(c);
    }
    for (size_t f = 0; f < fields_.size(); ++f) {
      if (column_of_field_[f] < 0 && (fields_[f].required || fields_[f].primary_key)) {
        return InvalidArgument("ingest.missing_column",
                               "the file has no column for required field '" + fields_[f].name + "'");
      }
    }
    return Status::Ok();
  }

  // Typed row from one record; false with a reason for a bad row.
  bool ConvertRecord(const Record& record, Row& row, std::string& code, std::string& message) {
    if (record.fields.size() != report_.header.size()) {
      code = "ingest.ragged_row";
      message = "expected " + std::to_string(report_.header.size()) + " fields, found " +
                std::to_string(record.fields.size());
      return false;
    }
    for (size_t f = 0; f < fields_.size(); ++f) {
      int c = column_of_field_[f];
      if (c < 0 || record.is_null(c) || IsBlank(record.fields[c])) {
        if (fields_[f].required || fields_[f].primary_key) {
          code = "ingest.missing_value";
          message = "field '" + fields_[f].name + "' is required";
          return false;
        }
        row[f] = std::monostate{};
        continue;
      }
      std::string_view text = record.fields[c];
      if (inferring_) {
        if (!Widen(f, text, row[f], code, message)) return false;
        continue;
      }
      auto value = ParseValue(fields_[f].type, text);
      if (!value.ok()) {
        code = "ingest.bad_value";
        message = "field '" + fields_[f].name + "': " + value.status().message();
        return false;
      }
      row[f] = std::move(value).value();
    }
    return true;
  }

  // Keeps the inferred type of field f wide enough for `text` and stores
  // its value in `out`.
  bool Widen(size_t f, std::string_view text, Value& out, std::string& code, std::string& message) {
    auto& current = types_[f];
    if (current) {
      auto value = ParseValue(*current, text);
      // ParseValue takes "007" and 18-digit IDs as integers; inference keeps
      // them text (identifiers) whatever came before them in the column.
      if (value.ok() && (*current != ColumnType::kInteger || InferColumnValue(text) == ColumnType::kInteger)) {
        out = std::move(value).value();
        return true;
      }
    }
    ColumnType seen = InferColumnValue(text);
    ColumnType wider = current ? WidenType(*current, seen) : seen;
    if (!current || wider != *current) {
      current = wider;
      fields_[f].type = wider;
      widened_.emplace_back(f, wider);
    }
    auto value = ParseValue(wider, text);
    if (!value.ok()) {
      code = "ingest.bad_value";
      message = "field '" + fields_[f].name + "': " + value.status().message();
      return false;
    }
    out = std::move(value).value();
    return true;
  }

  Status Reject(int64_t line, const std::string& code, const std::string& message) {
    std::lock_guard lock(reject_mu_);
    ++report_.rows_rejected;
    if (report_.bad_rows.size() < options_.max_reported_bad_rows) report_.bad_rows.push_back({line, code, message});
    if (report_.rows_rejected > options_.max_bad_rows) {
      std::string allowance = options_.max_bad_rows == 0
                                  ? std::string("no bad rows are allowed")
                                  : "more than " + std::to_string(options_.max_bad_rows) + " bad rows";
      return InvalidArgument("ingest.rejected", "line " + std::to_string(line) + ": " + message + " (" + code + "); " +
                                                    allowance + ", nothing was imported");
    }
    return Status::Ok();
  }

  storage::Store& store_;
  std::string dataset_id_;
  const IngestOptions& options_;
  IngestReport report_;
  std::unique_ptr<storage::VersionWriter> writer_;
  std::vector<model::FieldDef> fields_;
  std::vector<int> column_of_field_;              // field -> column in the file, -1 if absent
  std::vector<std::optional<ColumnType>> types_;  // inferred so far
  bool inferring_ = false;
  std::vector<std::pair<size_t, ColumnType>> widened_;  // by the record being converted
  std::mutex reject_mu_;
};

}  // namespace

IngestReport IngestFile(storage::Store& store, const std::string& dataset_id, const std::filesystem::path& file,
                        const IngestOptions& options) {
  return Pipeline(store, dataset_id, options).Run(file);
}

}  // namespace yungu::ingest
