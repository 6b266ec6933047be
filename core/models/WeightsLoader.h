#pragma once

// Loads a local weights file into a built-in model: a LibTorch archive of the model itself
// (torch::save), or a PyTorch state dict (models/StateDictReader.h) whose names are mapped
// onto ours: torchvision's and timm's ResNets (conv1, bn1, layer1.0.conv1, fc) and
// segmentation_models_pytorch's encoders (encoder.conv1, ...). Engine-only header.

#include <torch/torch.h>

#include <string>
#include <vector>

namespace augstudio {

// Throws std::invalid_argument naming the file and the key for a tensor that does not fit
// (another architecture) or a backbone tensor the file lacks. Adds to `warnings`: the
// modules left at random init (the discriminator head, always; the classifier when
// num_classes differs; a decoder a file of encoder weights lacks), the file's tensors that
// went unused, and a colour first convolution summed over its channels for a grey model.
void loadWeights(torch::nn::Module &model, const std::string &path, std::vector<std::string> &warnings);

// The name in our models of a state-dict key of torchvision, timm or smp; the key itself
// when it names none of theirs.
std::string mapTorchvisionName(const std::string &key);

} // namespace augstudio
