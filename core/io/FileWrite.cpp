#include "io/FileWrite.h"

#include "io/IoError.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <unistd.h>

namespace augstudio {

namespace {

long environmentCount(const char *name)
{
    const char *value = std::getenv(name);
    return value ? std::atol(value) : 0L;
}

} // namespace

void failWritesPastFileSizeLimit()
{
    std::signal(SIGXFSZ, SIG_IGN);
}

void injectWriteFault(const std::string &path, const std::function<void()> &halfWrite)
{
    static const long killAt = environmentCount("AUGSTUDIO_KILL_AT_WRITE");
    static const long failAt = environmentCount("AUGSTUDIO_FAIL_AT_WRITE");
    static const char *const countedPaths = std::getenv("AUGSTUDIO_FAULT_PATHS_CONTAINING");
    static std::atomic<long> writes{0};
    if (killAt <= 0 && failAt <= 0)
        return;
    if (countedPaths && path.find(countedPaths) == std::string::npos)
        return;
    const long write = ++writes;
    if (write == failAt)
        throw ioErrorFromErrno("write", path, ENOSPC);
    if (write != killAt)
        return;
    if (halfWrite)
        halfWrite();
    std::fprintf(stderr, "AUGSTUDIO_KILL_AT_WRITE: killed while writing %s\n", path.c_str());
    std::fflush(stderr);
    std::raise(SIGKILL);
}

void writeAll(int fd, const char *data, std::size_t size, const std::string &path, std::size_t *written)
{
    std::size_t done = 0;
    injectWriteFault(path, [&] {
        while (done < size / 2) {
            const ssize_t n = ::write(fd, data + done, size / 2 - done);
            if (n <= 0)
                break;
            done += static_cast<std::size_t>(n);
        }
    });
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int error = errno;
            if (written)
                *written = done;
            throw ioErrorFromErrno("write", path, error);
        }
        done += static_cast<std::size_t>(n);
    }
    if (written)
        *written = done;
}

} // namespace augstudio
