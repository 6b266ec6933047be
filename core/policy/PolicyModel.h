#pragma once

// The policy model (the generator): sub-policies × stages, each stage with its own
// probability, magnitude and weight for every operation (faa-reference §2).
// Parameters are stored as three (sub-policies, stages, operations) tensors, which is the
// same model as one module per operation copy and keeps a stage's work in a few kernels.

#include "ops/OperationCatalog.h"
#include "policy/PolicySnapshot.h"

#include <torch/torch.h>

#include <vector>

namespace augstudio {

struct PolicyOptions {
    std::vector<OperationSpec> operations;
    int numSubPolicies = 40;
    int numStages = 4;
    int numChunks = 4;
    double temperature = 0.05;
    std::vector<double> mean{0.485, 0.456, 0.406};
    std::vector<double> std{0.229, 0.224, 0.225};
};

struct PolicyOutput {
    torch::Tensor images;                 // normalised
    torch::Tensor masks;                  // (N,1,H,W) float class ids, undefined without masks
    std::vector<int> subPolicyPerImage;   // which sub-policy augmented each image
};

class PolicyModelImpl : public torch::nn::Module
{
public:
    explicit PolicyModelImpl(PolicyOptions options);

    // images in [0,1] (N,3,H,W); masks optional (N,1,H,W). The batch is split into
    // num_chunks chunks, each through one uniformly drawn sub-policy.
    PolicyOutput forward(const torch::Tensor &images, const torch::Tensor &masks = {});

    // One sub-policy on a batch in [0,1]; returns images in [0,1] (used by previews).
    torch::Tensor applySubPolicy(int subPolicy, torch::Tensor images, torch::Tensor *masks = nullptr);

    torch::Tensor normalize(const torch::Tensor &images01) const;
    torch::Tensor denormalize(const torch::Tensor &normalised) const;

    PolicySnapshot snapshot(int imageHeight, int imageWidth) const;
    const PolicyOptions &options() const { return options_; }

    torch::Tensor weights;        // (S, K, O) stage weights w
    torch::Tensor probabilities;  // (S, K, O) p, used clamped to [0,1]
    torch::Tensor magnitudes;     // (S, K, O) m, used clamped to [0,1]

private:
    torch::Tensor applyStage(int subPolicy, int stage, const torch::Tensor &images, torch::Tensor *masks);

    PolicyOptions options_;
    torch::Tensor mean_;
    torch::Tensor std_;
};
TORCH_MODULE(PolicyModel);

} // namespace augstudio
