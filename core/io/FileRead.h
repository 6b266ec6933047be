#pragma once

// Reading a whole file of outside data with a cap on its size: a config, a policy or a
// labels file named on the command line may be a device or a pipe (/dev/zero, a FIFO), whose
// size is not known before it is read and which may never end.

#include <cstdint>
#include <optional>
#include <string>

namespace augstudio {

// The whole of `path`, or nullopt when it holds more than `maxBytes`: a regular file by its
// size, before a byte is read; anything else once `maxBytes` + 1 bytes have come. Throws
// std::system_error when it cannot be opened or read to the end.
std::optional<std::string> readFileUpTo(const std::string &path, std::uintmax_t maxBytes);

} // namespace augstudio
