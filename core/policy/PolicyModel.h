#pragma once

// The policy model (the generator): sub-policies × stages, each stage with its own
// probability, magnitude and weight for every operation (faa-reference §2).
// Parameters are stored as three (sub-policies, stages, operations) tensors: the same model
// as one module per operation copy, and it lets a stage run as a few batched kernels.

#include "config/SearchConfig.h"
#include "ops/OperationCatalog.h"
#include "policy/PolicySnapshot.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace augstudio {

struct PolicyOptions {
    std::vector<OperationSpec> operations;
    int numSubPolicies = 40;
    int numStages = 4;
    int numChunks = 4;
    double temperature = 0.05;
    int channels = 3;          // of the images searched on: 3, or 1 for a grey dataset
    bool identity = false;     // benchmarks: augment nothing (the discriminator-only floor)
    bool fused = true;         // batched stage evaluation; false = one operation at a time

    // The policy_model settings of a config, for images of `channels` channels: the default
    // operations for that count (colour operations refused on grey).
    static PolicyOptions fromConfig(const SearchConfig &config, int channels = 3);
};

struct PolicyOutput {
    torch::Tensor images;                 // in [0,1], as they came in
    torch::Tensor masks;                  // (N,1,H,W) float class ids, undefined without masks
    std::vector<int> subPolicyPerImage;   // which sub-policy augmented each image
};

// Every random number one forward pass uses, drawn up front in a fixed order, so that the
// fused and the plain evaluation can be compared draw for draw.
struct PolicyDraws {
    std::vector<int> subPolicyPerChunk;
    std::vector<int64_t> chunkSizes;
    std::vector<torch::Tensor> gateUniforms;   // per stage: (operations, N)
    std::vector<torch::Tensor> holeUniforms;   // per stage and cutout operation: (N, holes, 2)
};

class PolicyModelImpl : public torch::nn::Module
{
public:
    explicit PolicyModelImpl(PolicyOptions options);

    // images in [0,1] (N,C,H,W), C = options().channels; masks optional (N,1,H,W). The batch
    // is split into num_chunks chunks, each through one uniformly drawn sub-policy. The
    // images leave in [0,1]: the search step normalises what the discriminator sees.
    PolicyOutput forward(const torch::Tensor &images, const torch::Tensor &masks = {});
    PolicyOutput forward(const torch::Tensor &images, const torch::Tensor &masks, const PolicyDraws &draws);
    PolicyDraws drawRandomness(int64_t n, const torch::TensorOptions &options) const;

    // One sub-policy on a batch in [0,1]; returns images in [0,1] (used by previews).
    torch::Tensor applySubPolicy(int subPolicy, torch::Tensor images, torch::Tensor *masks = nullptr);

    PolicySnapshot snapshot(int imageHeight, int imageWidth) const;
    const PolicyOptions &options() const { return options_; }
    void setFused(bool fused) { options_.fused = fused; }

    torch::Tensor weights;        // (S, K, O) stage weights w
    torch::Tensor probabilities;  // (S, K, O) p, used clamped to [0,1]
    torch::Tensor magnitudes;     // (S, K, O) m, used clamped to [0,1]

private:
    // One operation at a time over one chunk (the reference the fused path is tested against).
    torch::Tensor stagePlain(int stage, const torch::Tensor &images, int subPolicy, const torch::Tensor &gateUniforms,
                             const std::vector<torch::Tensor> &holeUniforms);
    // All chunks and operations of a stage at once, with per-image parameters.
    torch::Tensor stageFused(int stage, const torch::Tensor &images, const torch::Tensor &subPolicyPerImage,
                             const torch::Tensor &gateUniforms, const std::vector<torch::Tensor> &holeUniforms);
    // Masks follow the stage's heaviest operation where its gate is open (no blending of ids).
    torch::Tensor moveMasks(int stage, const torch::Tensor &masks, int subPolicy, const torch::Tensor &gateUniforms);

    PolicyOptions options_;
    std::vector<int> cutoutOps_;  // indices of cutout operations, in order
    torch::Tensor identityGain_;
    torch::Tensor low_, range_;                       // (O) value range of each operation
    void buildChannelTables(const std::vector<float> &contrast, const std::vector<float> &channels);

    // The affine operations (shifts, brightness, contrast) by channel: for row t and channel c,
    // which operation (K = none), whether α and β take its value; and (K, C) where it is the
    // identity. Plain tensors, not buffers, so that checkpoints keep their layout; taken to
    // the images' device and dtype where they are used.
    torch::Tensor affineIndex_, channelOpIndex_, channelAlphaIsValue_, channelBetaIsValue_, channelUntouched_;
    torch::Tensor geometricIndex_, rotateMask_, scaleMask_, shiftXMask_, shiftYMask_;
};
TORCH_MODULE(PolicyModel);

} // namespace augstudio
