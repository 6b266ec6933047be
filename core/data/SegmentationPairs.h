#pragma once

// Internal to core/data: what the segmentation_pairs opener (SegmentationPairs.cpp), which
// pairs the files, hands the segmentation datasets (SegmentationDataset.cpp), which read the masks.

#include "data/DatasetLayouts.h"

#include <memory>
#include <string>
#include <vector>

namespace augstudio {

struct PairItem
{
    std::string image;
    std::string mask;
};

// "<file> has no <what>; left out", for the files of a pair whose other half is missing.
ListedWarning filesWithout(const std::string &what);

// The segmentation_pairs dataset of `items`: data.dataset.limit's subset, the masks read for
// their class count (class ids, binary masks, colour masks through their table), as said.
std::unique_ptr<Dataset> pairedSegmentationDataset(std::vector<PairItem> items, const OpenRequest &request);

} // namespace augstudio
