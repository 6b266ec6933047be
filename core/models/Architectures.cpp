#include "models/Architectures.h"

#include <algorithm>
#include <cstdio>

namespace augstudio {

namespace {

bool contains(const std::vector<std::string> &names, const std::string &name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool isResNet(const std::string &name)
{
    return contains({"resnet18", "resnet34", "resnet50", "resnet101", "wide_resnet50_2", "wide_resnet101_2"}, name);
}

} // namespace

std::vector<std::string> supportedArchitectures(Task task)
{
    if (task == Task::Classification)
        return {"resnet18", "resnet34", "resnet50", "resnet101", "wide_resnet50_2", "wide_resnet101_2",
                "wrn_28_10", "wrn_40_2"};
    return {"Unet", "FPN", "DeepLabV3Plus"};
}

std::vector<std::string> supportedEncoders()
{
    return {"resnet18", "resnet34", "resnet50"};
}

std::optional<WideResNetShape> parseWideResNet(const std::string &name)
{
    int depth = 0, width = 0;
    char tail = 0;
    if (std::sscanf(name.c_str(), "wrn_%d_%d%c", &depth, &width, &tail) != 2)
        return std::nullopt;
    // Zagoruyko & Komodakis: three groups of (depth - 4) / 6 blocks of two convolutions.
    if (depth < 10 || (depth - 4) % 6 != 0 || width < 1 || width > 16)
        return std::nullopt;
    if (name != "wrn_" + std::to_string(depth) + "_" + std::to_string(width))
        return std::nullopt; // no leading zeros or signs
    return WideResNetShape{depth, width};
}

bool isSupportedArchitecture(Task task, const std::string &name)
{
    if (task == Task::Classification)
        return isResNet(name) || parseWideResNet(name).has_value();
    return contains(supportedArchitectures(task), name);
}

bool isSupportedEncoder(const std::string &name)
{
    return contains(supportedEncoders(), name);
}

int minimumInputSize(Task task, const ModelConfig &model, int imagesPerPass)
{
    // Stride of the deepest features; see the rule in the header.
    int stride = 32;
    if (task == Task::Classification && parseWideResNet(model.architecture))
        stride = 4;
    else if (task == Task::SemanticSegmentation && model.architecture == "DeepLabV3Plus")
        stride = 16;
    if (imagesPerPass == 1 || imagesPerPass == 2)
        return stride + 1;
    return stride / 2 + 1;
}

std::optional<ModelSubstitute> substituteForPythonClass(Task task, const std::string &target)
{
    const std::string name = target.substr(target.rfind('.') == std::string::npos ? 0 : target.rfind('.') + 1);
    if (task == Task::Classification) {
        // AutoAlbument's CIFAR-10 and SVHN examples (examples/*/model.py): WideResNet-28-10.
        if (name == "Cifar10ClassificationModel" || name == "SVHNClassificationModel")
            return ModelSubstitute{"wrn_28_10", "", "WRN-28-10 with the discriminator head"};
    }
    return std::nullopt;
}

} // namespace augstudio
