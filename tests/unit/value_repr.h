// A readable, type-tagged form of a typed value ("i:3", "s:襄阳", "null"),
// for comparisons and failure messages in tests of several modules.
#pragma once

#include <string>

#include "yungu/core/value.h"

namespace yungu::testing {

inline std::string Repr(const Value& v) {
  switch (v.index()) {
    case 0: return "null";
    case 1: return "i:" + std::to_string(std::get<int64_t>(v));
    case 2: return "f:" + ValueToText(v);
    case 3: return std::get<bool>(v) ? "b:true" : "b:false";
    case 4: return "D:" + std::get<Date>(v).iso;
    case 5: return "T:" + std::get<DateTime>(v).iso;
    default: return "s:" + std::get<std::string>(v);
  }
}

}  // namespace yungu::testing
