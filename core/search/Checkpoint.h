#pragma once

// The checkpoint (SearchFolder::checkpointFile): both models, both optimisers, the random
// generators, the position (epoch, step) and the epoch metric history; CheckpointFile is its
// format. Engine-only header.

#include "models/Discriminator.h"
#include "policy/PolicyModel.h"
#include "search/CheckpointFile.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace augstudio {

struct CheckpointModels {
    PolicyModel policy;
    std::shared_ptr<DiscriminatorImpl> discriminator;
    torch::optim::Adam *discriminatorOptimizer;
    torch::optim::Adam *policyOptimizer;
    torch::Device device = torch::kCPU; // where the models live and the search draws
};

// The states of LibTorch's default generators that a search on `device` draws from: the
// CPU's always, and on CUDA that GPU's own as well.
struct RandomState {
    torch::Tensor cpu;
    torch::Tensor cuda; // undefined unless the device is a CUDA one
};
RandomState randomState(const torch::Device &device);
void setRandomState(const RandomState &state, const torch::Device &device);

// Restores the generators when it goes out of scope, so that side work (previews) does not
// change the search's random stream.
class RandomStateGuard
{
public:
    explicit RandomStateGuard(const torch::Device &device) : m_device(device), m_saved(randomState(device)) {}
    ~RandomStateGuard() { setRandomState(m_saved, m_device); }
    RandomStateGuard(const RandomStateGuard &) = delete;
    RandomStateGuard &operator=(const RandomStateGuard &) = delete;

private:
    torch::Device m_device;
    RandomState m_saved;
};

// Written atomically: a crash or a full disk leaves the previous checkpoint in place.
void saveCheckpoint(const std::string &path, const CheckpointModels &models, const CheckpointState &state);

// The first setting that differs between two fingerprints ("seed=5"), for an error message:
// "<savedBy> has 'seed=5', this config has 'seed=6'"; empty when none does. Key by key, so that
// a line one of them leaves out (a colour search's channels) is compared as its default.
std::string fingerprintDifference(const std::string &saved, const std::string &current, const std::string &savedBy);

// Loads into the models (onto models.device); throws std::runtime_error naming the file when
// it is unreadable, does not fit the models (naming the entry), or was written by a search
// with another fingerprint (then says which setting differs).
CheckpointState loadCheckpoint(const std::string &path, const CheckpointModels &models,
                               const std::string &expectedFingerprint);

} // namespace augstudio
