// The input format shared by the harnesses that fuzz a command line (fuzz_sweep,
// fuzz_run_request): bytes after the first, split at spaces into the words the shell
// would hand to `theorylab run NAME ...`. Runs of spaces give no empty word; every other
// byte (NUL, newline, invalid UTF-8) stays in its word, as a shell could pass it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tl::fuzz {

/// Appends to `words` the space-separated words of data[begin, size).
/// Shapes: `data` holds `size` bytes; begin <= size (begin == size appends nothing).
inline void append_words(const std::uint8_t* data, std::size_t size, std::size_t begin,
                         std::vector<std::string>& words) {
  std::string word;
  for (std::size_t i = begin; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c != ' ') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
}

}  // namespace tl::fuzz
