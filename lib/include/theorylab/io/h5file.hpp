#pragma once
// A small RAII layer over the HDF5 C library: the only code that includes hdf5.h is
// in lib/src/io. Paths are absolute within the file ("/table/n").
#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace tl::h5 {

using AttributeValue = std::variant<std::int64_t, double, std::string>;

struct NodeInfo {
  std::string path;
  bool is_group = false;
  std::vector<std::size_t> shape;  // datasets only
  std::string type;                // "float64", "int64", "string"
  std::string unit;                // the "unit" attribute, if any
};

class File {
 public:
  enum class Mode { ReadOnly, Create };  // Create truncates: callers write to a .partial path
  // Throws tl::UsageError with a one-line message if the file cannot be opened.
  File(const std::string& path, Mode mode);
  // Read-only, from a whole file's bytes held in memory (HDF5's core driver over a copy
  // of `image`; no file is touched). `name` stands for the path in messages. Throws
  // tl::UsageError like the path constructor. For the fuzzers and tests of the readers.
  File(const std::string& name, const void* image, std::size_t size);
  ~File();
  File(File&&) noexcept;
  File& operator=(File&&) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  void create_group(const std::string& path);  // creates parents as needed
  bool exists(const std::string& path) const;
  bool is_group(const std::string& path) const;
  std::vector<std::string> children(const std::string& group) const;  // names, sorted
  std::vector<NodeInfo> tree() const;  // every group and dataset, depth first

  void write(const std::string& path, const std::vector<double>& values);
  void write(const std::string& path, const std::vector<std::int64_t>& values);
  void write(const std::string& path, const std::vector<std::string>& values);
  // The same for `count` strings read through `get` (references that stay valid for the
  // call): a column of many long strings without a copy of them all.
  void write_strings(const std::string& path, std::size_t count, const std::function<const std::string&(std::size_t)>& get);
  // Row-major rows x cols.
  void write_matrix(const std::string& path, const std::vector<double>& values, std::size_t rows, std::size_t cols);

  // ---- extendible datasets: rows appended as they are streamed --------------------
  // Creates an empty dataset of `type` ("float64", "int64", "string") whose first axis
  // grows; `inner` gives the shape of one row (empty: a 1-D dataset). Chunked by
  // `chunk_rows` rows; numbers get HDF5's shuffle and deflate filters.
  // Returns the chunk's rows (at most `chunk_rows`: a chunk is kept near 256 KiB).
  std::size_t create_extendible(const std::string& path, const std::string& type, const std::vector<std::size_t>& inner,
                                std::size_t chunk_rows);
  // Append `rows` rows (row-major, rows × product(inner) values).
  void append(const std::string& path, const std::vector<double>& values, std::size_t rows);
  void append(const std::string& path, const std::vector<std::int64_t>& values, std::size_t rows);
  void append(const std::string& path, const std::vector<std::string>& values);

  // Rows [first, first + count) along the first axis (row-major values).
  std::vector<double> read_doubles(const std::string& path, std::size_t first, std::size_t count) const;
  std::vector<std::int64_t> read_integers(const std::string& path, std::size_t first, std::size_t count) const;

  std::vector<double> read_doubles(const std::string& path) const;  // integer datasets convert
  std::vector<std::int64_t> read_integers(const std::string& path) const;
  std::vector<std::string> read_strings(const std::string& path) const;
  std::vector<std::size_t> shape(const std::string& path) const;
  std::string type(const std::string& path) const;  // "float64", "int64", "string", "other"

  // Attributes on a group or dataset ("/" for the root).
  void set_attribute(const std::string& object, const std::string& name, const AttributeValue& value);
  bool has_attribute(const std::string& object, const std::string& name) const;
  AttributeValue attribute(const std::string& object, const std::string& name) const;
  std::vector<std::string> attribute_names(const std::string& object) const;

  void flush();  // throws tl::EnvironmentError (disk full, I/O error) or std::runtime_error
  void close();  // unchecked (destructors, error paths)
  // Closes and checks that every byte reached the file: a failed H5Fclose, or a dataset
  // whose close could not write its last chunks, throws tl::EnvironmentError.
  void close_checked();

 private:
  std::int64_t id_ = -1;
  std::string path_;
};

// True if the file starts with the HDF5 signature (checked before opening, so a
// foreign file gets a clear message rather than an HDF5 error stack).
bool has_hdf5_signature(const std::string& path);
bool has_hdf5_signature(const void* image, std::size_t size);  // the same, of bytes in memory

std::string library_version();  // "1.10.8"

}  // namespace tl::h5
