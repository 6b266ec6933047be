#pragma once

// checkpoints/last.pt: both models, both optimisers, the random generator, the position
// (epoch, step) and the epoch metric history. Engine-only header.

#include "models/Discriminator.h"
#include "policy/PolicyModel.h"
#include "search/SearchEvents.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace augstudio {

struct CheckpointState {
    int epoch = 0;                      // last finished epoch
    int step = 0;                       // global step at its end
    double wallSeconds = 0;
    std::vector<EpochMetrics> history;  // one entry per finished epoch
    std::string fingerprint;            // what must match to resume (see searchFingerprint)
};

struct CheckpointModels {
    PolicyModel policy;
    std::shared_ptr<DiscriminatorImpl> discriminator;
    torch::optim::Adam *discriminatorOptimizer;
    torch::optim::Adam *policyOptimizer;
};

// The state of LibTorch's default CPU generator, which every random draw of a CPU search
// comes from.
torch::Tensor cpuRandomState();
void setCpuRandomState(const torch::Tensor &state);

// Written atomically: a crash or a full disk leaves the previous checkpoint in place.
void saveCheckpoint(const std::string &path, const CheckpointModels &models, const CheckpointState &state);

// Loads into the models; throws std::runtime_error naming the file when it is unreadable or
// was written by a search with another fingerprint (then says which setting differs).
CheckpointState loadCheckpoint(const std::string &path, const CheckpointModels &models,
                               const std::string &expectedFingerprint, const torch::Device &device);

} // namespace augstudio
