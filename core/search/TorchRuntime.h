#pragma once

// LibTorch runtime facts and settings, behind a header free of LibTorch.

#include <string>

namespace augstudio {

// Sets LibTorch's intra-op thread count: `threads` if positive, else OMP_NUM_THREADS where it
// is set (as PyTorch reads it; `--nproc` shares the cores out through it), else one per
// usable core. Returns the count in force. LibTorch's own default here is 1 thread.
int configureTorchThreads(int threads);

// OpenMP threads that spin while waiting make LibTorch many times slower as soon as
// another process (or our own loader and UI threads) holds a core. The wait policy is read
// once, when the OpenMP runtime loads, so a program that finds it unset sets it to PASSIVE
// and re-executes itself. Call first thing in main(); returns only if nothing was done.
void preferPassiveOpenMpWaits(char **argv);

// LibTorch's glog lines (c10d's "W20261204 ... socket.cpp:426] ..." on a failed rendezvous)
// and OpenCV's log lines are kept off the terminal: every failure they tell of reaches the
// user as an error of our own. GLOG_minloglevel and OPENCV_LOG_LEVEL, where set, win, for a
// look at them.
void quietLibraryLogs();

bool cudaAvailable();
std::string torchVersion();

// Checks a device string ("cpu", "cuda", "cuda:1"); returns "" if usable, else why not.
std::string deviceProblem(const std::string &device);

// The device to run on: "auto" becomes "cuda" when a GPU is usable, else "cpu". Throws
// std::runtime_error with deviceProblem()'s message when the result is not usable.
std::string usableDevice(const std::string &device);

// The device of one process of a search on several: on "cuda" (or "auto" with a GPU) each
// process of a machine takes the GPU of its local rank, as torchrun's workers do; "cpu" and
// an explicit "cuda:N" stay as they are. Throws std::runtime_error naming the local rank when
// this machine has no GPU of that number.
std::string usableProcessDevice(const std::string &device, int localRank);

} // namespace augstudio
