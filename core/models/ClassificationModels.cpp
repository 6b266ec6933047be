// torchvision's ResNets (and its wide_resnet50_2 / wide_resnet101_2) and the Wide-ResNets of
// Zagoruyko & Komodakis (WRN-40-2 of the Faster AutoAugment paper, WRN-28-10 of AutoAlbument's
// CIFAR-10 and SVHN examples), each with a classifier head and a discriminator head.

#include "models/Discriminator.h"
#include "models/ResNetEncoder.h"

#include <stdexcept>

namespace nn = torch::nn;

namespace augstudio {

namespace {

class ResNetImpl : public DiscriminatorImpl
{
public:
    ResNetImpl(ResNetSpec spec, int64_t numClasses, int64_t inputChannels)
        : encoder(register_module("encoder", ResNetEncoder(spec, inputChannels)))
    {
        const int64_t features = encoder->channels().back();
        classifier = register_module("classifier", nn::Linear(features, numClasses));
        discriminator = register_module("discriminator", discriminatorHead(features));
    }

    DiscriminatorOutput forward(const torch::Tensor &images) override
    {
        const torch::Tensor features = torch::adaptive_avg_pool2d(encoder->forward(images).back(), {1, 1}).flatten(1);
        return {classifier(features), discriminator->forward(features)};
    }

    ResNetEncoder encoder;
    nn::Linear classifier{nullptr};
    nn::Sequential discriminator{nullptr};
};

// Pre-activation wide block (Zagoruyko & Komodakis).
class WideBlockImpl : public nn::Module
{
public:
    WideBlockImpl(int64_t in, int64_t out, int64_t stride)
        : bn1(register_module("bn1", nn::BatchNorm2d(in))),
          conv1(register_module("conv1", conv(in, out, 3, stride, 1))),
          bn2(register_module("bn2", nn::BatchNorm2d(out))),
          conv2(register_module("conv2", conv(out, out, 3, 1, 1)))
    {
        if (stride != 1 || in != out)
            shortcut = register_module("shortcut", conv(in, out, 1, stride, 0));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        const torch::Tensor activated = torch::relu(bn1(x));
        torch::Tensor y = conv1(activated);
        y = conv2(torch::relu(bn2(y)));
        return y + (shortcut ? shortcut(activated) : x);
    }

    nn::BatchNorm2d bn1;
    nn::Conv2d conv1;
    nn::BatchNorm2d bn2;
    nn::Conv2d conv2;
    nn::Conv2d shortcut{nullptr};
};
TORCH_MODULE(WideBlock);

class WideResNetImpl : public DiscriminatorImpl
{
public:
    WideResNetImpl(int depth, int widen, int64_t numClasses, int64_t inputChannels)
    {
        const int blocks = (depth - 4) / 6;
        const int64_t widths[] = {16, 16 * widen, 32 * widen, 64 * widen};
        stem = register_module("stem", conv(inputChannels, widths[0], 3, 1, 1));
        int64_t in = widths[0];
        for (int group = 0; group < 3; ++group) {
            nn::Sequential layer;
            for (int b = 0; b < blocks; ++b) {
                layer->push_back(WideBlock(in, widths[group + 1], b == 0 && group > 0 ? 2 : 1));
                in = widths[group + 1];
            }
            groups.push_back(register_module("group" + std::to_string(group + 1), layer));
        }
        bn = register_module("bn", nn::BatchNorm2d(in));
        features = in;
        classifier = register_module("classifier", nn::Linear(in, numClasses));
        discriminator = register_module("discriminator", discriminatorHead(in));
    }

    DiscriminatorOutput forward(const torch::Tensor &images) override
    {
        torch::Tensor x = stem(images);
        for (auto &group : groups)
            x = group->forward(x);
        x = torch::relu(bn(x));
        const torch::Tensor pooled = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
        return {classifier(pooled), discriminator->forward(pooled)};
    }

    nn::Conv2d stem{nullptr};
    std::vector<nn::Sequential> groups;
    nn::BatchNorm2d bn{nullptr};
    int64_t features = 0;
    nn::Linear classifier{nullptr};
    nn::Sequential discriminator{nullptr};
};

} // namespace

std::shared_ptr<DiscriminatorImpl> makeClassificationModel(const std::string &architecture, int numClasses,
                                                           int inputChannels)
{
    ResNetSpec spec;
    if (resnetSpecFor(architecture, spec))
        return std::make_shared<ResNetImpl>(spec, numClasses, inputChannels);
    if (const auto shape = parseWideResNet(architecture))
        return std::make_shared<WideResNetImpl>(shape->depth, shape->width, numClasses, inputChannels);
    return nullptr;
}

} // namespace augstudio
