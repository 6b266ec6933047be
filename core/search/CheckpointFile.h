#pragma once

// The checkpoint's file: named tensors in the zip format of torch.save, read back by our own
// state-dict reader. Opening a checkpoint therefore runs nothing from the file (LibTorch's
// own archive is a TorchScript module whose code is compiled, and whose __setstate__ runs,
// on load), and every value is checked before the search uses it. Engine-only header.

#include "models/StateDictReader.h"
#include "search/SearchEvents.h"

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace augstudio {

struct CheckpointState {
    int epoch = 0;                      // last finished epoch
    int step = 0;                       // global step at its end
    double wallSeconds = 0;
    std::vector<EpochMetrics> history;  // one entry per finished epoch
    std::string fingerprint;            // what must match to resume (see searchFingerprint)
    // LibTorch's CPU threads of the run that wrote it (0: not recorded, an earlier version's):
    // a CPU search's sums, and so its policy, differ with the thread count.
    int threads = 0;
    // The dataset's listing when it was written (datasetListing in SearchRun): its images' count
    // and a key of their names below the root and their labels; count -1: not recorded.
    std::int64_t datasetImages = -1;
    std::uint64_t datasetKey = 0;
};

struct CheckpointFile {
    CheckpointState state;
    torch::Tensor cpuGenerator;  // LibTorch's CPU generator state
    torch::Tensor cudaGenerator; // undefined for a CPU search
    // The models' and optimisers' tensors by name ("policy.", "discriminator.",
    // "policy_optimizer.", "discriminator_optimizer."), on the CPU.
    std::map<std::string, torch::Tensor> tensors;
};

// Written atomically: a crash or a full disk leaves the previous file in place.
void writeCheckpointFile(const std::string &path, const CheckpointFile &file);

// Throws std::runtime_error naming the file and the entry for anything it cannot use: not a
// checkpoint, an earlier version's archive, a missing entry, a wrong type or shape, a value
// out of range.
CheckpointFile readCheckpointFile(const std::string &path);

} // namespace augstudio
