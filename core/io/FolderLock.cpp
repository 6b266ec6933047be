#include "io/FolderLock.h"

#include "io/IoError.h"

#include <cerrno>
#include <filesystem>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace augstudio {

FolderLock::FolderLock(const std::string &folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw ioErrorFromErrno("create folder", folder, error.value());
    // O_CLOEXEC: a worker process started from here does not inherit the lock.
    m_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_fd < 0)
        throw ioErrorFromErrno("open folder", folder, errno);
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int reason = errno;
        ::close(m_fd);
        m_fd = -1;
        if (reason == EWOULDBLOCK)
            throw IoError("another search is writing in " + folder
                          + " right now: wait until it ends, or choose another output folder");
        throw ioErrorFromErrno("lock folder", folder, reason);
    }
}

FolderLock::~FolderLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace augstudio
