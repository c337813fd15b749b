// Deciding the character encoding of a text file from its first bytes.
#pragma once

#include <string>
#include <string_view>

#include "yungu/core/result.h"

namespace yungu::ingest::internal {

// Canonical lower-case name ("utf-8", "gb18030", "utf-16le", "big5", ...) for
// the file whose first bytes are `sample`; whole_file says the sample is the
// entire file (so a cut-off multi-byte sequence at its end is an error, not
// an artefact of sampling). Order of evidence:
//  1. a byte order mark, or the NUL pattern of BOM-less UTF-16;
//  2. the sample is valid UTF-8;
//  3. the sample is mostly valid UTF-8, at least ten well-formed multi-byte
//     sequences per invalid one (a damaged UTF-8 file: decode it as UTF-8
//     so the bad records get flagged instead of turning the whole file into
//     mojibake);
//  4. uchardet names a multi-byte CJK or Unicode encoding;
//  5. the sample is well-formed GB18030 with at least one multi-byte
//     character (uchardet gives up or guesses a Latin charset on short
//     Chinese samples, and GBK is by far the likeliest legacy encoding here);
//  6. whatever else uchardet says, if iconv can decode it.
// Otherwise Unsupported "ingest.unsupported_encoding".
Result<std::string> DetectEncoding(std::string_view sample, bool whole_file);

// Maps a user-supplied encoding name to the canonical one: "utf8" ->
// "utf-8", "gbk"/"gb2312"/"cp936" -> "gb18030" (its superset), other names
// lower-cased if iconv knows them. Empty result for "auto"/"".
Result<std::string> CanonicalEncodingName(std::string_view name);

bool IsUtf8Name(std::string_view canonical);

}  // namespace yungu::ingest::internal
