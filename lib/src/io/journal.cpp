#include "theorylab/io/journal.hpp"

#include "theorylab/core/cancellation.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/crc.hpp>

#include "theorylab/core/error.hpp"
#include "theorylab/io/durable_io.hpp"
#include "theorylab/io/provenance.hpp"

namespace tl {

namespace {

constexpr char kHeader[] = "theorylab journal 1\n";
constexpr std::size_t kHeaderSize = sizeof kHeader - 1;  // 20
constexpr std::uint32_t kMagic = 0x31524c54;             // "TLR1" little-endian
constexpr std::size_t kFrame = 4 + 4 + 8 + 8;            // magic, n, row, hash
constexpr std::uint32_t kMaxPayload = 1u << 30;          // 1 GiB: a row larger is a bug

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// ---- bytes ----------------------------------------------------------------------
class ByteWriter {
 public:
  template <class T>
  void put(T v) {
    bytes_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void text(const std::string& s) {
    put(static_cast<std::uint32_t>(s.size()));
    bytes_ += s;
  }
  void doubles(const std::vector<double>& v) { bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double)); }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(const std::string& bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string text() {
    const auto n = get<std::uint32_t>();
    need(n);
    std::string s = bytes_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::vector<double> doubles(std::uint64_t n) {
    if (n > (bytes_.size() - at_) / sizeof(double)) throw std::runtime_error("journal record: series longer than its record");
    std::vector<double> v(n);
    if (n > 0) std::memcpy(v.data(), bytes_.data() + at_, n * sizeof(double));  // v.data() may be null when n = 0
    at_ += n * sizeof(double);
    return v;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void need(std::size_t n) const {
    if (n > bytes_.size() - at_) throw std::runtime_error("journal record: truncated payload");
  }
  const std::string& bytes_;
  std::size_t at_ = 0;
};

std::uint32_t crc_of(std::uint64_t row, std::uint64_t hash, const char* payload, std::size_t n) {
  boost::crc_32_type crc;
  crc.process_bytes(&row, sizeof row);
  crc.process_bytes(&hash, sizeof hash);
  crc.process_bytes(payload, n);
  return crc.checksum();
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_io_error("write the journal", path, errno);
    if (n == 0) throw_io_error("write the journal", path, ENOSPC);
    done += static_cast<std::size_t>(n);
  }
}

void datasync(int fd, const std::string& path) {
  int rc;
  do rc = ::fdatasync(fd);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) throw_io_error("sync the journal", path, errno);
}

bool read_at(int fd, std::uint64_t offset, void* buffer, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd, static_cast<char*>(buffer) + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<std::size_t>(r);
  }
  return true;
}

// flock(2) errors that mean "this file system has no flock" (NFS without lockd, Lustre
// mounted noflock, some FUSE file systems), not "someone holds it".
bool no_flock_here(int e) { return e == ENOLCK || e == ENOSYS || e == EOPNOTSUPP || e == ENOTSUP || e == EINVAL; }

// The start time of process `pid` in clock ticks since boot (/proc/PID/stat, field 22),
// which tells a live process from a later one that reuses its pid; "" if unknown.
std::string process_start(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto paren = stat.rfind(')');
  if (paren == std::string::npos) return "";
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  for (int k = 3; k <= 22 && fields >> field; ++k)
    if (k == 22) return field;
  return "";
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// The Slurm job this process runs in ("" outside Slurm). A requeued job keeps its id, and
// Slurm never runs two instances of one job at once.
std::string slurm_job() {
  const char* id = std::getenv("SLURM_JOB_ID");
  return id ? id : "";
}

struct LockFileHolder {
  std::string host, since, start, slurm_job;
  long pid = 0;
};

LockFileHolder parse_lock_file(const std::string& text) {
  LockFileHolder h;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "host") h.host = value;
    else if (key == "pid") h.pid = std::atol(value.c_str());
    else if (key == "since") h.since = value;
    else if (key == "start") h.start = value;
    else if (key == "slurm_job") h.slurm_job = value;
  }
  return h;
}

// Removes the stale lock file `lock_path` whose text was `stale`, and only that one: it is
// renamed away first (atomic), then checked; a lock file another run created in between
// (after we read the stale one) is linked back in place, not deleted.
void remove_stale_lock(const std::string& lock_path, const std::string& stale) {
  const std::string aside = lock_path + ".stale-" + std::to_string(::getpid());
  if (::rename(lock_path.c_str(), aside.c_str()) != 0) return;  // gone already: someone else took it over
  std::ifstream in(aside);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text != stale) (void)::link(aside.c_str(), lock_path.c_str());  // a live lock: put it back (EEXIST: a newer one is there)
  ::unlink(aside.c_str());
}

// The fallback lock where flock(2) does not work: `lock_path` created with O_CREAT |
// O_EXCL (atomic on local file systems and on NFSv3+), holding this host, pid and start
// time (and Slurm job). A lock file left by a dead process of this host is stale and taken
// over; so is one of the same Slurm job (a requeued task, on whatever node); one of another
// host cannot be judged from here (its pid means nothing on this host): refused.
void take_lock_file(const std::string& journal, const std::string& lock_path) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
      const std::string text = "host=" + host_name() + "\npid=" + std::to_string(::getpid()) + "\nstart=" +
                               process_start(::getpid()) + "\nsince=" + utc_now() + "\nslurm_job=" + slurm_job() + "\n";
      try {
        write_all(fd, text, lock_path);
        datasync(fd, lock_path);
      } catch (...) {
        ::close(fd);
        ::unlink(lock_path.c_str());
        throw;
      }
      ::close(fd);
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EEXIST) throw_io_error("create the lock file", lock_path, errno);
    std::string stale;
    {
      std::ifstream in(lock_path);
      stale.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    const LockFileHolder h = parse_lock_file(stale);
    if (h.host.empty()) {
      // Created but never written (its run was killed in between): stale once it is
      // older than any write of a few lines could take; a fresh one is being written now.
      struct stat st {};
      if (::stat(lock_path.c_str(), &st) == 0 && std::time(nullptr) - st.st_mtime > 10) {
        remove_stale_lock(lock_path, stale);
        continue;
      }
      if (attempt < 2) {
        ::usleep(100000);
        continue;
      }
    }
    const std::string holder = "host " + (h.host.empty() ? std::string("?") : h.host) + ", pid " + std::to_string(h.pid) +
                               (h.since.empty() ? "" : ", since " + h.since);
    // Another host's: its pid means nothing here. Unless it is this very Slurm job, requeued
    // onto another node: Slurm killed that instance before starting this one.
    const bool same_job = !h.slurm_job.empty() && h.slurm_job == slurm_job();
    if (same_job) {
      remove_stale_lock(lock_path, stale);
      continue;
    }
    if (h.host.empty() || h.host != host_name())
      throw UsageError("'" + journal + "' is in use by a theorylab run on another host (" + holder + "; lock file '" +
                       lock_path + "', used because this file system has no flock); if that run is gone, remove the lock file, "
                       "or run with --no-lock");
    const bool alive = h.pid > 0 && (::kill(static_cast<pid_t>(h.pid), 0) == 0 || errno == EPERM) &&
                       (h.start.empty() || process_start(h.pid) == h.start);
    if (alive)
      throw UsageError("'" + journal + "' is in use by another theorylab run (" + holder + "; lock file '" + lock_path +
                       "'); wait for it to finish, or choose another --out");
    remove_stale_lock(lock_path, stale);  // stale: its process is gone; take it over
  }
  throw UsageError("cannot take the lock file '" + lock_path + "' (others keep taking it); or run with --no-lock");
}

// Locks `fd` exclusively without waiting; UsageError naming the holder otherwise. Returns
// the path of the fallback lock file taken instead when the file system has no flock.
std::string lock_or_throw(int fd, const std::string& path) {
  int rc;
  do rc = ::flock(fd, LOCK_EX | LOCK_NB);
  while (rc != 0 && errno == EINTR);
  if (rc == 0) return "";
  if (no_flock_here(errno)) {
    take_lock_file(path, path + ".lock");
    return path + ".lock";
  }
  const std::string holder = lock_holder(path);
  throw UsageError("'" + path + "' is in use by another theorylab run" + (holder.empty() ? "" : " (" + holder + ")") +
                   "; wait for it to finish, or choose another --out");
}

}  // namespace

// ---- identity -------------------------------------------------------------------
std::string RunIdentity::sweep_hash() const {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(fnv1a64(sweep)));
  return buffer;
}

std::string RunIdentity::difference(const RunIdentity& o) const {
  if (experiment != o.experiment) return "the experiment differs ('" + experiment + "' here, '" + o.experiment + "' there)";
  if (version != o.version)
    return "the build differs (" + version + " here, " + o.version +
           " there): its rows were computed by other code (another commit, or other uncommitted edits); use the build "
           "that wrote them, or start over with --force";
  if (seed != o.seed) return "the seed differs (" + seed + " here, " + o.seed + " there)";
  if (sweep != o.sweep || rows != o.rows) {
    // Name the first differing line (a block's key=values), shortened.
    std::istringstream a(sweep), b(o.sweep);
    std::string la, lb;
    while (true) {
      const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
      if (!ga && !gb) break;
      if (la != lb || ga != gb) {
        auto shorten = [](std::string s) { return s.size() > 160 ? s.substr(0, 157) + "..." : s; };
        if (!ga || !gb)  // a block only one side has
          return "the expanded sweep differs (" + std::to_string(rows) + " rows here, " + std::to_string(o.rows) +
                 " there; here " + (ga ? "'" + shorten(la) + "'" : std::string("no such block")) + ", there " +
                 (gb ? "'" + shorten(lb) + "'" : std::string("no such block")) + ")";
        // Name the first differing word of that line (key=values), not a cut excerpt
        // that may end before it.
        std::istringstream wa(la), wb(lb);
        std::string block, xa, xb;
        while (true) {
          const bool ha = static_cast<bool>(wa >> xa), hb = static_cast<bool>(wb >> xb);
          if (!ha && !hb) break;
          if (!ha) xa.clear();
          if (!hb) xb.clear();
          if (xa != xb) break;
          if (xa.rfind("block", 0) == 0 || xa.back() == ':') block += xa + " ";
        }
        return "the expanded sweep differs (" + std::to_string(rows) + " rows here, " + std::to_string(o.rows) +
               " there; " + block + "here '" + shorten(xa) + "', there '" + shorten(xb) + "')";
      }
    }
    return "the expanded sweep differs (" + std::to_string(rows) + " rows here, " + std::to_string(o.rows) + " there)";
  }
  return "";
}

std::string RunIdentity::encode() const {
  std::string words;
  for (std::size_t i = 0; i < arguments.size(); ++i) words += (i ? "\x1f" : "") + arguments[i];
  for (char& c : words)
    if (c == '\n') c = ' ';  // one line (a newline cannot be part of a valid argument here)
  return "experiment=" + experiment + "\nversion=" + version + "\nseed=" + seed + "\nrows=" + std::to_string(rows) +
         "\nshard=" + std::to_string(shard) + "\nshards=" + std::to_string(shards) + "\narguments=" + words +
         "\nsweep=\n" + sweep;
}

RunIdentity RunIdentity::decode(const std::string& text) {
  RunIdentity id;
  const auto sweep_at = text.find("\nsweep=\n");
  if (sweep_at == std::string::npos) throw UsageError("malformed journal identity");
  id.sweep = text.substr(sweep_at + 8);
  std::istringstream in(text.substr(0, sweep_at));
  std::string line;
  try {
    while (std::getline(in, line)) {
      const auto eq = line.find('=');
      if (eq == std::string::npos) throw UsageError("malformed journal identity");
      const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
      if (key == "experiment") id.experiment = value;
      else if (key == "version") id.version = value;
      else if (key == "seed") id.seed = value;
      else if (key == "rows") id.rows = std::stoull(value);
      else if (key == "shard") id.shard = std::stoull(value);
      else if (key == "shards") id.shards = std::stoull(value);
      else if (key == "arguments") {
        std::string word;
        std::istringstream words(value);
        while (std::getline(words, word, '\x1f')) id.arguments.push_back(word);
      }
    }
  } catch (const std::logic_error&) {
    throw UsageError("malformed journal identity");
  }
  if (id.shards == 0 || id.shard >= id.shards) throw UsageError("malformed journal identity (shard)");
  return id;
}

// ---- rows -----------------------------------------------------------------------
std::string encode_row(const Row& row) {
  ByteWriter w;
  w.put(static_cast<std::uint32_t>(row.scalar_names().size()));
  for (const std::string& name : row.scalar_names()) {
    w.text(name);
    w.text(row.unit(name));
    const Scalar& v = row.scalar(name);
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      w.put<std::uint8_t>(0);
      w.put(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      w.put<std::uint8_t>(1);
      w.put(*d);
    } else {
      w.put<std::uint8_t>(2);
      w.text(std::get<std::string>(v));
    }
  }
  w.put(static_cast<std::uint32_t>(row.series_names().size()));
  for (const std::string& name : row.series_names()) {
    const Series& s = row.series_of(name);
    w.text(name);
    w.text(s.unit);
    w.put(static_cast<std::uint64_t>(s.rows));
    w.put(static_cast<std::uint64_t>(s.cols));
    w.put(static_cast<std::uint32_t>(s.column_names.size()));
    for (const auto& c : s.column_names) w.text(c);
    w.doubles(s.data);
  }
  return w.take();
}

Row decode_row(const std::string& bytes) {
  ByteReader r(bytes);
  Row row;
  const auto scalars = r.get<std::uint32_t>();
  for (std::uint32_t k = 0; k < scalars; ++k) {
    const std::string name = r.text(), unit = r.text();
    const auto tag = r.get<std::uint8_t>();
    if (tag == 0) row.set(name, r.get<std::int64_t>(), unit);
    else if (tag == 1) row.set(name, r.get<double>(), unit);
    else if (tag == 2) row.set(name, r.text(), unit);
    else throw std::runtime_error("journal record: unknown scalar type");
  }
  const auto series = r.get<std::uint32_t>();
  for (std::uint32_t k = 0; k < series; ++k) {
    Series s;
    const std::string name = r.text();
    s.unit = r.text();
    s.rows = r.get<std::uint64_t>();
    s.cols = r.get<std::uint64_t>();
    const auto names = r.get<std::uint32_t>();
    for (std::uint32_t c = 0; c < names; ++c) s.column_names.push_back(r.text());
    if (s.cols > 0 && s.rows > (~std::uint64_t{0}) / s.cols) throw std::runtime_error("journal record: bad series shape");
    s.data = r.doubles(s.rows * (s.cols ? s.cols : 1));
    try {
      row.series(name, std::move(s));
    } catch (const std::logic_error& e) {
      throw std::runtime_error(std::string("journal record: ") + e.what());
    }
  }
  if (!r.done()) throw std::runtime_error("journal record: trailing bytes");
  return row;
}

// ---- writer ---------------------------------------------------------------------
JournalWriter::JournalWriter(std::string path, int fd) : path_(std::move(path)), fd_(fd), last_sync_(now_seconds()) {}

std::unique_ptr<JournalWriter> JournalWriter::lock(const std::string& path, bool no_lock) {
  // Created here (O_EXCL) or already there: a journal this call created is removed again
  // if it cannot be locked, so a refused run leaves no empty journal behind.
  bool created = true;
  int fd;
  do fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  while (fd < 0 && errno == EINTR);
  if (fd < 0 && errno == EEXIST) {
    created = false;
    do fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
  }
  if (fd < 0) {
    const int e = errno;
    if (e == EACCES || e == EPERM || e == ENOENT || e == ENOTDIR || e == EISDIR || e == ENAMETOOLONG || e == EROFS)
      throw UsageError("cannot create '" + path + "': " + std::strerror(e));
    throw_io_error("create", path, e);  // a full disk, an I/O error, no file descriptors: exit 4
  }
  std::string lock_file;
  if (!no_lock) {
    try {
      lock_file = lock_or_throw(fd, path);
    } catch (...) {
      if (created) ::unlink(path.c_str());
      ::close(fd);
      throw;
    }
  }
  std::unique_ptr<JournalWriter> writer(new JournalWriter(path, fd));
  writer->lock_file_ = lock_file;
  writer->created_ = created;
  return writer;
}

void JournalWriter::start(const RunIdentity& identity) {
  std::lock_guard<std::mutex> lock(mutex_);
  int rc;
  do rc = ::ftruncate(fd_, 0);
  while (rc != 0 && errno == EINTR);
  if (rc != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) throw_io_error("truncate", path_, errno);
  write_all(fd_, std::string(kHeader, kHeaderSize), path_);
  write_record(kIdentityRow, 0, identity.encode());
  datasync(fd_, path_);
  sync_parent(path_);  // the journal's name is durable too: a power cut cannot lose it
}

void JournalWriter::continue_after(std::uint64_t valid_bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  int rc;
  do rc = ::ftruncate(fd_, static_cast<off_t>(valid_bytes));
  while (rc != 0 && errno == EINTR);
  if (rc != 0 || ::lseek(fd_, 0, SEEK_END) < 0)
    throw_io_error("truncate the journal to its last complete record", path_, errno);
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) {
    if (!removed_) ::fdatasync(fd_);  // best effort: a failure was reported where it happened
    ::close(fd_);      // releases the flock
  }
  if (!lock_file_.empty()) ::unlink(lock_file_.c_str());  // after the journal is renamed or removed
}

void JournalWriter::remove_file() {
  ::unlink(path_.c_str());
  removed_ = true;
}

void JournalWriter::write_record(std::uint64_t row, std::uint64_t hash, const std::string& payload) {
  if (payload.size() > kMaxPayload) throw std::runtime_error("a row of " + std::to_string(payload.size()) + " bytes is too large for the journal");
  ByteWriter w;
  w.put(kMagic);
  w.put(static_cast<std::uint32_t>(payload.size()));
  w.put(row);
  w.put(hash);
  std::string record = w.take();
  record += payload;
  const std::uint32_t crc = crc_of(row, hash, payload.data(), payload.size());
  record.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  write_all(fd_, record, path_);
}

void JournalWriter::append(const Row& row) {
  const std::string payload = encode_row(row);  // outside the lock
  const std::uint64_t hash = point_hash(row.point());
  std::lock_guard<std::mutex> lock(mutex_);
  write_record(row.point().index(), hash, payload);
  const double now = now_seconds();
  if (now - last_sync_ >= 1.0) {  // survive a machine crash too, at most a second behind
    datasync(fd_, path_);
    last_sync_ = now;
  }
}

void JournalWriter::sync() {
  std::lock_guard<std::mutex> lock(mutex_);
  int rc;
  do rc = ::fsync(fd_);  // fsync, not fdatasync: a shard's journal is renamed into place next
  while (rc != 0 && errno == EINTR);
  if (rc != 0) throw_io_error("sync the journal", path_, errno);
  last_sync_ = now_seconds();
}

// ---- reader ---------------------------------------------------------------------
JournalReader::JournalReader(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw UsageError("cannot open '" + path + "': " + std::strerror(errno));
  struct stat st{};
  ::fstat(fd_, &st);
  const std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  char header[kHeaderSize];
  if (!read_at(fd_, 0, header, kHeaderSize) || std::memcmp(header, kHeader, kHeaderSize) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw UsageError("'" + path + "' is not a theorylab journal");
  }
  std::uint64_t at = kHeaderSize;
  bool first = true;
  std::string payload;
  while (at < size) {
    char frame[kFrame];
    if (at + kFrame + 4 > size || !read_at(fd_, at, frame, kFrame)) break;
    std::uint32_t magic, n;
    std::uint64_t row, hash;
    std::memcpy(&magic, frame, 4);
    std::memcpy(&n, frame + 4, 4);
    std::memcpy(&row, frame + 8, 8);
    std::memcpy(&hash, frame + 16, 8);
    if (magic != kMagic || n > kMaxPayload || at + kFrame + n + 4 > size) break;
    payload.resize(n);
    std::uint32_t crc = 0;
    if (!read_at(fd_, at + kFrame, payload.data(), n) || !read_at(fd_, at + kFrame + n, &crc, 4)) break;
    if (crc != crc_of(row, hash, payload.data(), n)) break;
    if (first) {
      if (row != kIdentityRow) break;
      identity_ = RunIdentity::decode(payload);
      offsets_.assign(identity_.rows, 0);
      first = false;
    } else {
      if (row >= offsets_.size()) break;  // not a row of this sweep: corrupt
      if (offsets_[row] == 0) {
        offsets_[row] = at;
        ++count_;
      }
    }
    at += kFrame + n + 4;
    valid_bytes_ = at;
  }
  if (first) {
    ::close(fd_);
    fd_ = -1;
    throw UsageError("'" + path + "' is a theorylab journal without an identity (interrupted as it was created); use --force");
  }
  torn_ = valid_bytes_ < size;
}

bool journal_without_identity(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(kHeaderSize, '\0');
  in.read(head.data(), static_cast<std::streamsize>(kHeaderSize));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (std::memcmp(head.data(), kHeader, head.size()) != 0) return false;  // not ours
  if (head.size() < kHeaderSize) return true;                              // a part of the header
  try {
    JournalReader reader(path);
    return false;  // it has an identity
  } catch (const UsageError& e) {  // the header without a complete identity record
    return std::string(e.what()).find("without an identity") != std::string::npos;
  }
}

JournalReader::~JournalReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t JournalReader::point_hash_at(std::uint64_t offset) const {
  std::uint64_t hash = 0;
  if (!read_at(fd_, offset + 16, &hash, 8)) throw std::runtime_error("cannot read '" + path_ + "'");
  return hash;
}

Row JournalReader::read(std::uint64_t offset, const SweepPoints& points) const {
  char frame[kFrame];
  if (!read_at(fd_, offset, frame, kFrame)) throw std::runtime_error("cannot read '" + path_ + "'");
  std::uint32_t n;
  std::uint64_t row, hash;
  std::memcpy(&n, frame + 4, 4);
  std::memcpy(&row, frame + 8, 8);
  std::memcpy(&hash, frame + 16, 8);
  std::string payload(n, '\0');
  if (!read_at(fd_, offset + kFrame, payload.data(), n)) throw std::runtime_error("cannot read '" + path_ + "'");
  Point point = points.point(row);
  if (point_hash(point, points.unrecorded) != hash)
    throw UsageError("'" + path_ + "': row " + std::to_string(row) + " was recorded for another point (the sweep changed)");
  Row r = decode_row(payload);
  r.set_point(std::move(point));
  return r;
}

// ---- rows of journals -----------------------------------------------------------
JournalRowStore::JournalRowStore(std::vector<const JournalReader*> journals, const SweepPoints& points, const RowStore* columns)
    : journals_(std::move(journals)), points_(points), columns_(columns) {}

std::vector<std::string> JournalRowStore::column_names() const {
  if (!columns_) throw std::logic_error("JournalRowStore: no column source");
  return columns_->column_names();
}

Column JournalRowStore::column(const std::string& name) const {
  if (!columns_) throw std::logic_error("JournalRowStore: no column source");
  return columns_->column(name);
}

bool JournalRowStore::has(std::size_t i) const {
  for (const JournalReader* j : journals_)
    if (j->has(i)) return true;
  return false;
}

Row JournalRowStore::row(std::size_t i) const {
  throw_if_cancelled();  // a reduction reading rows stops within a row of Ctrl-C
  for (const JournalReader* j : journals_)
    if (j->has(i)) return j->read(j->offset(i), points_);
  // A row missing from a partial merge: an empty row with its point and an error.
  Row r(points_.point(i));
  r.set("error", std::string("missing: this row's shard was not merged"));
  return r;
}

// ---- locks ----------------------------------------------------------------------
std::string lock_holder(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return "";
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    // "1: FLOCK  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"
    std::istringstream in(line);
    std::string id, kind, mode, rw, pid, dev;
    if (!(in >> id >> kind >> mode >> rw >> pid >> dev)) continue;
    if (kind != "FLOCK" || id == "->") continue;
    const auto colon = dev.rfind(':');
    if (colon == std::string::npos) continue;
    if (std::to_string(st.st_ino) != dev.substr(colon + 1)) continue;
    std::ifstream cmd("/proc/" + pid + "/cmdline");
    std::string args((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    for (char& c : args)
      if (c == '\0') c = ' ';
    while (!args.empty() && args.back() == ' ') args.pop_back();
    if (args.size() > 120) args = args.substr(0, 117) + "...";
    return "pid " + pid + (args.empty() ? "" : ": " + args);
  }
  return "";
}

}  // namespace tl
