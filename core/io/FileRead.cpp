#include "io/FileRead.h"

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace augstudio {

namespace {

struct OpenFile {
    int fd = -1;
    ~OpenFile()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

std::optional<std::string> readFileUpTo(const std::string &path, std::uintmax_t maxBytes)
{
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) {
        const std::uintmax_t size = std::filesystem::file_size(path, error);
        if (!error && size > maxBytes)
            return std::nullopt;
    }
    OpenFile file;
    file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file.fd < 0)
        throw std::system_error(errno, std::generic_category());
    std::string bytes;
    char chunk[1 << 16];
    for (;;) {
        const ssize_t got = ::read(file.fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw std::system_error(errno, std::generic_category());
        if (got == 0)
            return bytes;
        if (bytes.size() + static_cast<std::uintmax_t>(got) > maxBytes)
            return std::nullopt;
        bytes.append(chunk, static_cast<std::size_t>(got));
    }
}

} // namespace augstudio
