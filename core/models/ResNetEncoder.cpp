#include "models/ResNetEncoder.h"

namespace nn = torch::nn;

namespace augstudio {

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

BasicBlockImpl::BasicBlockImpl(int64_t in, int64_t out, int64_t stride)
    : conv1(register_module("conv1", conv(in, out, 3, stride, 1))),
      bn1(register_module("bn1", nn::BatchNorm2d(out))),
      conv2(register_module("conv2", conv(out, out, 3, 1, 1))),
      bn2(register_module("bn2", nn::BatchNorm2d(out)))
{
    if (stride != 1 || in != out)
        downsample = register_module("downsample", nn::Sequential(conv(in, out, 1, stride, 0), nn::BatchNorm2d(out)));
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor &x)
{
    torch::Tensor y = torch::relu(bn1(conv1(x)));
    y = bn2(conv2(y));
    return torch::relu(y + (downsample ? downsample->forward(x) : x));
}

ResNet18EncoderImpl::ResNet18EncoderImpl(int64_t inputChannels)
{
    stem = register_module("stem",
                           nn::Sequential(conv(inputChannels, 64, 7, 2, 3), nn::BatchNorm2d(64), nn::ReLU(true)));
    const int64_t widths[] = {64, 128, 256, 512};
    int64_t in = 64;
    for (int i = 0; i < 4; ++i) {
        nn::Sequential layer(BasicBlock(in, widths[i], i == 0 ? 1 : 2), BasicBlock(widths[i], widths[i], 1));
        layers.push_back(register_module("layer" + std::to_string(i + 1), layer));
        in = widths[i];
    }
}

std::vector<torch::Tensor> ResNet18EncoderImpl::forward(const torch::Tensor &images)
{
    std::vector<torch::Tensor> features;
    features.push_back(stem->forward(images));
    torch::Tensor x = torch::max_pool2d(features.back(), 3, 2, 1);
    for (auto &layer : layers) {
        x = layer->forward(x);
        features.push_back(x);
    }
    return features;
}

} // namespace augstudio
