#include "query/masking_cursor.h"

namespace yungu::query {
namespace {

class MaskingCursor final : public storage::RowCursor {
 public:
  MaskingCursor(std::unique_ptr<storage::RowCursor> inner, std::shared_ptr<const privacy::Masker> masker)
      : inner_(std::move(inner)), masker_(std::move(masker)) {}

  const std::vector<std::string>& columns() const override { return inner_->columns(); }

  Result<bool> Next(Row& row) override {
    YG_ASSIGN_OR_RETURN(bool more, inner_->Next(row));
    // Hidden sort columns after the output are never masked: sorting on a
    // masked field is refused when the query is prepared.
    if (more) masker_->Apply(row);
    return more;
  }

 private:
  std::unique_ptr<storage::RowCursor> inner_;
  std::shared_ptr<const privacy::Masker> masker_;
};

}  // namespace

std::unique_ptr<storage::RowCursor> WrapMasking(std::unique_ptr<storage::RowCursor> inner,
                                               std::shared_ptr<const privacy::Masker> masker) {
  return std::make_unique<MaskingCursor>(std::move(inner), std::move(masker));
}

}  // namespace yungu::query
