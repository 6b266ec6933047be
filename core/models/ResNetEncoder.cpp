#include "models/ResNetEncoder.h"

namespace nn = torch::nn;

namespace augstudio {

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation)
{
    return nn::Conv2d(
        nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).dilation(dilation).bias(false));
}

static nn::Sequential downsampleFor(int64_t in, int64_t out, int64_t stride)
{
    if (stride == 1 && in == out)
        return nullptr;
    return nn::Sequential(conv(in, out, 1, stride, 0), nn::BatchNorm2d(out));
}

BasicBlockImpl::BasicBlockImpl(int64_t in, int64_t planes, int64_t stride, int64_t dilation)
    : conv1(register_module("conv1", conv(in, planes, 3, stride, dilation, dilation))),
      bn1(register_module("bn1", nn::BatchNorm2d(planes))),
      conv2(register_module("conv2", conv(planes, planes, 3, 1, dilation, dilation))),
      bn2(register_module("bn2", nn::BatchNorm2d(planes)))
{
    if (auto shortcut = downsampleFor(in, planes, stride))
        downsample = register_module("downsample", shortcut);
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor &x)
{
    torch::Tensor y = torch::relu(bn1(conv1(x)));
    y = bn2(conv2(y));
    return torch::relu(y + (downsample ? downsample->forward(x) : x));
}

BottleneckImpl::BottleneckImpl(int64_t in, int64_t planes, int64_t stride, int64_t dilation, int64_t widthFactor)
{
    const int64_t width = planes * widthFactor;
    const int64_t out = planes * kExpansion;
    conv1 = register_module("conv1", conv(in, width, 1, 1, 0));
    bn1 = register_module("bn1", nn::BatchNorm2d(width));
    conv2 = register_module("conv2", conv(width, width, 3, stride, dilation, dilation));
    bn2 = register_module("bn2", nn::BatchNorm2d(width));
    conv3 = register_module("conv3", conv(width, out, 1, 1, 0));
    bn3 = register_module("bn3", nn::BatchNorm2d(out));
    if (auto shortcut = downsampleFor(in, out, stride))
        downsample = register_module("downsample", shortcut);
}

torch::Tensor BottleneckImpl::forward(const torch::Tensor &x)
{
    torch::Tensor y = torch::relu(bn1(conv1(x)));
    y = torch::relu(bn2(conv2(y)));
    y = bn3(conv3(y));
    return torch::relu(y + (downsample ? downsample->forward(x) : x));
}

bool resnetSpecFor(const std::string &name, ResNetSpec &spec)
{
    struct Known {
        const char *name;
        ResNetSpec spec;
    };
    static const Known known[] = {{"resnet18", {18, 1}},        {"resnet34", {34, 1}},
                                  {"resnet50", {50, 1}},        {"resnet101", {101, 1}},
                                  {"wide_resnet50_2", {50, 2}}, {"wide_resnet101_2", {101, 2}}};
    for (const auto &entry : known)
        if (name == entry.name) {
            spec = entry.spec;
            return true;
        }
    return false;
}

ResNetEncoderImpl::ResNetEncoderImpl(ResNetSpec spec, int64_t inputChannels, bool dilateLast)
{
    // torchvision's blocks per layer.
    std::vector<int> blocks;
    switch (spec.depth) {
    case 18: blocks = {2, 2, 2, 2}; break;
    case 34: blocks = {3, 4, 6, 3}; break;
    case 50: blocks = {3, 4, 6, 3}; break;
    case 101: blocks = {3, 4, 23, 3}; break;
    default: throw std::invalid_argument("no ResNet of depth " + std::to_string(spec.depth));
    }
    const bool bottleneck = spec.depth >= 50;
    stem = register_module("stem",
                           nn::Sequential(conv(inputChannels, 64, 7, 2, 3), nn::BatchNorm2d(64), nn::ReLU(true)));
    channels_.push_back(64);
    const int64_t planes[] = {64, 128, 256, 512};
    int64_t in = 64;
    for (int i = 0; i < 4; ++i) {
        const bool dilated = dilateLast && i == 3;
        const int64_t stride = i == 0 || dilated ? 1 : 2;
        const int64_t dilation = dilated ? 2 : 1;
        nn::Sequential layer;
        for (int b = 0; b < blocks[i]; ++b) {
            const int64_t blockStride = b == 0 ? stride : 1;
            if (bottleneck) {
                layer->push_back(Bottleneck(in, planes[i], blockStride, dilation, spec.widthFactor));
                in = planes[i] * BottleneckImpl::kExpansion;
            } else {
                layer->push_back(BasicBlock(in, planes[i], blockStride, dilation));
                in = planes[i];
            }
        }
        layers.push_back(register_module("layer" + std::to_string(i + 1), layer));
        channels_.push_back(in);
    }
}

std::vector<torch::Tensor> ResNetEncoderImpl::forward(const torch::Tensor &images)
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
