#pragma once

// torchvision's ResNet-18/34/50/101 without its classifier: the encoder of every built-in
// ResNet model. Module names follow torchvision inside the layers (layer1.0.conv1, ...,
// downsample.0/1) so that its state dicts map onto ours by a prefix (models/WeightsLoader).

#include <torch/torch.h>

#include <vector>

namespace augstudio {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding,
                       int64_t dilation = 1);

class BasicBlockImpl : public torch::nn::Module
{
public:
    BasicBlockImpl(int64_t in, int64_t planes, int64_t stride, int64_t dilation);
    torch::Tensor forward(const torch::Tensor &x);
    static constexpr int64_t kExpansion = 1;

private:
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::BatchNorm2d bn2{nullptr};
    torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

// torchvision's v1.5 bottleneck: the stride on the 3×3 convolution.
class BottleneckImpl : public torch::nn::Module
{
public:
    BottleneckImpl(int64_t in, int64_t planes, int64_t stride, int64_t dilation, int64_t widthFactor);
    torch::Tensor forward(const torch::Tensor &x);
    static constexpr int64_t kExpansion = 4;

private:
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::BatchNorm2d bn2{nullptr};
    torch::nn::Conv2d conv3{nullptr};
    torch::nn::BatchNorm2d bn3{nullptr};
    torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(Bottleneck);

struct ResNetSpec {
    int depth = 18;          // 18 | 34 | 50 | 101
    int64_t widthFactor = 1; // 2: wide_resnet50_2 / wide_resnet101_2 (bottleneck inner width ×2)
};

// Known depths and names: resnet18, resnet34, resnet50, resnet101, wide_resnet50_2,
// wide_resnet101_2. False for anything else.
bool resnetSpecFor(const std::string &name, ResNetSpec &spec);

// On images of `inputChannels` channels (3, or 1 for a grey search: only the stem differs).
// forward() returns the features after the stem (1/2, 64 ch), layer1 (1/4), layer2 (1/8),
// layer3 (1/16) and layer4 (1/32, or 1/16 with `dilateLast`: segmentation_models_pytorch's
// output stride 16, stride 1 and dilation 2 in every layer4 convolution).
class ResNetEncoderImpl : public torch::nn::Module
{
public:
    ResNetEncoderImpl(ResNetSpec spec, int64_t inputChannels = 3, bool dilateLast = false);
    std::vector<torch::Tensor> forward(const torch::Tensor &images);
    // Channels of the five feature maps forward() returns.
    const std::vector<int64_t> &channels() const { return channels_; }

private:
    torch::nn::Sequential stem{nullptr};
    std::vector<torch::nn::Sequential> layers;
    std::vector<int64_t> channels_;
};
TORCH_MODULE(ResNetEncoder);

} // namespace augstudio
