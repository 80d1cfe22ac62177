#pragma once
// Columns printed as an aligned text table, the first and last rows of a long one.
#include <ostream>
#include <string>
#include <vector>

#include "theorylab/core/summary.hpp"

namespace tl {

// One cell as text: reals with 6 significant digits, NaN as "-".
std::string cell_text(const Column& column, std::size_t row);

// Prints `columns` (equal lengths) with a header (name [unit]); if there are more than
// `max_rows` rows, the first and last max_rows/2 with a "… N rows omitted" line.
void print_text_table(std::ostream& out, const std::vector<Column>& columns, std::size_t max_rows = 20);

// Comma-separated values with a header row; text quoted when it needs to be.
void print_csv(std::ostream& out, const std::vector<Column>& columns);

}  // namespace tl
