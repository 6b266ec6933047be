#include "io/AtomicFile.h"

#include "io/FileWrite.h"
#include "io/IoError.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>
#include <vector>

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

// A temporary's name cut in two: ".<name>.tmp." (temporaryPrefix of the file it was for)
// and the writer's pid before ".<n>". Any other name: no writer (pid 0).
struct TemporaryName
{
    std::string prefix;
    pid_t writer = 0;
};

TemporaryName parseTemporary(const std::string &name)
{
    const std::size_t tag = name.rfind(".tmp.");
    if (name.empty() || name[0] != '.' || tag == std::string::npos)
        return {};
    const std::string rest = name.substr(tag + 5);
    const std::size_t dot = rest.find('.');
    const auto digits = [](const std::string &text) {
        return !text.empty() && text.size() < 12
               && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (dot == std::string::npos || !digits(rest.substr(0, dot)) || !digits(rest.substr(dot + 1)))
        return {};
    return {name.substr(0, tag + 5), static_cast<pid_t>(std::atol(rest.c_str()))};
}

// A writer in another PID namespace (a container sharing the folder) is invisible here but
// finishes a write in seconds: only a temporary this old is taken for a killed writer's.
constexpr std::time_t kStaleTemporaryAge = 5 * 60;

bool isStale(const fs::path &temporary, pid_t writer)
{
    if (writer == ::getpid() || ::kill(writer, 0) == 0 || errno != ESRCH)
        return false;
    struct stat info;
    return ::lstat(temporary.c_str(), &info) == 0 && S_ISREG(info.st_mode)
           && std::time(nullptr) - info.st_mtime > kStaleTemporaryAge;
}

// The temporaries in a folder, by the prefix of the file each was for.
using TemporariesByPrefix = std::map<std::string, std::vector<std::string>>;

TemporariesByPrefix temporariesIn(const fs::path &folder)
{
    TemporariesByPrefix found;
    std::error_code error;
    for (fs::directory_iterator it(folder.empty() ? "." : folder, error), end; !error && it != end;
         it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (const TemporaryName temporary = parseTemporary(name); temporary.writer > 0)
            found[temporary.prefix].push_back(name);
    }
    return found;
}

// Removes what processes killed while writing `target` left beside it (".last.pt.tmp.<pid>.<n>",
// a whole checkpoint each), so that kills do not fill the disk; other files' temporaries are
// not this write's to judge. A folder is read once, at this process's first write into it:
// apply writes thousands of files into one, and a scan at each write made its time grow with
// the square of its output. Those kept (too young) are looked at again at the next write.
void removeStaleTemporariesOf(const fs::path &target)
{
    static std::mutex mutex;
    static std::map<std::string, TemporariesByPrefix> folders;
    const std::lock_guard<std::mutex> lock(mutex);
    const fs::path folder = target.parent_path();
    const auto [entry, first] = folders.try_emplace(folder.lexically_normal().string());
    if (first)
        entry->second = temporariesIn(folder);
    const auto found = entry->second.find(temporaryPrefix(target));
    if (found == entry->second.end())
        return;
    std::vector<std::string> &names = found->second;
    names.erase(std::remove_if(names.begin(), names.end(),
                               [&folder](const std::string &name) {
                                   const fs::path temporary = folder / name;
                                   return isStale(temporary, parseTemporary(name).writer)
                                          && ::unlink(temporary.c_str()) == 0;
                               }),
                names.end());
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

// The replacement keeps the permissions of the file it replaces (a 0600 file stays private)
// and its owner and group (a file of another user, replaced by root, stays theirs).
void keepOwnerAndMode(int fd, const fs::path &target, const std::string &path)
{
    struct stat existing;
    if (::stat(target.c_str(), &existing) != 0)
        return; // a new file: this process's owner, the umask's mode
    // Only root may give a file away, and some file systems (vfat, squashed NFS) keep no
    // owner: a write is never refused for it, the file then keeps the owner it can.
    [[maybe_unused]] const int ownerKept = ::fchown(fd, existing.st_uid, existing.st_gid);
    // After the owner: a change of owner clears the set-id bits.
    if (::fchmod(fd, existing.st_mode & 07777) != 0)
        throw ioErrorFromErrno("write", path, errno);
}

// A device, a FIFO or a socket (/dev/stdout into a pipe, a named pipe a reader waits on):
// opened by the name the user gave, since a link through /proc/self/fd names no file that
// could be opened again; nothing to make durable or to replace.
void writeInPlace(const std::string &path, const std::string &content)
{
    Fd file;
    do
        file.fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    while (file.fd < 0 && errno == EINTR);
    if (file.fd < 0)
        throw ioErrorFromErrno("write", path, errno);
    writeAll(file.fd, content.data(), content.size(), path);
    if (::close(file.release()) != 0)
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

bool writesInPlace(const std::string &path)
{
    struct stat info;
    return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

std::string replacedFile(const std::string &path)
{
    return resolvedTarget(path).string();
}

void writeFileAtomically(const std::string &path, const std::string &content)
{
    if (writesInPlace(path))
        return writeInPlace(path, content);
    const fs::path target = resolvedTarget(path);
    removeStaleTemporariesOf(target);
    Fd file;
    const std::string tempPath = createTempFile(target, file);
    try {
        keepOwnerAndMode(file.fd, target, path);
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
