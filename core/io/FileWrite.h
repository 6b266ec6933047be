#pragma once

// The one write loop of core/io: every save, CSV row and TensorBoard record reaches its file
// through writeAll, which is also where the soak tests make a write fail or the process die.

#include <cstddef>
#include <functional>
#include <string>

namespace augstudio {

// Writes all `size` bytes of `data` to `fd`, resuming after short writes and signals.
// IoError naming `path` (with the system's reason, e.g. "No space left on device") on
// failure; `written`, when given, then holds how many bytes did reach the file.
void writeAll(int fd, const char *data, std::size_t size, const std::string &path, std::size_t *written = nullptr);

// Makes a write past the file-size limit (`ulimit -f`, RLIMIT_FSIZE) fail with "File too
// large", naming the file as a full disk does, instead of killing the process with SIGXFSZ.
// Called once by each program's main.
void failWritesPastFileSizeLimit();

// Test seams, inert unless the environment asks, counting every writeAll of the process:
//   AUGSTUDIO_KILL_AT_WRITE=N  the N-th write leaves its file half written, names it on stderr
//                              and SIGKILLs the process, as a power cut or `kill -9` would;
//   AUGSTUDIO_FAIL_AT_WRITE=N  the N-th write fails as on a full disk (ENOSPC);
//   AUGSTUDIO_FAULT_PATHS_CONTAINING=S  counts only the writes to paths containing S, so a
//                              test can aim at one kind of file whatever the run writes first.
// `halfWrite` leaves the file half written before the kill.
void injectWriteFault(const std::string &path, const std::function<void()> &halfWrite);

} // namespace augstudio
