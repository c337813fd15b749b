// Helpers shared by the identifier validators and generators. Not installed;
// only src/identifiers/*.cc include this.
#pragma once

#include <cstdint>
#include <string_view>

#include "yungu/identifiers/identifiers.h"

namespace yungu::identifiers::internal {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True when `s` is non-empty and every character is an ASCII digit.
bool AllDigits(std::string_view s);

// Parses a run of ASCII digits (the caller has checked them).
int ParseDigits(std::string_view digits);

// A uniform value in [0, n). We reduce the engine's raw output ourselves:
// mt19937_64's sequence is fixed by the C++ standard but the std::*
// distributions are not, and generated data must not change between
// standard libraries.
uint64_t RandomBelow(Rng& rng, uint64_t n);
char RandomDigit(Rng& rng);

}  // namespace yungu::identifiers::internal
