// A pattern rule compiled once into a vectorscan database, matched against
// whole values: the pattern must match from the first byte to the last.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "yungu/core/result.h"

struct hs_database;
struct hs_scratch;

namespace yungu::quality::internal {

class WholeValueMatcher {
 public:
  // Compiles `pattern` (PCRE syntax as vectorscan takes it, UTF-8) as
  // \A(?:pattern)\z. Errors: InvalidArgument "quality.invalid_rule" with
  // vectorscan's reason (see ValidatePattern).
  static Result<WholeValueMatcher> Compile(std::string_view pattern);

  WholeValueMatcher(WholeValueMatcher&&) noexcept;
  WholeValueMatcher& operator=(WholeValueMatcher&&) noexcept;
  ~WholeValueMatcher();

  // True when the whole of `value` matches. `value` must be valid UTF-8.
  // Uses the matcher's own scratch space: one thread at a time.
  bool Matches(std::string_view value);

 private:
  WholeValueMatcher(hs_database* database, hs_scratch* scratch);
  hs_database* database_ = nullptr;
  hs_scratch* scratch_ = nullptr;
};

}  // namespace yungu::quality::internal
