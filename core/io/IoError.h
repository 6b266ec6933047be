#pragma once

// The one exception type of core/io: what() names the file or folder and the reason
// the system gave ("No space left on device"), so that it can be shown as it is.

#include <stdexcept>
#include <string>

namespace augstudio {

class IoError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// "cannot <action> '<path>': <strerror(errnum)>"
IoError ioErrorFromErrno(const std::string &action, const std::string &path, int errnum);

} // namespace augstudio
