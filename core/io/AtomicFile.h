#pragma once

// Files that are either fully written or not written at all: a crash or a full disk
// halfway through a save leaves the previous version in place, never a torn file.

#include <string>

namespace augstudio {

// Writes `content` to a temporary file in the folder of `path`, flushes and fsyncs it,
// then renames it over `path`. On any failure the temporary file is removed, the old
// file at `path` is left untouched and IoError is thrown. A `path` that is a symbolic link
// is written through (the file it leads to is replaced, the link kept), and a file replaced
// keeps its permissions, owner and group (where this process may give them). Temporaries of
// `path` left by a process killed mid-write are removed once they are some minutes old.
// A `path` that leads to a device, a FIFO or a socket (/dev/stdout, a named pipe) is written
// straight into, opened by the name given, never replaced; its errors name `path` too.
void writeFileAtomically(const std::string &path, const std::string &content);

// Whether writeFileAtomically(path) writes straight into what is there: `path` exists and,
// after its links, is neither a regular file nor a folder.
bool writesInPlace(const std::string &path);
// The file writeFileAtomically(path) replaces: `path` with its symbolic links followed, so
// that a check of its folder checks the folder the write goes to.
std::string replacedFile(const std::string &path);

// Creates `dir` and its parents if needed and checks that a file can be created in it;
// IoError naming the folder otherwise.
void ensureWritableDirectory(const std::string &dir);
// The same check with nothing left behind: `dir`, or the nearest of its parents that exists,
// is a folder a file can be created in. For a command that fails early, before it makes
// anything; IoError naming the folder (or the file in the way) otherwise.
void checkDirectoryCanBeWritten(const std::string &dir);

} // namespace augstudio
