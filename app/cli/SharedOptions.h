#pragma once

// Options several commands take with one meaning, checked in one place so that each says
// the same range in the same words.

#include "CommandLine.h"

namespace augstudio::cli {

// The largest side --image-size takes (evaluate, bench, baseline, shapes): a batch of 32
// such images is already gigabytes on every layer of a step, and one larger image of a
// generated dataset would be gigabytes on its own.
constexpr int kMaxImageSide = 2048;

// --image-size S from `minimum` to kMaxImageSide px; `fallback` when absent.
int imageSideArgument(const CommandLine &line, int fallback, int minimum);

// --threads T as the search's trainer.threads takes it (0 = one per core); 0 when absent.
int threadsArgument(const CommandLine &line);

// The folder a file option's `file` goes to (where `file` is a link, the folder of the file it
// leads to) must be there and take files: one that is missing or refuses a file fails before
// anything is done (an error naming it). A device or a FIFO is written into: nothing to check.
void requireFolderOf(const std::string &file);

// A file option (--json F.json): a UsageError when `file` is a folder, then requireFolderOf.
void requireOutputFile(const std::string &option, const std::string &file);

} // namespace augstudio::cli
