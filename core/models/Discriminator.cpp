#include "models/Discriminator.h"

#include "models/WeightsLoader.h"

#include <filesystem>
#include <stdexcept>

namespace augstudio {

std::shared_ptr<DiscriminatorImpl> makeClassificationModel(const std::string &architecture, int numClasses,
                                                           int inputChannels);
std::shared_ptr<DiscriminatorImpl> makeSegmentationModel(const std::string &architecture,
                                                         const std::string &encoder, int numClasses,
                                                         int inputChannels);

torch::nn::Sequential discriminatorHead(int64_t features)
{
    return torch::nn::Sequential(torch::nn::Linear(features, features), torch::nn::ReLU(true),
                                 torch::nn::Linear(features, 1));
}

static std::string joined(const std::vector<std::string> &names)
{
    std::string text;
    for (const auto &name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

std::shared_ptr<DiscriminatorImpl> makeDiscriminator(const ModelConfig &config, Task task, int numClasses,
                                                     int inputChannels, std::vector<std::string> *warnings)
{
    if (inputChannels != 1 && inputChannels != 3)
        throw std::invalid_argument("models take images of 1 or 3 channels, got " + std::to_string(inputChannels));
    std::shared_ptr<DiscriminatorImpl> model;
    if (task == Task::Classification) {
        model = makeClassificationModel(config.architecture, numClasses, inputChannels);
        if (!model)
            throw std::invalid_argument("classification_model.architecture: '" + config.architecture
                                        + "' is not available (supported: " + joined(supportedArchitectures(task)) + ")");
    } else {
        model = makeSegmentationModel(config.architecture, config.encoderArchitecture, numClasses, inputChannels);
        if (!model)
            throw std::invalid_argument("semantic_segmentation_model: '" + config.architecture + "' with encoder '"
                                        + config.encoderArchitecture + "' is not available (supported: "
                                        + joined(supportedArchitectures(task)) + " with " + joined(supportedEncoders())
                                        + ")");
    }
    model->describe(task, config);
    if (!config.weightsPath.empty()) {
        if (!std::filesystem::exists(config.weightsPath))
            throw std::invalid_argument("model weights file not found: " + config.weightsPath);
        std::vector<std::string> notes;
        try {
            loadWeights(*model, config.weightsPath, notes);
        } catch (const c10::Error &error) {
            // A colour model's first convolution does not fit a grey search, nor the reverse.
            throw std::invalid_argument("cannot load model weights from " + config.weightsPath + " into a model for "
                                        + std::to_string(inputChannels) + "-channel images: "
                                        + error.what_without_backtrace());
        }
        if (warnings)
            warnings->insert(warnings->end(), notes.begin(), notes.end());
    }
    return model;
}

int64_t modelParameterCount(const ModelConfig &config, Task task, int numClasses, int inputChannels,
                            std::vector<std::string> *weightsWarnings)
{
    ModelConfig built = config;
    if (!weightsWarnings)
        built.weightsPath.clear();
    int64_t count = 0;
    for (const auto &parameter : makeDiscriminator(built, task, numClasses, inputChannels, weightsWarnings)->parameters())
        count += parameter.numel();
    return count;
}

} // namespace augstudio
