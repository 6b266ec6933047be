// DeepLabV3+ (Chen et al. 2018) as segmentation_models_pytorch builds it, the model of
// AutoAlbument's Pascal VOC and Cityscapes examples: a ResNet encoder at output stride 16
// (layer4 dilated), atrous spatial pyramid pooling with separable convolutions at rates
// 12, 24, 36, and a decoder that joins the ASPP output with the 1/4 features.

#include "models/Discriminator.h"
#include "models/ResNetEncoder.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace augstudio {

namespace {

// smp's SeparableConv2d (a depthwise convolution, then a pointwise one), BN, ReLU.
nn::Sequential separableBnRelu(int64_t in, int64_t out, int64_t dilation)
{
    return nn::Sequential(
        nn::Conv2d(nn::Conv2dOptions(in, in, 3).padding(dilation).dilation(dilation).groups(in).bias(false)),
        nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(false)), nn::BatchNorm2d(out), nn::ReLU(true));
}

nn::Sequential pointwiseBnRelu(int64_t in, int64_t out)
{
    return nn::Sequential(conv(in, out, 1, 1, 0), nn::BatchNorm2d(out), nn::ReLU(true));
}

class AsppImpl : public nn::Module
{
public:
    AsppImpl(int64_t in, int64_t out)
    {
        branches.push_back(register_module("b0", pointwiseBnRelu(in, out)));
        const int64_t rates[] = {12, 24, 36};
        for (int i = 0; i < 3; ++i)
            branches.push_back(register_module("b" + std::to_string(i + 1), separableBnRelu(in, out, rates[i])));
        // Image pooling: BatchNorm on 1×1 maps, so it needs two or more images a batch.
        pooling = register_module("pooling", pointwiseBnRelu(in, out));
        project = register_module("project", pointwiseBnRelu(5 * out, out));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        std::vector<torch::Tensor> outputs;
        for (auto &branch : branches)
            outputs.push_back(branch->forward(x));
        const torch::Tensor pooled = pooling->forward(torch::adaptive_avg_pool2d(x, {1, 1}));
        outputs.push_back(resizedTo(pooled, x.size(2), x.size(3), false));
        const torch::Tensor projected = project->forward(torch::cat(outputs, 1));
        return F::dropout(projected, F::DropoutFuncOptions().p(0.5).training(is_training()));
    }

    std::vector<nn::Sequential> branches;
    nn::Sequential pooling{nullptr};
    nn::Sequential project{nullptr};
};
TORCH_MODULE(Aspp);

class DeepLabV3PlusImpl : public DiscriminatorImpl
{
public:
    DeepLabV3PlusImpl(ResNetSpec spec, int64_t numClasses, int64_t inputChannels)
        : encoder(register_module("encoder", ResNetEncoder(spec, inputChannels, /*dilateLast=*/true)))
    {
        const auto &c = encoder->channels();
        discriminator = register_module("discriminator", discriminatorHead(c[4]));
        aspp = register_module("aspp", Aspp(c[4], 256));
        asppOut = register_module("aspp_out", separableBnRelu(256, 256, 1));
        highRes = register_module("block1", pointwiseBnRelu(c[1], 48));
        fuse = register_module("block2", separableBnRelu(256 + 48, 256, 1));
        head = register_module("head", nn::Conv2d(nn::Conv2dOptions(256, numClasses, 1)));
    }

    DiscriminatorOutput forward(const torch::Tensor &images) override
    {
        const auto f = encoder->forward(images); // 1/2, 1/4, 1/8, 1/16, 1/16
        const torch::Tensor fine = highRes->forward(f[1]);
        torch::Tensor x = asppOut->forward(aspp->forward(f[4]));
        x = resizedTo(x, fine.size(2), fine.size(3), true); // smp: ×4, align_corners
        x = fuse->forward(torch::cat({x, fine}, 1));
        const torch::Tensor logits = resizedTo(head(x), images.size(2), images.size(3), true);
        const torch::Tensor pooled = torch::adaptive_avg_pool2d(f[4], {1, 1}).flatten(1);
        return {logits, discriminator->forward(pooled)};
    }

    ResNetEncoder encoder;
    Aspp aspp{nullptr};
    nn::Sequential asppOut{nullptr};
    nn::Sequential highRes{nullptr};
    nn::Sequential fuse{nullptr};
    nn::Conv2d head{nullptr};
    nn::Sequential discriminator{nullptr};
};

} // namespace

std::shared_ptr<DiscriminatorImpl> makeDeepLabV3Plus(ResNetSpec spec, int64_t numClasses, int64_t inputChannels)
{
    return std::make_shared<DeepLabV3PlusImpl>(spec, numClasses, inputChannels);
}

} // namespace augstudio
