#pragma once

#include <string>

namespace augstudio::cli {

// `text` on standard error in one write: the workers of a search share the launcher's
// standard error, and a line written in parts by two of them at once comes out interleaved.
void writeStandardError(const std::string &text);

} // namespace augstudio::cli
