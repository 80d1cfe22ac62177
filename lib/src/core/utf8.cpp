#include "theorylab/core/utf8.hpp"

#include <cstdint>

#include "theorylab/core/error.hpp"

namespace tl {

namespace {

// Length of the well-formed sequence at text[i], or 0 when the bytes there start an
// ill-formed one; `bad` is then the length of its maximal ill-formed subpart (>= 1).
// Table 3-7 of the Unicode standard, "Well-formed UTF-8 byte sequences".
std::size_t sequence_length(std::string_view text, std::size_t i, std::size_t& bad) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  bad = 1;
  if (b0 < 0x80) return 1;
  std::size_t need;
  std::uint8_t lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) need = 2;
  else if (b0 == 0xE0) need = 3, lo = 0xA0;
  else if (b0 == 0xED) need = 3, hi = 0x9F;  // no surrogates
  else if (b0 >= 0xE1 && b0 <= 0xEF) need = 3;
  else if (b0 == 0xF0) need = 4, lo = 0x90;
  else if (b0 == 0xF4) need = 4, hi = 0x8F;  // nothing above U+10FFFF
  else if (b0 >= 0xF1 && b0 <= 0xF3) need = 4;
  else return 0;  // 0x80..0xC1, 0xF5..0xFF never start a sequence
  for (std::size_t k = 1; k < need; ++k) {
    if (i + k >= text.size()) return 0;
    const std::uint8_t b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    bad = k + 1;
  }
  return need;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t bad;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i, bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t bad;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i, bad);
    if (n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      i += bad;
    }
  }
  return out;
}

void require_utf8(std::string_view text, const std::string& what) {
  std::size_t bad;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i, bad);
    if (n == 0) throw UsageError(what + " is not valid UTF-8 (byte " + std::to_string(i + 1) + ")");
    i += n;
  }
}

}  // namespace tl
