#include "io/IoError.h"

#include <cstring>

namespace augstudio {

IoError ioErrorFromErrno(const std::string &action, const std::string &path, int errnum)
{
    return IoError("cannot " + action + " '" + path + "': " + std::strerror(errnum));
}

} // namespace augstudio
