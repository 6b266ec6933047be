#pragma once

// The JSON files commands write for scripts (--json): one rule for what they hold.

#include "io/AtomicFile.h"

#include <string>

namespace augstudio::cli {

// `document` indented, written atomically to `path`. A file name on Linux may hold any bytes
// and JSON text must be UTF-8: bytes that are not become U+FFFD, where dump() would throw.
template <class Json>
void writeJsonReport(const std::string &path, const Json &document)
{
    writeFileAtomically(path, document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

} // namespace augstudio::cli
