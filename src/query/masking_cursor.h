// A RowCursor that masks each row of another on its way out.
#pragma once

#include <memory>

#include "yungu/privacy/masking.h"
#include "yungu/storage/store.h"

namespace yungu::query {

std::unique_ptr<storage::RowCursor> WrapMasking(std::unique_ptr<storage::RowCursor> inner,
                                               std::shared_ptr<const privacy::Masker> masker);

}  // namespace yungu::query
