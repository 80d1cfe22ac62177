// The only translation unit family that includes hdf5.h (with result_file.cpp using
// this class). Every HDF5 id lives in a Handle that closes it.
#include "theorylab/io/h5file.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "theorylab/core/error.hpp"
#include "theorylab/core/utf8.hpp"
#include "theorylab/io/durable_io.hpp"

namespace tl::h5 {

namespace {

// Silences HDF5's own error stack printing: errors become exceptions with one line.
struct QuietErrors {
  QuietErrors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const QuietErrors quiet_errors;

// The errno of the system call behind the error on HDF5's stack ("... errno = 28,
// error message = 'No space left on device'" from its sec2 driver), or 0 when the
// failure was not a system call's.
struct StackCause {
  int error = 0;         // errno, 0 if none
  std::string filename;  // the file the failed call was on, if HDF5 named it
};

StackCause stack_cause() {
  StackCause cause;
  auto visit = [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
    auto* c = static_cast<StackCause*>(data);
    if (!e || !e->desc) return 0;
    const char* p = std::strstr(e->desc, "errno = ");
    if (!p) return 0;
    c->error = std::atoi(p + 8);
    if (const char* f = std::strstr(e->desc, "filename = '")) {
      const char* start = f + 12;
      const char* end = std::strchr(start, '\'');
      if (end) c->filename.assign(start, end);
    }
    return 1;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, visit, &cause);
  return cause;
}

int stack_errno() { return stack_cause().error; }

using tl::is_usage_errno;  // errors of a path the user gave (exit 2); any other errno is the environment's (exit 4)

// A close (of a dataset, whose last chunks it writes, or of the file) that failed in a
// destructor, where it cannot throw: remembered, and reported by File::flush and
// File::close_checked, so that a file with a lost chunk is never called complete.
int deferred_errno = 0;
bool deferred_failure = false;

[[noreturn]] void fail(const std::string& what) {
  const StackCause cause = stack_cause();
  if (cause.error != 0 && !cause.filename.empty())
    throw tl::EnvironmentError("cannot write '" + cause.filename + "': " + std::strerror(cause.error) + " (HDF5: " + what + ")");
  if (cause.error != 0) throw tl::EnvironmentError("cannot " + what + ": " + std::strerror(cause.error) + " (HDF5)");
  throw std::runtime_error("HDF5: cannot " + what);
}

class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id < 0) fail(what);
  }
  ~Handle() {
    if (id_ >= 0 && close_(id_) < 0) {
      const int e = stack_errno();
      deferred_failure = true;
      if (!deferred_errno) deferred_errno = e;
    }
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

void check_deferred(const std::string& path) {
  if (!deferred_failure) return;
  const int e = deferred_errno;
  deferred_failure = false;
  deferred_errno = 0;
  throw tl::EnvironmentError("cannot write '" + path + "': " + std::strerror(e ? e : EIO));
}

// False where flock(2) does not work (ENOLCK, ENOSYS, EOPNOTSUPP: NFS without lockd,
// Lustre mounted noflock): HDF5 1.10.7+ locks every file it opens with flock and fails
// the open there, which a reader would report as a corrupt file (issue 24, item 1).
bool flock_works(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;  // the open itself will say what is wrong
  int rc;
  do rc = ::flock(fd, LOCK_SH | LOCK_NB);
  while (rc != 0 && errno == EINTR);
  const int e = errno;
  if (rc == 0) ::flock(fd, LOCK_UN);
  ::close(fd);
  return rc == 0 || !(e == ENOLCK || e == ENOSYS || e == EOPNOTSUPP || e == ENOTSUP || e == EINVAL);
}

// File access properties: HDF5's own file locking off where the file system has none.
hid_t access_list(const std::string& probe) {
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0) fail("create a property list");
#if H5_VERSION_GE(1, 10, 7)
  if (!flock_works(probe)) H5Pset_file_locking(fapl, false, true);
#else
  (void)probe;
#endif
  return fapl;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

Handle string_type() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "create a string type");
  check(H5Tset_size(t, H5T_VARIABLE), "set string size");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "set string charset");
  return t;
}

// Pointers to `values` as valid UTF-8, for a write of type string_type(): every string
// this file stores passes here, so a result file never holds ill-formed UTF-8 under its
// UTF-8 type (issue 13, item 7), whatever a caller forgot to check. Valid strings are
// pointed to as they are; an ill-formed one is repaired (U+FFFD) into `repaired`.
std::vector<const char*> utf8_pointers(const std::vector<std::string>& values, std::vector<std::string>& repaired) {
  repaired.reserve(values.size());  // no reallocation: the pointers into it stay valid
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) {
    if (is_valid_utf8(v)) {
      pointers.push_back(v.c_str());
    } else {
      repaired.push_back(sanitize_utf8(v));
      pointers.push_back(repaired.back().c_str());
    }
  }
  return pointers;
}

Handle simple_space(std::vector<hsize_t> dims) {
  return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "create a dataspace");
}

std::string type_name(hid_t type) {
  switch (H5Tget_class(type)) {
    case H5T_FLOAT: return "float64";
    case H5T_INTEGER: return "int64";
    case H5T_STRING: return "string";
    default: return "other";
  }
}

}  // namespace

File::File(const std::string& path, Mode mode) : path_(path) {
  if (mode == Mode::Create) {
    // Track attribute creation order so provenance reads back in the order written.
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create a property list");
    check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track attribute order");
    const std::string folder = path.find('/') == std::string::npos ? "." : path.substr(0, path.find_last_of('/') + 1);
    Handle fapl(access_list(folder), H5Pclose, "create a property list");
    id_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl);
    if (id_ < 0) {
      const int e = stack_errno();
      if (e != 0 && !is_usage_errno(e)) throw tl::EnvironmentError("cannot create '" + path + "': " + std::strerror(e));
      throw UsageError("cannot create '" + path + "'" + (e ? ": " + std::string(std::strerror(e)) : " (is the folder writable?)"));
    }
    return;
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw UsageError("cannot open '" + path + "': no such file or not readable");
  if (!has_hdf5_signature(path)) throw UsageError("'" + path + "' is not an HDF5 file");
  Handle fapl(access_list(path), H5Pclose, "create a property list");
  id_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl);
  if (id_ < 0) {
    // A system call that failed is not a damaged file: name it (a lock, an I/O error).
    const int e = stack_errno();
    if (e != 0 && !is_usage_errno(e)) throw tl::EnvironmentError("cannot read '" + path + "': " + std::strerror(e));
    if (e != 0) throw UsageError("cannot open '" + path + "': " + std::strerror(e));
    throw UsageError("'" + path + "' is a truncated or corrupt HDF5 file");
  }
}

File::File(const std::string& name, const void* image, std::size_t size) : path_(name) {
  if (!has_hdf5_signature(image, size)) throw UsageError("'" + name + "' is not an HDF5 file");
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create a property list");
  // Core driver, no backing store: the image is copied into HDF5's own buffer.
  check(H5Pset_fapl_core(fapl, 64 * 1024, 0), "select the core driver");
  check(H5Pset_file_image(fapl, const_cast<void*>(image), size), "set the file image");
  id_ = H5Fopen(name.c_str(), H5F_ACC_RDONLY, fapl);
  if (id_ < 0) throw UsageError("'" + name + "' is a truncated or corrupt HDF5 file");
}

File::~File() { close(); }

File::File(File&& other) noexcept : id_(other.id_), path_(std::move(other.path_)) { other.id_ = -1; }

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    close();
    id_ = other.id_;
    path_ = std::move(other.path_);
    other.id_ = -1;
  }
  return *this;
}

void File::close() {
  if (id_ >= 0) H5Fclose(id_);
  id_ = -1;
}

void File::close_checked() {
  check_deferred(path_);
  if (id_ < 0) return;
  const hid_t id = id_;
  id_ = -1;
  check(H5Fclose(id), "close '" + path_ + "'");
  check_deferred(path_);
}

void File::flush() {
  check_deferred(path_);
  check(H5Fflush(id_, H5F_SCOPE_GLOBAL), "write '" + path_ + "'");
  check_deferred(path_);
}

void File::create_group(const std::string& path) {
  if (path == "/" || exists(path)) return;
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "create a property list");
  check(H5Pset_create_intermediate_group(lcpl, 1), "set intermediate groups");
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create a property list");
  check(H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track attribute order");
  Handle g(H5Gcreate2(id_, path.c_str(), lcpl, gcpl, H5P_DEFAULT), H5Gclose, "create group " + path);
}

bool File::exists(const std::string& path) const {
  if (path == "/") return true;
  // Check each link on the way down: H5Lexists fails on a missing intermediate.
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const auto next = path.find('/', pos);
    const std::string prefix = path.substr(0, next);
    if (H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return true;
}

bool File::is_group(const std::string& path) const {
  if (!exists(path)) return false;
  Handle object(H5Oopen(id_, path.c_str(), H5P_DEFAULT), H5Oclose, "open " + path);
  return H5Iget_type(object) == H5I_GROUP;
}

std::vector<std::string> File::children(const std::string& group) const {
  std::vector<std::string> names;
  Handle g(H5Gopen2(id_, group.c_str(), H5P_DEFAULT), H5Gclose, "open group " + group);
  auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  check(H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names), "list group " + group);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<NodeInfo> File::tree() const {
  std::vector<NodeInfo> nodes;
  std::function<void(const std::string&)> visit = [&](const std::string& group) {
    for (const std::string& name : children(group)) {
      NodeInfo node;
      node.path = (group == "/" ? "" : group) + "/" + name;
      node.is_group = is_group(node.path);
      if (!node.is_group) {
        node.shape = shape(node.path);
        node.type = type(node.path);
        if (has_attribute(node.path, "unit")) {
          const auto u = attribute(node.path, "unit");
          if (const auto* s = std::get_if<std::string>(&u)) node.unit = *s;
        }
      }
      nodes.push_back(node);
      if (node.is_group) visit(node.path);
    }
  };
  visit("/");
  return nodes;
}

void File::write(const std::string& path, const std::vector<double>& values) {
  write_matrix(path, values, values.size(), 0);
}

void File::write_matrix(const std::string& path, const std::vector<double>& values, std::size_t rows, std::size_t cols) {
  create_group(parent_of(path));
  std::vector<hsize_t> dims{rows};
  if (cols > 0) dims.push_back(cols);
  Handle space = simple_space(dims);
  Handle set(H5Dcreate2(id_, path.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             "create dataset " + path);
  if (!values.empty()) check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + path);
}

void File::write(const std::string& path, const std::vector<std::int64_t>& values) {
  create_group(parent_of(path));
  Handle space = simple_space({values.size()});
  Handle set(H5Dcreate2(id_, path.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             "create dataset " + path);
  if (!values.empty()) check(H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + path);
}

// A column of many strings (a claim family's statement in every group, say) is stored
// fixed-length, chunked and deflated: repeated text costs almost nothing. Fewer strings
// keep the variable-length type. Readers take both (read_strings).
constexpr std::size_t kCompressedStringsFrom = 256;

void File::write(const std::string& path, const std::vector<std::string>& values) {
  write_strings(path, values.size(), [&](std::size_t i) -> const std::string& { return values[i]; });
}

void File::write_strings(const std::string& path, std::size_t count, const std::function<const std::string&(std::size_t)>& get) {
  create_group(parent_of(path));
  // Pointers to the caller's strings (valid UTF-8), or to repaired copies (a deque: its
  // elements never move).
  std::deque<std::string> repaired;
  std::vector<const char*> pointers;
  pointers.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& v = get(i);
    if (is_valid_utf8(v)) {
      pointers.push_back(v.c_str());
    } else {
      repaired.push_back(sanitize_utf8(v));
      pointers.push_back(repaired.back().c_str());
    }
  }
  Handle space = simple_space({count});
  if (count < kCompressedStringsFrom) {
    Handle type = string_type();
    Handle set(H5Dcreate2(id_, path.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
               "create dataset " + path);
    if (count > 0) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + path);
    return;
  }
  std::size_t length = 1;
  for (const char* p : pointers) length = std::max(length, std::strlen(p));
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "create a string type");
  check(H5Tset_size(type, length), "set string size");
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), "set string padding");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set string charset");
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties for " + path);
  const hsize_t chunk = std::max<hsize_t>(1, std::min<hsize_t>(count, (256 << 10) / length));
  check(H5Pset_chunk(dcpl, 1, &chunk), "chunk " + path);
  check(H5Pset_deflate(dcpl, 4), "set the deflate filter on " + path);
  Handle set(H5Dcreate2(id_, path.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create dataset " + path);
  std::vector<char> buffer;  // one chunk of padded strings at a time
  for (hsize_t first = 0; first < count; first += chunk) {
    const hsize_t rows = std::min<hsize_t>(chunk, count - first);
    buffer.assign(rows * length, '\0');
    for (hsize_t i = 0; i < rows; ++i) std::memcpy(buffer.data() + i * length, pointers[first + i], std::strlen(pointers[first + i]));
    Handle file_space(H5Dget_space(set), H5Sclose, "get dataspace of " + path);
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &first, nullptr, &rows, nullptr), "select rows of " + path);
    Handle memory_space = simple_space({rows});
    check(H5Dwrite(set, type, memory_space, file_space, H5P_DEFAULT, buffer.data()), "write " + path);
  }
}

std::vector<std::size_t> File::shape(const std::string& path) const {
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  Handle space(H5Dget_space(set), H5Sclose, "get dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return std::vector<std::size_t>(dims.begin(), dims.end());
}

std::string File::type(const std::string& path) const {
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  Handle t(H5Dget_type(set), H5Tclose, "get type of " + path);
  return type_name(t);
}

namespace {
hid_t file_type_of(const std::string& type) {
  if (type == "float64") return H5T_IEEE_F64LE;
  if (type == "int64") return H5T_STD_I64LE;
  throw std::logic_error("create_extendible: unknown type '" + type + "'");
}

// Grows dataset `path` by `rows` along its first axis and returns (dataset, file space
// selecting the new rows, memory space).
struct Extension {
  Handle set, file_space, memory_space;
};
Extension extend(hid_t file, const std::string& path, std::size_t rows, std::size_t values) {
  Handle set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  Handle old_space(H5Dget_space(set), H5Sclose, "get dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(old_space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(old_space, dims.data(), nullptr);
  std::size_t per_row = 1;
  for (int d = 1; d < rank; ++d) per_row *= dims[d];
  if (values != rows * per_row) throw std::logic_error("append to " + path + ": " + std::to_string(values) + " values for " + std::to_string(rows) + " rows");
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = dims[0];
  count[0] = rows;
  dims[0] += rows;
  check(H5Dset_extent(set, dims.data()), "extend " + path);
  Handle space(H5Dget_space(set), H5Sclose, "get dataspace of " + path);
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), "select rows of " + path);
  Handle memory(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose, "create a dataspace");
  return {std::move(set), std::move(space), std::move(memory)};
}

// Selects rows [first, first + count) of dataset `set`.
struct Selection {
  Handle file_space, memory_space;
  std::size_t values;
};
// The values one read may allocate: 2^28 (2 GiB of doubles). A dataset declaring more
// is damaged (a cut or edited file) or beyond what the tools hold in memory; the
// product of its dimensions is also checked for overflow before any allocation.
constexpr std::size_t kMaxReadValues = std::size_t{1} << 28;

std::size_t element_count(const std::vector<std::size_t>& shape, const std::string& path) {
  std::size_t n = 1;
  for (auto d : shape)
    if (__builtin_mul_overflow(n, d, &n) || n > kMaxReadValues)
      throw std::runtime_error("dataset " + path + " declares more than " + std::to_string(kMaxReadValues) +
                               " values: damaged, or too large to read at once");
  return n;
}

Selection select_rows(hid_t set, const std::string& path, std::size_t first, std::size_t count) {
  Handle space(H5Dget_space(set), H5Sclose, "get dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 1)), 0);
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  if (rank < 1 || first > dims[0] || count > dims[0] - first)
    throw std::out_of_range("rows " + std::to_string(first) + "+" + std::to_string(count) + " outside " + path);
  std::vector<hsize_t> start(dims.size(), 0), counts = dims;
  start[0] = first;
  counts[0] = count;
  const std::size_t values = element_count(std::vector<std::size_t>(counts.begin(), counts.end()), path);
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, counts.data(), nullptr), "select rows of " + path);
  Handle memory(H5Screate_simple(static_cast<int>(counts.size()), counts.data(), nullptr), H5Sclose, "create a dataspace");
  return {std::move(space), std::move(memory), values};
}
}  // namespace

std::size_t File::create_extendible(const std::string& path, const std::string& type, const std::vector<std::size_t>& inner,
                                    std::size_t chunk_rows) {
  create_group(parent_of(path));
  std::vector<hsize_t> dims{0}, max{H5S_UNLIMITED}, chunk{std::max<hsize_t>(1, chunk_rows)};
  hsize_t per_row = 1;
  for (auto d : inner) {
    dims.push_back(d);
    max.push_back(d);
    chunk.push_back(std::max<std::size_t>(d, 1));
    per_row *= std::max<std::size_t>(d, 1);
  }
  // Keep a chunk near 256 KiB at most: HDF5 reads whole chunks.
  const hsize_t element = 8, target = hsize_t{1} << 18;
  while (chunk[0] > 1 && chunk[0] * per_row * element > target) chunk[0] /= 2;
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()), H5Sclose, "create a dataspace");
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create a property list");
  check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "chunk " + path);
  if (type.rfind("string:", 0) == 0) {  // fixed-length UTF-8, NUL-padded: compresses well
    const std::size_t length = std::max<std::size_t>(1, std::stoul(type.substr(7)));
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "create a string type");
    check(H5Tset_size(t, length), "set string size");
    check(H5Tset_strpad(t, H5T_STR_NULLPAD), "set string padding");
    check(H5Tset_cset(t, H5T_CSET_UTF8), "set string charset");
    check(H5Pset_shuffle(dcpl), "set the shuffle filter on " + path);
    check(H5Pset_deflate(dcpl, 4), "set the deflate filter on " + path);
    Handle set(H5Dcreate2(id_, path.c_str(), t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create dataset " + path);
    return static_cast<std::size_t>(chunk[0]);
  }
  if (type == "string") {
    Handle t = string_type();
    Handle set(H5Dcreate2(id_, path.c_str(), t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create dataset " + path);
    return static_cast<std::size_t>(chunk[0]);
  }
  check(H5Pset_shuffle(dcpl), "set the shuffle filter on " + path);
  check(H5Pset_deflate(dcpl, 4), "set the deflate filter on " + path);
  Handle set(H5Dcreate2(id_, path.c_str(), file_type_of(type), space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
             "create dataset " + path);
  return static_cast<std::size_t>(chunk[0]);
}

void File::append(const std::string& path, const std::vector<double>& values, std::size_t rows) {
  if (rows == 0) return;
  Extension e = extend(id_, path, rows, values.size());
  check(H5Dwrite(e.set, H5T_NATIVE_DOUBLE, e.memory_space, e.file_space, H5P_DEFAULT, values.data()), "append to " + path);
}

void File::append(const std::string& path, const std::vector<std::int64_t>& values, std::size_t rows) {
  if (rows == 0) return;
  Extension e = extend(id_, path, rows, values.size());
  check(H5Dwrite(e.set, H5T_NATIVE_INT64, e.memory_space, e.file_space, H5P_DEFAULT, values.data()), "append to " + path);
}

void File::append(const std::string& path, const std::vector<std::string>& values) {
  if (values.empty()) return;
  Extension e = extend(id_, path, values.size(), values.size());
  Handle file_type(H5Dget_type(e.set), H5Tclose, "get type of " + path);
  if (H5Tis_variable_str(file_type) == 0) {
    const std::size_t length = H5Tget_size(file_type);
    std::vector<char> buffer(values.size() * length, '\0');
    std::vector<std::string> repaired;
    const std::vector<const char*> text = utf8_pointers(values, repaired);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::size_t size = std::strlen(text[i]);
      if (size > length) throw std::logic_error("append to " + path + ": a string longer than its fixed length");
      if (size > 0) std::memcpy(buffer.data() + i * length, text[i], size);
    }
    check(H5Dwrite(e.set, file_type, e.memory_space, e.file_space, H5P_DEFAULT, buffer.data()), "append to " + path);
    return;
  }
  Handle type = string_type();
  std::vector<std::string> repaired;
  const std::vector<const char*> pointers = utf8_pointers(values, repaired);
  check(H5Dwrite(e.set, type, e.memory_space, e.file_space, H5P_DEFAULT, pointers.data()), "append to " + path);
}

std::vector<double> File::read_doubles(const std::string& path, std::size_t first, std::size_t count) const {
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  Selection s = select_rows(set, path, first, count);
  std::vector<double> values(s.values);
  if (!values.empty())
    check(H5Dread(set, H5T_NATIVE_DOUBLE, s.memory_space, s.file_space, H5P_DEFAULT, values.data()), "read " + path);
  return values;
}

std::vector<std::int64_t> File::read_integers(const std::string& path, std::size_t first, std::size_t count) const {
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  Selection s = select_rows(set, path, first, count);
  std::vector<std::int64_t> values(s.values);
  if (!values.empty())
    check(H5Dread(set, H5T_NATIVE_INT64, s.memory_space, s.file_space, H5P_DEFAULT, values.data()), "read " + path);
  return values;
}


std::vector<double> File::read_doubles(const std::string& path) const {
  const auto dims = shape(path);
  std::vector<double> values(element_count(dims, path));
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  if (!values.empty())
    check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read " + path);
  return values;
}

std::vector<std::int64_t> File::read_integers(const std::string& path) const {
  const auto dims = shape(path);
  std::vector<std::int64_t> values(element_count(dims, path));
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  if (!values.empty())
    check(H5Dread(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read " + path);
  return values;
}

std::vector<std::string> File::read_strings(const std::string& path) const {
  const auto dims = shape(path);
  const std::size_t n = element_count(dims, path);
  Handle set(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  Handle file_type(H5Dget_type(set), H5Tclose, "get type of " + path);
  if (H5Tis_variable_str(file_type) == 0) {  // fixed length: NUL- or space-padded
    const std::size_t length = H5Tget_size(file_type);
    std::size_t bytes = 0;
    if (length == 0 || __builtin_mul_overflow(n, length, &bytes) || bytes > 8 * kMaxReadValues)
      throw std::runtime_error("dataset " + path + " declares " + std::to_string(n) + " strings of " + std::to_string(length) +
                               " bytes: damaged, or too large to read at once");
    std::vector<char> buffer(bytes + 1, '\0');
    std::vector<std::string> values;
    if (n == 0) return values;
    check(H5Dread(set, file_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "read " + path);
    for (std::size_t i = 0; i < n; ++i) {
      const char* at = buffer.data() + i * length;
      values.emplace_back(at, strnlen(at, length));
    }
    return values;
  }
  Handle type = string_type();
  std::vector<char*> pointers(n, nullptr);
  std::vector<std::string> values;
  if (n == 0) return values;
  Handle space(H5Dget_space(set), H5Sclose, "get dataspace of " + path);
  // The strings HDF5 allocated are freed also when the read fails half-way (a damaged
  // file): reclaim frees the non-null pointers.
  const herr_t status = H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data());
  if (status >= 0)
    for (char* p : pointers) values.emplace_back(p ? p : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
  check(status, "read " + path);
  return values;
}

void File::set_attribute(const std::string& object, const std::string& name, const AttributeValue& value) {
  Handle target(H5Oopen(id_, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
  if (H5Aexists(target, name.c_str()) > 0) check(H5Adelete(target, name.c_str()), "replace attribute " + name);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
  if (const auto* d = std::get_if<double>(&value)) {
    Handle a(H5Acreate2(target, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute " + name);
    check(H5Awrite(a, H5T_NATIVE_DOUBLE, d), "write attribute " + name);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    Handle a(H5Acreate2(target, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute " + name);
    check(H5Awrite(a, H5T_NATIVE_INT64, i), "write attribute " + name);
  } else {
    Handle type = string_type();
    Handle a(H5Acreate2(target, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "create attribute " + name);
    const std::vector<std::string> values = {std::get<std::string>(value)};
    std::vector<std::string> repaired;
    const std::vector<const char*> text = utf8_pointers(values, repaired);
    check(H5Awrite(a, type, text.data()), "write attribute " + name);
  }
}

bool File::has_attribute(const std::string& object, const std::string& name) const {
  if (!exists(object)) return false;
  return H5Aexists_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

AttributeValue File::attribute(const std::string& object, const std::string& name) const {
  Handle a(H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
           "open attribute " + name + " of " + object);
  Handle t(H5Aget_type(a), H5Tclose, "get attribute type");
  // theorylab writes scalars; another tool may have added an array (or an empty one),
  // which H5Aread would write past the one value below: named, never read.
  Handle space(H5Aget_space(a), H5Sclose, "get dataspace of attribute " + name);
  const hssize_t points = H5Sget_simple_extent_npoints(space);
  if (points < 0) throw std::runtime_error("HDF5: cannot read the dataspace of attribute " + name);
  if (points != 1) return "(" + std::to_string(points) + " values)";
  switch (H5Tget_class(t)) {
    case H5T_FLOAT: {
      double d = 0;
      check(H5Aread(a, H5T_NATIVE_DOUBLE, &d), "read attribute " + name);
      return d;
    }
    case H5T_INTEGER: {
      std::int64_t i = 0;
      check(H5Aread(a, H5T_NATIVE_INT64, &i), "read attribute " + name);
      return i;
    }
    case H5T_STRING: {
      if (H5Tis_variable_str(t) > 0) {
        Handle type = string_type();
        char* text = nullptr;
        const herr_t status = H5Aread(a, type, &text);
        std::string s = status >= 0 && text ? text : "";
        if (text) H5free_memory(text);
        check(status, "read attribute " + name);
        return s;
      }
      const std::size_t size = H5Tget_size(t);
      std::string s(size, '\0');
      check(H5Aread(a, t, s.data()), "read attribute " + name);
      s.resize(std::strlen(s.c_str()));
      return s;
    }
    default: return std::string("(unsupported attribute type)");
  }
}

std::vector<std::string> File::attribute_names(const std::string& object) const {
  Handle target(H5Oopen(id_, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  hsize_t index = 0;
  // Creation order where it was tracked (files we wrote), else by name.
  if (H5Aiterate2(target, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect, &names) < 0) {
    names.clear();
    index = 0;
    check(H5Aiterate2(target, H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names), "list attributes of " + object);
  }
  return names;
}

namespace {
// The superblock may sit at 0, 512, 1024, ... (HDF5 spec, "Format Signature").
const unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
constexpr std::size_t kLastSignatureOffset = 1 << 20;
std::size_t next_signature_offset(std::size_t offset) { return offset == 0 ? 512 : offset * 2; }
}  // namespace

bool has_hdf5_signature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  for (std::size_t offset = 0; offset <= kLastSignatureOffset; offset = next_signature_offset(offset)) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    unsigned char buffer[8];
    if (!in.read(reinterpret_cast<char*>(buffer), 8)) return false;
    if (std::memcmp(buffer, kSignature, 8) == 0) return true;
  }
  return false;
}

bool has_hdf5_signature(const void* image, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(image);
  for (std::size_t offset = 0; offset <= kLastSignatureOffset; offset = next_signature_offset(offset)) {
    if (size < 8 || offset > size - 8) return false;
    if (std::memcmp(bytes + offset, kSignature, 8) == 0) return true;
  }
  return false;
}

std::string library_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

}  // namespace tl::h5
