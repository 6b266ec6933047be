// U-Net with a ResNet-18 encoder (the AutoAlbument default), with the discriminator head
// on the deepest encoder features.

#include "models/Discriminator.h"
#include "models/ResNetEncoder.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace augstudio {

namespace {

// Two 3×3 conv · BN · ReLU layers.
nn::Sequential doubleConv(int64_t in, int64_t out)
{
    return nn::Sequential(conv(in, out, 3, 1, 1), nn::BatchNorm2d(out), nn::ReLU(true), conv(out, out, 3, 1, 1),
                          nn::BatchNorm2d(out), nn::ReLU(true));
}

class DecoderBlockImpl : public nn::Module
{
public:
    DecoderBlockImpl(int64_t in, int64_t skip, int64_t out)
        : block(register_module("block", doubleConv(in + skip, out)))
    {
    }

    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &skip)
    {
        const auto size = skip.defined() ? std::vector<int64_t>{skip.size(2), skip.size(3)}
                                         : std::vector<int64_t>{x.size(2) * 2, x.size(3) * 2};
        torch::Tensor up = F::interpolate(x, F::InterpolateFuncOptions().size(size).mode(torch::kNearest));
        return block->forward(skip.defined() ? torch::cat({up, skip}, 1) : up);
    }

    nn::Sequential block;
};
TORCH_MODULE(DecoderBlock);

class UnetImpl : public DiscriminatorImpl
{
public:
    UnetImpl(int64_t numClasses, int64_t inputChannels)
        : encoder(register_module("encoder", ResNet18Encoder(inputChannels))),
          discriminator(register_module("discriminator", discriminatorHead(512)))
    {
        // (input channels, skip channels, output channels), deepest first.
        const int64_t plan[][3] = {{512, 256, 256}, {256, 128, 128}, {128, 64, 64}, {64, 64, 32}, {32, 0, 16}};
        for (int i = 0; i < 5; ++i)
            decoder.push_back(register_module("decoder" + std::to_string(i + 1),
                                              DecoderBlock(plan[i][0], plan[i][1], plan[i][2])));
        head = register_module("head", nn::Conv2d(nn::Conv2dOptions(16, numClasses, 3).padding(1)));
    }

    DiscriminatorOutput forward(const torch::Tensor &images) override
    {
        const auto features = encoder->forward(images); // 1/2, 1/4, 1/8, 1/16, 1/32
        torch::Tensor x = features[4];
        const torch::Tensor skips[] = {features[3], features[2], features[1], features[0], torch::Tensor()};
        for (int i = 0; i < 5; ++i)
            x = decoder[i]->forward(x, skips[i]);
        if (x.size(2) != images.size(2) || x.size(3) != images.size(3))
            x = F::interpolate(x, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{images.size(2), images.size(3)})
                                      .mode(torch::kBilinear)
                                      .align_corners(false));
        const torch::Tensor pooled = torch::adaptive_avg_pool2d(features[4], {1, 1}).flatten(1);
        return {head(x), discriminator->forward(pooled)};
    }

    ResNet18Encoder encoder;
    std::vector<DecoderBlock> decoder;
    nn::Conv2d head{nullptr};
    nn::Sequential discriminator;
};

} // namespace

std::shared_ptr<DiscriminatorImpl> makeSegmentationModel(const std::string &architecture, const std::string &encoder,
                                                         int numClasses, int inputChannels)
{
    if (architecture == "Unet" && (encoder.empty() || encoder == "resnet18"))
        return std::make_shared<UnetImpl>(numClasses, inputChannels);
    return nullptr;
}

} // namespace augstudio
