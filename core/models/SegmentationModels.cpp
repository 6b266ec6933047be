// U-Net and FPN on a ResNet encoder as segmentation_models_pytorch builds them (AutoAlbument's
// default is U-Net on resnet18), with the discriminator head on the deepest encoder features.
// Upsampling goes to the size of the skip features rather than by a fixed ×2, so that sizes
// that are not multiples of 32 work.

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
    UnetImpl(ResNetSpec spec, int64_t numClasses, int64_t inputChannels)
        : encoder(register_module("encoder", ResNetEncoder(spec, inputChannels)))
    {
        const auto &c = encoder->channels(); // 1/2 .. 1/32
        discriminator = register_module("discriminator", discriminatorHead(c[4]));
        // smp's decoder_channels (256, 128, 64, 32, 16): (input, skip, output), deepest first.
        const int64_t plan[][3] = {{c[4], c[3], 256}, {256, c[2], 128}, {128, c[1], 64}, {64, c[0], 32}, {32, 0, 16}};
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
        x = resizedTo(x, images.size(2), images.size(3), false);
        const torch::Tensor pooled = torch::adaptive_avg_pool2d(features[4], {1, 1}).flatten(1);
        return {head(x), discriminator->forward(pooled)};
    }

    ResNetEncoder encoder;
    std::vector<DecoderBlock> decoder;
    nn::Conv2d head{nullptr};
    nn::Sequential discriminator{nullptr};
};

// smp's Conv3x3GNReLU: 3×3 conv, GroupNorm(32), ReLU.
nn::Sequential convGroupNorm(int64_t in, int64_t out)
{
    return nn::Sequential(conv(in, out, 3, 1, 1), nn::GroupNorm(32, out), nn::ReLU(true));
}

// FPN (Lin et al.) as smp's FPNDecoder: pyramid_channels 256, segmentation_channels 128,
// merge "add", dropout 0.2; the head a 1×1 conv at 1/4 upsampled to the image.
class FpnImpl : public DiscriminatorImpl
{
public:
    FpnImpl(ResNetSpec spec, int64_t numClasses, int64_t inputChannels)
        : encoder(register_module("encoder", ResNetEncoder(spec, inputChannels)))
    {
        const auto &c = encoder->channels();
        discriminator = register_module("discriminator", discriminatorHead(c[4]));
        p5 = register_module("p5", nn::Conv2d(nn::Conv2dOptions(c[4], 256, 1)));
        lateral4 = register_module("p4", nn::Conv2d(nn::Conv2dOptions(c[3], 256, 1)));
        lateral3 = register_module("p3", nn::Conv2d(nn::Conv2dOptions(c[2], 256, 1)));
        lateral2 = register_module("p2", nn::Conv2d(nn::Conv2dOptions(c[1], 256, 1)));
        // One segmentation block per level, p5 first: 3, 2, 1 and 0 upsamplings to 1/4.
        for (int level = 0; level < 4; ++level) {
            std::vector<nn::Sequential> stages;
            const int count = std::max(1, 3 - level);
            for (int k = 0; k < count; ++k)
                stages.push_back(register_module("seg" + std::to_string(level) + "_" + std::to_string(k),
                                                 convGroupNorm(k == 0 ? 256 : 128, 128)));
            segmentation.push_back(stages);
        }
        head = register_module("head", nn::Conv2d(nn::Conv2dOptions(128, numClasses, 1)));
    }

    DiscriminatorOutput forward(const torch::Tensor &images) override
    {
        const auto f = encoder->forward(images);
        auto topDown = [](const torch::Tensor &upper, const torch::Tensor &lateral) {
            return F::interpolate(upper, F::InterpolateFuncOptions()
                                             .size(std::vector<int64_t>{lateral.size(2), lateral.size(3)})
                                             .mode(torch::kNearest))
                   + lateral;
        };
        const torch::Tensor l5 = p5(f[4]);
        const torch::Tensor l4 = topDown(l5, lateral4(f[3]));
        const torch::Tensor l3 = topDown(l4, lateral3(f[2]));
        const torch::Tensor l2 = topDown(l3, lateral2(f[1]));
        const torch::Tensor levels[] = {l5, l4, l3, l2};
        // The sizes each upsampling goes to, from 1/16 down to 1/4.
        const torch::Tensor targets[] = {l4, l3, l2};
        torch::Tensor merged;
        for (int level = 0; level < 4; ++level) {
            torch::Tensor x = levels[level];
            auto &stages = segmentation[level];
            for (size_t k = 0; k < stages.size(); ++k) {
                x = stages[k]->forward(x);
                if (level < 3) {
                    const torch::Tensor &target = targets[level + k];
                    x = resizedTo(x, target.size(2), target.size(3), true);
                }
            }
            merged = merged.defined() ? merged + x : x;
        }
        merged = F::dropout2d(merged, F::Dropout2dFuncOptions().p(0.2).training(is_training()));
        const torch::Tensor logits = resizedTo(head(merged), images.size(2), images.size(3), true);
        const torch::Tensor pooled = torch::adaptive_avg_pool2d(f[4], {1, 1}).flatten(1);
        return {logits, discriminator->forward(pooled)};
    }

    ResNetEncoder encoder;
    nn::Conv2d p5{nullptr}, lateral4{nullptr}, lateral3{nullptr}, lateral2{nullptr};
    std::vector<std::vector<nn::Sequential>> segmentation;
    nn::Conv2d head{nullptr};
    nn::Sequential discriminator{nullptr};
};

} // namespace

std::shared_ptr<DiscriminatorImpl> makeDeepLabV3Plus(ResNetSpec spec, int64_t numClasses, int64_t inputChannels);

std::shared_ptr<DiscriminatorImpl> makeSegmentationModel(const std::string &architecture, const std::string &encoder,
                                                         int numClasses, int inputChannels)
{
    ResNetSpec spec;
    if (!isSupportedEncoder(encoder.empty() ? "resnet18" : encoder)
        || !resnetSpecFor(encoder.empty() ? "resnet18" : encoder, spec))
        return nullptr;
    if (architecture == "Unet")
        return std::make_shared<UnetImpl>(spec, numClasses, inputChannels);
    if (architecture == "FPN")
        return std::make_shared<FpnImpl>(spec, numClasses, inputChannels);
    if (architecture == "DeepLabV3Plus")
        return makeDeepLabV3Plus(spec, numClasses, inputChannels);
    return nullptr;
}

torch::Tensor resizedTo(const torch::Tensor &x, int64_t height, int64_t width, bool alignCorners)
{
    if (x.size(2) == height && x.size(3) == width)
        return x;
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{height, width})
                                 .mode(torch::kBilinear)
                                 .align_corners(alignCorners));
}

} // namespace augstudio
