#pragma once

// What the built-in models are and accept, without LibTorch (the models themselves are
// in Discriminator.h).

#include "config/SearchConfig.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

// Names a config may give (AutoAlbument's and timm's / segmentation_models_pytorch's
// spelling). Wide-ResNets are `wrn_<depth>_<width>` for any depth 6n + 4 (the two listed
// are the usual ones).
std::vector<std::string> supportedArchitectures(Task task);
std::vector<std::string> supportedEncoders();
bool isSupportedArchitecture(Task task, const std::string &name);
bool isSupportedEncoder(const std::string &name);

// Depth and width of `wrn_<depth>_<width>`, or nothing.
struct WideResNetShape {
    int depth = 0;
    int width = 0;
};
std::optional<WideResNetShape> parseWideResNet(const std::string &name);

// The smallest shorter side, in pixels, an image may have for `model` when the discriminator
// sees `imagesPerPass` images at once (half the batch; 0 = unknown, taken as 3 or more).
//
// The rule: a model whose deepest features are at stride S (the product of its stride-2
// layers) needs S/2 + 1 px. Every stride-2 layer is padded and maps n px to ceil(n/2), so
// such an image still has 2 px when it enters the last downsampling; smaller ones would have
// their deepest stages compute on one pixel of mostly padding, the same whatever the image
// shows. Adaptive average pooling then takes any size. Torchvision ResNets (S = 32) and the
// U-Net and FPN on them accept 17 px (so 28×28 MNIST runs as it is), DeepLabV3Plus (output
// stride 16) 9 px, Wide-ResNets (S = 4) 3 px.
// BatchNorm adds one condition: it normalises two values per channel to ±1 whatever they
// were, which passes no gradient (and the gradient penalty's norm of zero is NaN). The
// deepest maps above are 1×1, so with 1 or 2 images a pass they must be 2×2: S + 1 px.
int minimumInputSize(Task task, const ModelConfig &model, int imagesPerPass = 0);

// The trainable parameters of the model `config` builds, heads included. Defined in the
// engine library (it builds the model): only for code that links augstudio_engine. With
// `weightsWarnings`, its weights file (if any) is loaded too, as the search would: what
// does not fit throws, naming the file, and what starts from random weights is added there.
int64_t modelParameterCount(const ModelConfig &config, Task task, int numClasses, int inputChannels = 3,
                            std::vector<std::string> *weightsWarnings = nullptr);

// A Python model class named by a config's `_target_` that a built-in model stands for:
// AutoAlbument's own examples (model.Cifar10ClassificationModel and
// model.SVHNClassificationModel are WRN-28-10 with the discriminator head). Matched by the
// class name, the module path left out.
struct ModelSubstitute {
    std::string architecture;
    std::string encoder;      // segmentation only
    std::string description;  // for the warning, e.g. "WRN-28-10 with the discriminator head"
};
std::optional<ModelSubstitute> substituteForPythonClass(Task task, const std::string &target);

} // namespace augstudio
