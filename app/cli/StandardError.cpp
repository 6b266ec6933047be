#include "StandardError.h"

#include <cerrno>
#include <iostream>
#include <unistd.h>

namespace augstudio::cli {

void writeStandardError(const std::string &text)
{
    std::cerr.flush(); // what was said before comes first
    // One write(2) of up to PIPE_BUF bytes to a pipe is never split; a longer one, or a short
    // count on a terminal, goes on from where it stopped.
    const char *next = text.data();
    size_t left = text.size();
    while (left > 0) {
        const ssize_t written = ::write(STDERR_FILENO, next, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return; // nowhere to say it
        next += written;
        left -= size_t(written);
    }
}

} // namespace augstudio::cli
