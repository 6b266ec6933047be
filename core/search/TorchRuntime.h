#pragma once

// LibTorch runtime facts and settings, behind a header free of LibTorch.

#include <string>

namespace augstudio {

// Sets LibTorch's intra-op thread count: `threads` if positive, else one per core.
// Returns the count in force. LibTorch's own default here is 1 thread.
int configureTorchThreads(int threads);

bool cudaAvailable();
std::string torchVersion();

// Checks a device string ("cpu", "cuda", "cuda:1"); returns "" if usable, else why not.
std::string deviceProblem(const std::string &device);

} // namespace augstudio
