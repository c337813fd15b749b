// A RowCursor that masks each row of another on its way out.
#pragma once

#include <memory>

#include "yungu/privacy/masking.h"
#include "yungu/storage/store.h"

namespace yungu::query {

std::unique_ptr<storage::RowCursor> WrapMasking(std::unique_ptr<storage::RowCursor> inner,
                                               std::shared_ptr<const privacy::Masker> masker);

// The same for long streams (exports): a worker thread reads and masks the
// next rows while the caller encodes and sends the previous ones, so masking
// costs little more than the reading it overlaps. The inner cursor is used
// only by the worker, and destroyed there; destroying the returned cursor
// early stops the worker.
std::unique_ptr<storage::RowCursor> WrapMaskingInBackground(std::unique_ptr<storage::RowCursor> inner,
                                                           std::shared_ptr<const privacy::Masker> masker);

}  // namespace yungu::query
