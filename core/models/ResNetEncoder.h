#pragma once

// ResNet-18 building blocks shared by the classifier and the U-Net encoder.

#include <torch/torch.h>

#include <vector>

namespace augstudio {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding);

class BasicBlockImpl : public torch::nn::Module
{
public:
    BasicBlockImpl(int64_t in, int64_t out, int64_t stride);
    torch::Tensor forward(const torch::Tensor &x);

private:
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::BatchNorm2d bn2{nullptr};
    torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

// torchvision/timm ResNet-18 without its classifier, on images of `inputChannels` channels
// (3, or 1 for a grey search). forward() returns the features after the stem (1/2, 64 ch),
// layer1 (1/4, 64), layer2 (1/8, 128), layer3 (1/16, 256) and layer4 (1/32, 512).
class ResNet18EncoderImpl : public torch::nn::Module
{
public:
    explicit ResNet18EncoderImpl(int64_t inputChannels = 3);
    std::vector<torch::Tensor> forward(const torch::Tensor &images);

private:
    torch::nn::Sequential stem{nullptr};
    std::vector<torch::nn::Sequential> layers;
};
TORCH_MODULE(ResNet18Encoder);

} // namespace augstudio
