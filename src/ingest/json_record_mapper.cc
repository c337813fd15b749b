#include "ingest/json_record_mapper.h"

#include "yungu/core/json_text.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "ingest/header.h"
#include "ingest/record_error.h"
#include "ingest/utf8.h"

namespace yungu::ingest::internal {
namespace {

using Json = nlohmann::json;

// Receives nlohmann's SAX events for one element. Values of the top-level
// object go straight into the record; anything deeper is re-serialised into
// `nested_` so the column gets compact JSON text. Numbers keep the text they
// were written with (nlohmann hands floats over with their source text, and
// integers print back identically).
class ElementSax final : public nlohmann::json_sax<Json> {
 public:
  ElementSax(Record& out, const std::unordered_map<std::string, size_t>* index, size_t max_field_bytes)
      : out_(out), index_(index), max_field_bytes_(max_field_bytes) {}

  bool null() override { return Scalar("null", true); }
  bool boolean(bool v) override { return Scalar(v ? "true" : "false", false); }
  bool number_integer(number_integer_t v) override { return Integer(v); }
  bool number_unsigned(number_unsigned_t v) override { return Integer(v); }
  bool number_float(number_float_t, const string_t& text) override { return Scalar(text, false); }
  bool string(string_t& v) override {
    if (depth_ > 1) {
      BeginNestedValue();
      AppendJsonString(nested_, v);
      return true;
    }
    return Scalar(v, false, /*is_string=*/true);
  }
  bool binary(binary_t&) override { return true; }  // not produced by JSON text

  bool start_object(std::size_t) override { return Open('{'); }
  bool end_object() override { return Close('}'); }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return NotObject();
    return Open('[');
  }
  bool end_array() override { return Close(']'); }

  bool key(string_t& k) override {
    if (depth_ > 1) {
      BeginNestedValue();
      AppendJsonString(nested_, k);
      nested_ += ':';
      after_key_ = true;
      return true;
    }
    if (index_ == nullptr) {  // learning the header from this object
      learned_keys_.push_back(k);
      column_ = learned_keys_.size() - 1;
      if (out_.fields.size() <= column_) {
        out_.fields.resize(column_ + 1);
        out_.nulls.resize(column_ + 1, 1);
      }
      return true;
    }
    auto it = index_->find(k);
    if (it == index_->end()) {
      column_ = kNoColumn;
      SetRecordError(out_, "ingest.unknown_field",
                     "unknown field '" + k + "' (not among the keys of the first object)");
    } else {
      column_ = it->second;
    }
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    malformed_ = ex.what();
    return false;
  }

  bool not_object() const { return not_object_; }
  const std::string& malformed() const { return malformed_; }
  std::vector<std::string>& learned_keys() { return learned_keys_; }

 private:
  static constexpr size_t kNoColumn = static_cast<size_t>(-1);

  bool NotObject() {
    not_object_ = true;
    return false;
  }

  template <typename T>
  bool Integer(T v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    return Scalar(std::string_view(buf, static_cast<size_t>(res.ptr - buf)), false);
  }

  // A scalar: a column value at depth 1, part of a nested value deeper.
  bool Scalar(std::string_view text, bool is_null, bool is_string = false) {
    if (depth_ == 0) return NotObject();
    if (depth_ > 1) {
      BeginNestedValue();
      nested_.append(text);
      return true;
    }
    SetColumn(is_null ? std::string_view() : text, is_null);
    return true;
  }

  void SetColumn(std::string_view text, bool is_null) {
    if (column_ == kNoColumn) return;
    if (text.size() > max_field_bytes_) {
      SetRecordError(
          out_, "ingest.field_too_large",
          "field " + std::to_string(column_ + 1) + " exceeds " + std::to_string(max_field_bytes_) + " bytes");
      return;
    }
    out_.fields[column_].assign(text);
    out_.nulls[column_] = is_null ? 1 : 0;
  }

  void BeginNestedValue() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (need_comma_.back()) nested_ += ',';
    need_comma_.back() = true;
  }

  bool Open(char bracket) {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    if (depth_ == 1) {
      nested_.clear();
      need_comma_.clear();
      after_key_ = false;
    } else {
      BeginNestedValue();
    }
    nested_ += bracket;
    need_comma_.push_back(false);
    ++depth_;
    return true;
  }

  bool Close(char bracket) {
    if (depth_ == 1) {
      depth_ = 0;
      return true;
    }
    nested_ += bracket;
    need_comma_.pop_back();
    --depth_;
    if (depth_ == 1) SetColumn(nested_, false);
    return true;
  }

  Record& out_;
  const std::unordered_map<std::string, size_t>* index_;
  size_t max_field_bytes_;
  int depth_ = 0;
  size_t column_ = kNoColumn;
  std::string nested_;
  std::vector<bool> need_comma_;  // per open nested container
  bool after_key_ = false;
  bool not_object_ = false;
  std::string malformed_;
  std::vector<std::string> learned_keys_;
};

}  // namespace


Result<bool> JsonRecordMapper::Map(std::string_view text, Record& out, std::string& malformed) {
  bool learning = header_.empty();
  out.fields.assign(header_.size(), std::string());
  out.nulls.assign(header_.size(), 1);
  if (!IsValidUtf8(text)) {
    // Checked up front so that bad bytes read as an encoding problem, not as
    // malformed JSON (which a JSON array treats as fatal).
    out.fields.clear();
    out.nulls.clear();
    SetRecordError(out, "ingest.invalid_utf8", InvalidTextMessage("utf-8", 0));
    return true;
  }
  ElementSax sax(out, learning ? nullptr : &index_, max_field_bytes_);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const std::exception& e) {  // nlohmann reports via the handler, but be safe
    malformed = e.what();
    return false;
  }
  if (sax.not_object()) {
    out.fields.clear();
    out.nulls.clear();
    SetRecordError(out, "ingest.not_an_object", "expected a JSON object");
    return true;
  }
  if (!parsed) {
    malformed = sax.malformed().empty() ? "malformed JSON" : sax.malformed();
    out.fields.clear();
    out.nulls.clear();
    return false;
  }
  if (learning) {
    std::vector<std::string> raw = sax.learned_keys();
    if (raw.empty()) return InvalidArgument("ingest.bad_header", "the first JSON object has no keys");
    std::vector<std::string> names = raw;
    YG_RETURN_IF_ERROR(NormalizeHeader(names));
    for (size_t i = 0; i < raw.size(); ++i) index_.emplace(raw[i], i);
    header_ = std::move(names);
  }
  return true;
}

}  // namespace yungu::ingest::internal
