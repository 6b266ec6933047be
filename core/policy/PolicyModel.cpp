#include "policy/PolicyModel.h"

#include "ops/Operations.h"

namespace augstudio {

PolicyModelImpl::PolicyModelImpl(PolicyOptions options)
    : options_(std::move(options))
{
    const int64_t ops = static_cast<int64_t>(options_.operations.size());
    const std::vector<int64_t> shape{options_.numSubPolicies, options_.numStages, ops};
    // Uniform in [0,1] from the (seeded) default generator, in a fixed order.
    weights = register_parameter("weights", torch::rand(shape));
    probabilities = register_parameter("probabilities", torch::rand(shape));
    magnitudes = register_parameter("magnitudes", torch::rand(shape));
    mean_ = register_buffer("mean", torch::tensor(options_.mean, torch::kFloat).view({1, 3, 1, 1}));
    std_ = register_buffer("std", torch::tensor(options_.std, torch::kFloat).view({1, 3, 1, 1}));
}

torch::Tensor PolicyModelImpl::normalize(const torch::Tensor &images01) const
{
    return (images01 - mean_) / std_;
}

torch::Tensor PolicyModelImpl::denormalize(const torch::Tensor &normalised) const
{
    return normalised * std_ + mean_;
}

torch::Tensor PolicyModelImpl::applyStage(int subPolicy, int stage, const torch::Tensor &images, torch::Tensor *masks)
{
    const auto &ops = options_.operations;
    const int64_t n = images.size(0);
    const torch::Tensor w = torch::softmax(weights[subPolicy][stage] / options_.temperature, 0);
    const torch::Tensor p = probabilities[subPolicy][stage].clamp(0, 1);
    const torch::Tensor m = magnitudes[subPolicy][stage].clamp(0, 1);

    torch::Tensor out;
    torch::Tensor maskOut;
    int64_t maskOp = -1;
    if (masks && masks->defined()) {
        // Class ids cannot be blended: masks follow the stage's heaviest operation.
        maskOp = (w * p).argmax().item<int64_t>();
    }
    for (size_t i = 0; i < ops.size(); ++i) {
        const torch::Tensor gate = relaxedBernoulli(p[i], options_.temperature, n);
        const torch::Tensor applied = applyOperation(ops[i], images, m[i]);
        const torch::Tensor mixed = (gate * applied + (1 - gate) * images).clamp(0, 1);
        out = out.defined() ? out + w[i] * mixed : w[i] * mixed;
        if (static_cast<int64_t>(i) == maskOp) {
            torch::NoGradGuard noGrad;
            const torch::Tensor moved = applyOperationToMasks(ops[i], *masks, m[i]);
            const torch::Tensor hard = (gate.detach() > 0.5).to(masks->dtype());
            maskOut = hard * moved + (1 - hard) * *masks;
        }
    }
    if (maskOut.defined())
        *masks = maskOut;
    return out;
}

torch::Tensor PolicyModelImpl::applySubPolicy(int subPolicy, torch::Tensor images, torch::Tensor *masks)
{
    for (int stage = 0; stage < options_.numStages; ++stage)
        images = applyStage(subPolicy, stage, images, masks);
    return images;
}

PolicyOutput PolicyModelImpl::forward(const torch::Tensor &images, const torch::Tensor &masks)
{
    PolicyOutput result;
    const int64_t n = images.size(0);
    const auto imageChunks = images.chunk(options_.numChunks);
    const auto maskChunks = masks.defined() ? masks.chunk(options_.numChunks) : std::vector<torch::Tensor>{};
    std::vector<torch::Tensor> outImages;
    std::vector<torch::Tensor> outMasks;
    for (size_t c = 0; c < imageChunks.size(); ++c) {
        const int s = static_cast<int>(torch::randint(options_.numSubPolicies, {1}).item<int64_t>());
        torch::Tensor chunkMask = masks.defined() ? maskChunks[c] : torch::Tensor();
        outImages.push_back(applySubPolicy(s, imageChunks[c], masks.defined() ? &chunkMask : nullptr));
        if (masks.defined())
            outMasks.push_back(chunkMask);
        result.subPolicyPerImage.insert(result.subPolicyPerImage.end(), imageChunks[c].size(0), s);
    }
    result.images = normalize(outImages.size() == 1 ? outImages[0] : torch::cat(outImages));
    if (masks.defined())
        result.masks = outMasks.size() == 1 ? outMasks[0] : torch::cat(outMasks);
    (void)n;
    return result;
}

PolicySnapshot PolicyModelImpl::snapshot(int imageHeight, int imageWidth) const
{
    torch::NoGradGuard noGrad;
    PolicySnapshot snap;
    snap.numSubPolicies = options_.numSubPolicies;
    snap.numStages = options_.numStages;
    snap.operations = options_.operations;
    snap.imageHeight = imageHeight;
    snap.imageWidth = imageWidth;
    const torch::Tensor w = torch::softmax(weights.detach().to(torch::kCPU, torch::kDouble) / options_.temperature, 2)
                                .contiguous();
    const torch::Tensor p = probabilities.detach().to(torch::kCPU, torch::kDouble).clamp(0, 1).contiguous();
    const torch::Tensor m = magnitudes.detach().to(torch::kCPU, torch::kDouble).clamp(0, 1).contiguous();
    const double *wp = w.data_ptr<double>();
    const double *pp = p.data_ptr<double>();
    const double *mp = m.data_ptr<double>();
    snap.states.resize(static_cast<size_t>(w.numel()));
    for (size_t i = 0; i < snap.states.size(); ++i)
        snap.states[i] = {wp[i], pp[i], mp[i]};
    return snap;
}

} // namespace augstudio
