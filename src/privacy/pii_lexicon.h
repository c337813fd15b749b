// Word lists behind the name recogniser.
#pragma once

#include <string_view>
#include <vector>

namespace yungu::privacy::internal {

// Common Chinese surnames (one character each), most frequent first.
const std::vector<std::string_view>& SingleSurnames();
// Two-character (compound) surnames: 欧阳, 司马, 诸葛 ...
const std::vector<std::string_view>& CompoundSurnames();

bool IsSingleSurname(std::string_view character);
bool IsCompoundSurname(std::string_view two_characters);

// Words and place names that start with a surname character but are not
// names: 王府井, 周末, 金额, 武汉 ...
bool IsNameStopWord(std::string_view word);

// Characters that end place, organisation and common nouns far more often
// than given names (区, 局, 路, 业, 费 ...): a 2-4 character value ending in
// one is not taken for a name.
bool IsNonNameEnding(char32_t c);

}  // namespace yungu::privacy::internal
