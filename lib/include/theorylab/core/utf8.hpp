#pragma once
// UTF-8 validity at the input boundary: every string a result file stores as an HDF5
// UTF-8 string must be valid UTF-8 (RFC 3629: no overlong forms, no surrogates
// U+D800..U+DFFF, nothing above U+10FFFF), whatever the user typed.
#include <string>
#include <string_view>

namespace tl {

// True when `text` is well-formed UTF-8 (the empty string is).
bool is_valid_utf8(std::string_view text) noexcept;

// `text` with every ill-formed sequence replaced by U+FFFD (one per maximal ill-formed
// subpart, as the Unicode standard's "substitution of maximal subparts" recommends);
// valid input is returned unchanged. For strings that must be stored whatever they hold
// (a command line, a path).
std::string sanitize_utf8(std::string_view text);

// Throws UsageError "<what> is not valid UTF-8 (byte K)" when `text` is ill-formed.
void require_utf8(std::string_view text, const std::string& what);

}  // namespace tl
