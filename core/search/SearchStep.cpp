#include "search/SearchStep.h"

namespace F = torch::nn::functional;

namespace augstudio {

SearchStep::SearchStep(StepSettings settings, PolicyModel policy, std::shared_ptr<DiscriminatorImpl> discriminator,
                       torch::optim::Adam &discriminatorOptimizer, torch::optim::Adam &policyOptimizer)
    : settings_(settings),
      discriminatorInput_(settings_.normalization),
      policy_(std::move(policy)),
      discriminator_(std::move(discriminator)),
      discriminatorOptimizer_(discriminatorOptimizer),
      policyOptimizer_(policyOptimizer)
{
}

PolicyThreadScope::PolicyThreadScope(const torch::Tensor &images) : previous_(at::get_num_threads())
{
    at::set_num_threads(policyThreadCount(images.numel(), previous_));
}

PolicyThreadScope::~PolicyThreadScope()
{
    at::set_num_threads(previous_);
}

int policyThreadCount(int64_t imageElements, int available)
{
    // About 64 Ki floats per thread: below that an OpenMP wake-up costs more than the work
    // it takes over (measured on the fused stage, 2 cores: 16 images of 48×48 run faster on
    // one thread, 16 of 64×64 on two).
    constexpr int64_t kElementsPerThread = 65536;
    const int64_t wanted = std::max<int64_t>(1, imageElements / kElementsPerThread);
    return static_cast<int>(std::min<int64_t>(wanted, std::max(1, available)));
}

StepSettings StepSettings::fromConfig(const SearchConfig &config, int numClasses, ChannelNormalization normalization)
{
    StepSettings settings;
    settings.task = config.task;
    settings.numClasses = numClasses;
    settings.taskFactor = config.policy.taskFactor;
    settings.gpFactor = config.policy.gpFactor;
    settings.ignoreIndex = config.data.ignoreIndex;
    settings.normalization = std::move(normalization);
    return settings;
}

DiscriminatorInput::DiscriminatorInput(const ChannelNormalization &normalization)
{
    const int64_t channels = static_cast<int64_t>(normalization.mean.size());
    if (channels < 1 || normalization.std.size() != normalization.mean.size())
        throw std::invalid_argument("the discriminator's normalisation needs one mean and one std per channel");
    mean_ = torch::tensor(normalization.mean, torch::kFloat).view({1, channels, 1, 1});
    std_ = torch::tensor(normalization.std, torch::kFloat).view({1, channels, 1, 1});
}

torch::Tensor DiscriminatorInput::operator()(const torch::Tensor &images01)
{
    if (images01.size(1) != mean_.size(1))
        throw std::invalid_argument("the discriminator's normalisation has " + std::to_string(mean_.size(1))
                                    + " channels, the images " + std::to_string(images01.size(1)));
    if (mean_.device() != images01.device() || mean_.dtype() != images01.dtype()) {
        mean_ = mean_.to(images01.options());
        std_ = std_.to(images01.options());
    }
    return (images01 - mean_) / std_;
}

torch::optim::AdamOptions adamOptions(const OptimizerConfig &config)
{
    return torch::optim::AdamOptions(config.lr).betas({config.beta1, config.beta2});
}

torch::Tensor segmentationLoss(const torch::Tensor &logits, const torch::Tensor &masks, int numClasses, int ignoreIndex)
{
    const torch::Tensor ids = masks.squeeze(1).to(torch::kLong);        // (N,H,W)
    // 255 is never a class id (a padded border's fill, as the datasets read it) whatever
    // data.ignore_index names besides: clamped, it was learnt as the last class.
    const torch::Tensor valid = ((ids != ignoreIndex) & (ids != 255)).unsqueeze(1); // (N,1,H,W)
    torch::Tensor target;
    if (numClasses == 1) {
        target = ids.clamp(0, 1).unsqueeze(1).to(logits.dtype());
    } else {
        target = F::one_hot(ids.clamp(0, numClasses - 1), numClasses).permute({0, 3, 1, 2}).to(logits.dtype());
    }
    const torch::Tensor perPixel =
        F::binary_cross_entropy_with_logits(logits, target, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
    const torch::Tensor weight = valid.to(logits.dtype()).expand_as(perPixel);
    return (perPixel * weight).sum() / weight.sum().clamp_min(1.0);
}

torch::Tensor SearchStep::taskLoss(const torch::Tensor &logits, const StepInput &target) const
{
    if (settings_.task == Task::Classification)
        return F::cross_entropy(logits, target.labels);
    return segmentationLoss(logits, target.masks, settings_.numClasses, settings_.ignoreIndex);
}

void SearchStep::setDiscriminatorTrainable(bool trainable)
{
    for (auto &parameter : discriminator_->parameters())
        parameter.set_requires_grad(trainable);
}

StepInput sliceOf(const StepInput &input, int64_t begin, int64_t end)
{
    StepInput part;
    part.images = input.images.slice(0, begin, end);
    if (input.labels.defined())
        part.labels = input.labels.slice(0, begin, end);
    if (input.masks.defined())
        part.masks = input.masks.slice(0, begin, end);
    return part;
}

StepLosses SearchStep::run(const StepInput &input)
{
    const int64_t half = input.images.size(0) / 2;
    const StepInput a = sliceOf(input, 0, half);                         // to be augmented
    const StepInput n = sliceOf(input, half, 2 * half);                  // kept as is
    const torch::Tensor real = discriminatorInput_(n.images);

    // Discriminator update: task loss on real images, critic terms, gradient penalty.
    setDiscriminatorTrainable(true);
    discriminatorOptimizer_.zero_grad();
    const DiscriminatorOutput realOut = discriminator_->forward(real);
    const torch::Tensor lossTask = settings_.taskFactor * taskLoss(realOut.logits, n);
    const torch::Tensor dReal = realOut.realness.mean();

    torch::Tensor augmented;
    {
        torch::NoGradGuard noGrad;
        PolicyThreadScope policyThreads(a.images);
        augmented = discriminatorInput_(policy_->forward(a.images).images);
    }
    const torch::Tensor dAugmented = discriminator_->forward(augmented).realness.mean();

    const torch::Tensor alpha = torch::rand({half, 1, 1, 1}, real.options());
    const torch::Tensor interpolated = (alpha * real + (1 - alpha) * augmented).detach().requires_grad_(true);
    const torch::Tensor dInterpolated = discriminator_->forward(interpolated).realness;
    const torch::Tensor gradient = torch::autograd::grad({dInterpolated.sum()}, {interpolated}, {},
                                                         /*retain_graph=*/true, /*create_graph=*/true)[0];
    const torch::Tensor gp = settings_.gpFactor * (gradient.norm(2, 1) - 1).pow(2).mean();

    const torch::Tensor discriminatorTotal = lossTask - dReal + dAugmented + gp;
    discriminatorTotal.backward();
    if (gradientSync_)
        gradientSync_(discriminator_->parameters());
    discriminatorOptimizer_.step();

    // Policy update through the frozen discriminator.
    setDiscriminatorTrainable(false);
    policyOptimizer_.zero_grad();
    PolicyOutput policyOut;
    {
        PolicyThreadScope policyThreads(a.images);
        policyOut = policy_->forward(a.images, a.masks);
    }
    const DiscriminatorOutput judged = discriminator_->forward(discriminatorInput_(policyOut.images));
    StepInput augmentedTarget = a;
    if (policyOut.masks.defined())
        augmentedTarget.masks = policyOut.masks;
    const torch::Tensor lossTask2 = settings_.taskFactor * taskLoss(judged.logits, augmentedTarget);
    const torch::Tensor aMean = judged.realness.mean();
    // Backward in two legs: through the discriminator (and the normalisation) to the
    // augmented images with every thread, then through the policy on its own share of them.
    const torch::Tensor imageGradient =
        torch::autograd::grad({lossTask2 - aMean}, {policyOut.images})[0];
    {
        PolicyThreadScope policyThreads(a.images);
        policyOut.images.backward(imageGradient);
    }
    if (gradientSync_)
        gradientSync_(policy_->parameters());
    policyOptimizer_.step();
    setDiscriminatorTrainable(true);

    StepLosses losses;
    losses.loss = lossTask.item<double>() + lossTask2.item<double>();
    losses.dLoss = (-dReal + dAugmented + gp).item<double>();
    losses.aLoss = -aMean.item<double>();
    return losses;
}

} // namespace augstudio
