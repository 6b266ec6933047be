#include "io/AtomicFile.h"

#include "io/FileWrite.h"
#include "io/IoError.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// Owns an open descriptor; closing is explicit where its error matters.
struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
    int release()
    {
        int f = fd;
        fd = -1;
        return f;
    }
};

void syncAndClose(Fd &file, const std::string &path)
{
    if (::fsync(file.fd) != 0 && errno != EINVAL)
        throw ioErrorFromErrno("write", path, errno);
    if (::close(file.release()) != 0)
        throw ioErrorFromErrno("write", path, errno);
}

// Makes the rename itself durable; a file system that cannot sync folders is not an error.
void syncDirectory(const fs::path &dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// The start of the names of `target`'s temporary files: ".<name>.tmp.", the name cut short
// (at a whole UTF-8 character) so that the pid and counter after it stay within the 255 bytes
// a file name may have.
std::string temporaryPrefix(const fs::path &target)
{
    constexpr std::size_t kMaxNameBytes = 200;
    std::string name = target.filename().string();
    if (name.size() > kMaxNameBytes) {
        std::size_t cut = kMaxNameBytes;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80)
            --cut;
        name.resize(cut);
    }
    return "." + name + ".tmp.";
}

// The writer's pid in a temporary's name (".<name>.tmp.<pid>.<n>"); 0 for any other name.
pid_t temporaryWriter(const std::string &name)
{
    const std::size_t tag = name.rfind(".tmp.");
    if (name.empty() || name[0] != '.' || tag == std::string::npos)
        return 0;
    const std::string rest = name.substr(tag + 5);
    const std::size_t dot = rest.find('.');
    const auto digits = [](const std::string &text) {
        return !text.empty() && text.size() < 12
               && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (dot == std::string::npos || !digits(rest.substr(0, dot)) || !digits(rest.substr(dot + 1)))
        return 0;
    return static_cast<pid_t>(std::atol(rest.c_str()));
}

// The temporaries that processes killed mid-write left in `folder` (".last.pt.tmp.<pid>.<n>",
// a whole checkpoint each): removed when their writer is gone, so kills do not fill the disk.
void removeStaleTemporaries(const fs::path &folder)
{
    std::error_code error;
    for (fs::directory_iterator it(folder.empty() ? "." : folder, error), end; !error && it != end;
         it.increment(error)) {
        const pid_t pid = temporaryWriter(it->path().filename().string());
        if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
            ::unlink(it->path().c_str());
    }
}

// Whether this process writes into `folder` for the first time. Its stale temporaries are
// removed then, once: the scan reads the whole folder, and apply writes thousands of files
// into one (a scan at every write made its time grow with the square of its output).
bool firstWriteInto(const fs::path &folder)
{
    static std::mutex mutex;
    static std::set<std::string> written;
    const std::lock_guard<std::mutex> lock(mutex);
    return written.insert(folder.lexically_normal().string()).second;
}

// A new, empty file next to `target`, created exclusively so two writers never share one.
std::string createTempFile(const fs::path &target, Fd &file)
{
    static std::atomic<unsigned> counter{0};
    if (target.filename().empty())
        throw IoError("cannot write '" + target.string() + "': the path names no file");
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path temp = target;
        temp.replace_filename(temporaryPrefix(target) + std::to_string(::getpid()) + "." + std::to_string(counter++));
        file.fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (file.fd >= 0)
            return temp.string();
        if (errno != EEXIST)
            throw ioErrorFromErrno("write", target.string(), errno);
    }
    throw IoError("cannot write '" + target.string() + "': no free temporary file name");
}

// The file a write to `path` means: where `path` is a symbolic link, the file it leads to,
// so that the link stays a link (a policy linked into a training repository).
fs::path resolvedTarget(const fs::path &path)
{
    fs::path target = path;
    std::error_code error;
    for (int hop = 0; hop < 40 && fs::is_symlink(target, error); ++hop) {
        const fs::path next = fs::read_symlink(target, error);
        if (error)
            break;
        target = next.is_absolute() ? next : target.parent_path() / next;
    }
    return target;
}

// The replacement keeps the permissions of the file it replaces (a 0600 file stays private).
void keepMode(int fd, const fs::path &target, const std::string &path)
{
    struct stat existing;
    if (::stat(target.c_str(), &existing) != 0)
        return; // a new file: the umask's mode
    if (::fchmod(fd, existing.st_mode & 07777) != 0)
        throw ioErrorFromErrno("write", path, errno);
}

void commit(const std::string &tempPath, const std::string &path)
{
    if (::rename(tempPath.c_str(), path.c_str()) != 0) {
        const int error = errno;
        throw ioErrorFromErrno(::access(path.c_str(), F_OK) == 0 ? "replace" : "write", path, error);
    }
    syncDirectory(fs::path(path).parent_path());
}

} // namespace

void writeFileAtomically(const std::string &path, const std::string &content)
{
    const fs::path target = resolvedTarget(path);
    if (firstWriteInto(target.parent_path()))
        removeStaleTemporaries(target.parent_path());
    Fd file;
    const std::string tempPath = createTempFile(target, file);
    try {
        keepMode(file.fd, target, path);
        writeAll(file.fd, content.data(), content.size(), path);
        syncAndClose(file, path);
        commit(tempPath, target.string());
    } catch (...) {
        ::unlink(tempPath.c_str());
        throw;
    }
}

namespace {

// access() says yes to root even on read-only mounts; creating a file tells the truth.
void probeWriting(const std::string &dir)
{
    const fs::path probe = fs::path(dir) / (".augstudio-write-test." + std::to_string(::getpid()));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        throw ioErrorFromErrno("write into folder", dir, errno);
    ::close(fd);
    ::unlink(probe.c_str());
}

} // namespace

void ensureWritableDirectory(const std::string &dir)
{
    if (dir.empty())
        throw IoError("cannot use '' as a folder: the name is empty");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw IoError("cannot create folder '" + dir + "': " + ec.message());
    if (!fs::is_directory(dir, ec))
        throw IoError("cannot use '" + dir + "' as a folder: it is not a folder");
    probeWriting(dir);
}

void checkDirectoryCanBeWritten(const std::string &dir)
{
    if (dir.empty())
        throw IoError("cannot use '' as a folder: the name is empty");
    std::error_code ec;
    fs::path existing = fs::absolute(dir, ec);
    while (!existing.empty() && !fs::exists(existing, ec) && existing != existing.parent_path())
        existing = existing.parent_path();
    if (!fs::is_directory(existing, ec))
        throw IoError("cannot create folder '" + dir + "': '" + existing.string() + "' is a file");
    probeWriting(existing.string());
}

} // namespace augstudio
