#pragma once

// One search step (faa-reference §5): a discriminator update with the task loss, the
// WGAN critic terms and the gradient penalty, then a policy update through the frozen
// discriminator. Engine-only header.

#include "data/Normalization.h"
#include "models/Discriminator.h"
#include "policy/PolicyModel.h"

#include <torch/torch.h>

#include <functional>
#include <memory>

namespace augstudio {

struct StepInput {
    torch::Tensor images;  // (B,C,H,W) in [0,1], C = the policy's channels
    torch::Tensor labels;  // (B) int64 (classification)
    torch::Tensor masks;   // (B,1,H,W) float class ids (segmentation)
};

// Images [begin, end) of `input` with their labels or masks (views, not copies).
StepInput sliceOf(const StepInput &input, int64_t begin, int64_t end);

struct StepLosses {
    double loss = 0;   // loss_task + loss_task2
    double dLoss = 0;  // −d_n + d_a + gp
    double aLoss = 0;  // −mean(D(policy(a)))
};

struct StepSettings {
    Task task = Task::Classification;
    int numClasses = 2;
    double taskFactor = 0.1;
    double gpFactor = 10.0;
    int ignoreIndex = 255;
    ChannelNormalization normalization{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}}; // one value per channel

    // `normalization`: the config's, resolved for the images' channels (resolveNormalization).
    static StepSettings fromConfig(const SearchConfig &config, int numClasses, ChannelNormalization normalization);
};

// What the discriminator sees: [0,1] images with the config's mean subtracted and divided by
// its std. Real and augmented images pass through the same one, and nothing else does.
class DiscriminatorInput
{
public:
    // Throws std::invalid_argument unless mean and std hold one value per channel of the images.
    explicit DiscriminatorInput(const ChannelNormalization &normalization);
    torch::Tensor operator()(const torch::Tensor &images01);

private:
    torch::Tensor mean_, std_; // (1,C,1,1), moved to the images' device and dtype on first use
};

// How many of `available` intra-op threads the policy's kernels use on a half-batch of
// `imageElements` floats: one for small images, more as the images grow.
int policyThreadCount(int64_t imageElements, int available);

// The policy is hundreds of elementwise kernels over the augmented half-batch. On small
// images waking OpenMP workers for each costs more than it saves, so it runs on the calling
// thread alone while the discriminator uses them all; on large images the kernels are long
// enough to share, and one thread would leave the other cores idle. This scope sets the
// thread count for `images` and restores the previous one.
class PolicyThreadScope
{
public:
    explicit PolicyThreadScope(const torch::Tensor &images);
    ~PolicyThreadScope();
    PolicyThreadScope(const PolicyThreadScope &) = delete;
    PolicyThreadScope &operator=(const PolicyThreadScope &) = delete;

private:
    int previous_;
};

// Adam with the lr and betas of an `optim` entry.
torch::optim::AdamOptions adamOptions(const OptimizerConfig &config);

class SearchStep
{
public:
    SearchStep(StepSettings settings, PolicyModel policy, std::shared_ptr<DiscriminatorImpl> discriminator,
               torch::optim::Adam &discriminatorOptimizer, torch::optim::Adam &policyOptimizer);

    StepLosses run(const StepInput &input);

    // Called with a model's parameters after each backward, before its optimizer steps: a
    // search on several processes averages the gradients there.
    using GradientSync = std::function<void(const std::vector<torch::Tensor> &parameters)>;
    void setGradientSync(GradientSync sync) { gradientSync_ = std::move(sync); }

    // Task loss of the configured task: cross-entropy on class ids, or BCE-with-logits on
    // one-hot masks with the ignore index left out.
    torch::Tensor taskLoss(const torch::Tensor &logits, const StepInput &target) const;

private:
    void setDiscriminatorTrainable(bool trainable);

    StepSettings settings_;
    DiscriminatorInput discriminatorInput_;
    PolicyModel policy_;
    std::shared_ptr<DiscriminatorImpl> discriminator_;
    torch::optim::Adam &discriminatorOptimizer_;
    torch::optim::Adam &policyOptimizer_;
    GradientSync gradientSync_;
};

// BCE-with-logits over one-hot masks (N,C,H,W), pixels equal to ignoreIndex excluded.
torch::Tensor segmentationLoss(const torch::Tensor &logits, const torch::Tensor &masks, int numClasses, int ignoreIndex);

} // namespace augstudio
