#pragma once

// Runs independent per-item work (decoding every image of a dataset) on a few threads.

#include <cstddef>
#include <functional>

namespace augstudio {

// The cores this process may run on: its CPU affinity, which taskset, a container's cpuset
// and a batch scheduler's allocation narrow, where the machine's core count would not. At least 1.
unsigned usableCores();

// Calls work(i) for every i in [0, count) on up to `threads` threads (0 = one per usable
// core, at most 8). `progress(done, count)`, when given, is called on the calling thread about
// every 50 ms and once at the end; when it returns false the remaining items are skipped
// and parallelFor returns false. The first exception thrown by `work` stops the others
// and is rethrown here.
bool parallelFor(std::size_t count, const std::function<void(std::size_t)> &work,
                 const std::function<bool(std::size_t, std::size_t)> &progress = {}, unsigned threads = 0);

} // namespace augstudio
