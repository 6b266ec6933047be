#pragma once

// The task model that doubles as the discriminator (faa-reference §4): a backbone, a task
// head (class logits, or per-pixel logits for segmentation) and a real/augmented head.

#include "config/SearchConfig.h"
#include "models/Architectures.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace augstudio {

struct DiscriminatorOutput {
    torch::Tensor logits;    // (N, classes) or (N, classes, H, W)
    torch::Tensor realness;  // (N, 1): the discriminator head
};

class DiscriminatorImpl : public torch::nn::Module
{
public:
    virtual DiscriminatorOutput forward(const torch::Tensor &images) = 0;
    // The smallest shorter image side for `imagesPerPass` images a pass (models/Architectures.h).
    int minimumInputSize(int imagesPerPass = 0) const
    {
        return augstudio::minimumInputSize(task_, config_, imagesPerPass);
    }
    void describe(Task task, const ModelConfig &config)
    {
        task_ = task;
        config_ = config;
    }

private:
    Task task_ = Task::Classification;
    ModelConfig config_;
};

// Builds the model named by the config for images of `inputChannels` channels (3, or 1 for
// a grey search: only the first convolution differs); throws std::invalid_argument listing
// the supported architectures for an unknown one, or for another channel count. Loads
// config.weightsPath when set (models/WeightsLoader.h): what it could not load is an
// std::invalid_argument naming the key and the file; what it left at random init, and a
// `pretrained` model without a file, add lines to `warnings` when given.
std::shared_ptr<DiscriminatorImpl> makeDiscriminator(const ModelConfig &config, Task task, int numClasses,
                                                     int inputChannels = 3,
                                                     std::vector<std::string> *warnings = nullptr);

// Shared head: Linear(f→f) · ReLU · Linear(f→1).
torch::nn::Sequential discriminatorHead(int64_t features);

// Bilinear resize of NCHW features to height × width (the input itself when it already has
// that size), as the segmentation decoders upsample to their skip features and the image.
torch::Tensor resizedTo(const torch::Tensor &x, int64_t height, int64_t width, bool alignCorners);

} // namespace augstudio
