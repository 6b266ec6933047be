#pragma once

// The configs AugStudio starts from: AutoAlbument's defaults, the same as commented YAML,
// and a small CPU-friendly config for the Fashion-MNIST sample.

#include "config/SearchConfig.h"

#include <string>

namespace augstudio {

// AutoAlbument's defaults, which an empty search.yaml gives. Differences: trainer.device is
// cpu (AutoAlbument: gpus 1) and data.dataloader.num_workers is 2 (AutoAlbument: 8).
SearchConfig defaultConfig();

// defaultConfig() as a commented search.yaml, for the GUI's editor and `augstudio-cli init`.
// parseConfig() on it gives defaultConfig() with no notes.
const std::string &defaultConfigYaml();

// Fashion-MNIST (IDX files in `fashionMnistRoot`) at 32x32: 2000 images, 10 sub-policies,
// batch 32, resnet18, 20 epochs on the CPU.
SearchConfig sampleConfig(const std::string &fashionMnistRoot);

} // namespace augstudio
