#include "quality/whole_value_matcher.h"

#include <hs/hs.h>

#include <utility>

#include "quality/text_util.h"

namespace yungu::quality::internal {
namespace {

// Longer patterns are not what a field rule is for, and vectorscan's
// compile time grows with them.
constexpr size_t kMaxPatternBytes = 4096;

constexpr std::string_view kUnsupportedHint =
    " (supported: PCRE syntax in UTF-8 with classes, alternation, groups, counted repeats, "
    "\\d \\w \\s \\b, \\p{Han}, \\x{4e00}, inline (?i) (?s) (?m); not supported: back-references, "
    "lookahead/lookbehind, atomic groups, possessive quantifiers, recursion, conditionals, "
    "\\C \\X \\R \\G)";

Status Rejected(std::string_view pattern, std::string_view why) {
  return InvalidArgument("quality.invalid_rule",
                         "pattern '" + ShortenForExample(pattern, 200) + "': " + std::string(why));
}

// Compiles one expression; on failure returns vectorscan's message.
Result<hs_database_t*> CompileExpression(const std::string& expression, unsigned flags,
                                         std::string_view pattern) {
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile(expression.c_str(), flags, HS_MODE_BLOCK, nullptr, &database, &error) != HS_SUCCESS) {
    std::string message = error ? error->message : "vectorscan could not compile it";
    hs_free_compile_error(error);
    return Rejected(pattern, message + std::string(kUnsupportedHint));
  }
  return database;
}

int StopAtFirstMatch(unsigned /*id*/, unsigned long long /*from*/, unsigned long long /*to*/,
                     unsigned /*flags*/, void* context) {
  *static_cast<bool*>(context) = true;
  return 1;  // nothing more to learn from this value
}

}  // namespace

Result<WholeValueMatcher> WholeValueMatcher::Compile(std::string_view pattern) {
  if (pattern.empty()) return Rejected(pattern, "is empty");
  if (pattern.size() > kMaxPatternBytes) {
    return Rejected(pattern, "is longer than " + std::to_string(kMaxPatternBytes) + " bytes");
  }
  if (pattern.find('\0') != std::string_view::npos) return Rejected(pattern, "contains a NUL byte");
  if (!IsValidUtf8(pattern)) return Rejected(pattern, "is not valid UTF-8");
  const std::string bare(pattern);
  // Compiled alone first, so a pattern such as "a)|(b" cannot escape the
  // whole-value group it is wrapped in below.
  YG_ASSIGN_OR_RETURN(hs_database_t * alone,
                      CompileExpression(bare, HS_FLAG_UTF8 | HS_FLAG_ALLOWEMPTY, pattern));
  hs_free_database(alone);
  YG_ASSIGN_OR_RETURN(hs_database_t * database,
                      CompileExpression("\\A(?:" + bare + ")\\z",
                                        HS_FLAG_UTF8 | HS_FLAG_ALLOWEMPTY | HS_FLAG_SINGLEMATCH, pattern));
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
    hs_free_database(database);
    return ResourceExhausted("quality.pattern_scratch", "cannot allocate vectorscan scratch space");
  }
  return WholeValueMatcher(database, scratch);
}

WholeValueMatcher::WholeValueMatcher(hs_database* database, hs_scratch* scratch)
    : database_(database), scratch_(scratch) {}

WholeValueMatcher::WholeValueMatcher(WholeValueMatcher&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)), scratch_(std::exchange(other.scratch_, nullptr)) {}

WholeValueMatcher& WholeValueMatcher::operator=(WholeValueMatcher&& other) noexcept {
  if (this != &other) {
    hs_free_scratch(scratch_);
    hs_free_database(database_);
    database_ = std::exchange(other.database_, nullptr);
    scratch_ = std::exchange(other.scratch_, nullptr);
  }
  return *this;
}

WholeValueMatcher::~WholeValueMatcher() {
  hs_free_scratch(scratch_);
  hs_free_database(database_);
}

bool WholeValueMatcher::Matches(std::string_view value) {
  bool matched = false;
  hs_scan(database_, value.data(), static_cast<unsigned>(value.size()), 0, scratch_, StopAtFirstMatch,
          &matched);
  return matched;
}

}  // namespace yungu::quality::internal
