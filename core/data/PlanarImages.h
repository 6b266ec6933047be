// Square RGB images held in memory as planes, the red, the green and the blue, with their
// labels: CIFAR's batches, SVHN's arrays and STL-10's files, each read whole.
#pragma once

#include "data/DatasetLayouts.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace augstudio {

// One file's images: imageBytes() an image, each plane row by row (CIFAR) or, as MATLAB keeps
// arrays, column by column (SVHN, STL-10).
struct PlanarBatch
{
    std::string name;   // "data_batch_1": the items are "data_batch_1 #0", ...
    std::string pixels;
    std::vector<int> labels;
    bool columnMajor = false;
    int side = 32;      // CIFAR's and SVHN's; STL-10's 96

    std::size_t imageBytes() const { return std::size_t(side) * side * 3; }
};

// The dataset of `batches`' images in `layout`, data.dataset.limit's subset of them, its class
// count resolved from `classes` (`found` says where they come from: "10 class names in
// batches.meta"; `dir` is the folder read).
std::unique_ptr<Dataset> planarImagesDataset(DatasetLayout layout, const OpenRequest &request,
                                             std::vector<PlanarBatch> batches, std::vector<std::string> classes,
                                             const std::string &found, const std::string &dir);

} // namespace augstudio
