// 32 × 32 RGB images held in memory as planes, the red, the green and the blue, with their
// labels: CIFAR's batches and SVHN's arrays, each file read whole.
#pragma once

#include "data/DatasetLayouts.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace augstudio {

inline constexpr int kPlanarSide = 32;
inline constexpr std::size_t kPlanarImageBytes = std::size_t(kPlanarSide) * kPlanarSide * 3;

// One file's images: kPlanarImageBytes an image, each plane row by row (CIFAR) or, as MATLAB
// keeps arrays, column by column (SVHN).
struct PlanarBatch
{
    std::string name;   // "data_batch_1": the items are "data_batch_1 #0", ...
    std::string pixels;
    std::vector<int> labels;
    bool columnMajor = false;
};

// The dataset of `batches`' images in `layout`, data.dataset.limit's subset of them, its class
// count resolved from `classes` (`found` says where they come from: "10 class names in
// batches.meta"; `dir` is the folder read).
std::unique_ptr<Dataset> planarImagesDataset(DatasetLayout layout, const OpenRequest &request,
                                             std::vector<PlanarBatch> batches, std::vector<std::string> classes,
                                             const std::string &found, const std::string &dir);

} // namespace augstudio
