#pragma once

// A search that ran out of memory says so, and what to change, instead of quoting an
// allocator ("DefaultCPUAllocator: can't allocate memory: you tried to allocate ...").
// Engine-only: it knows LibTorch's errors.

#include <exception>
#include <string>

namespace augstudio {

// Whether `error` says that memory ran out: std::bad_alloc, LibTorch's allocators
// (c10::OutOfMemoryError; "can't allocate memory", "CUDA out of memory"), OpenCV's
// "Insufficient memory", or an error that quotes one of them (a DatasetError naming its image).
bool isOutOfMemory(const std::exception &error);

// The failed search's message for `error`: its text (LibTorch's without the backtrace) or,
// when memory ran out, what to change, with that text after it in parentheses: for batches of
// `batchSize` images of `height` × `width` pixels once the search saw one, else for what comes
// before the first step (images as read, models, the policy).
std::string searchFailureMessage(const std::exception &error, int batchSize, int height = 0, int width = 0);

} // namespace augstudio
