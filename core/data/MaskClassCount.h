// Internal to core/data: how the masks of a segmentation dataset are read, from a scan of them
// when the dataset is opened: their class count and encoding (class ids, binary masks of 0 and
// 255, blurred binary masks, colour masks through a table), with what the scan finds said.
#pragma once

#include "data/ImageDecoding.h"
#include "data/MaskColours.h"
#include "data/SegmentationPairs.h"

#include <string>
#include <vector>

namespace augstudio {

struct MaskReading
{
    int classes = 0;
    MaskEncoding encoding = MaskEncoding::ClassIndex;
    std::string colourMask; // a colour-coded mask among them: read with a colour table instead
};

// The masks of `items` read in `encoding`: the class count num_classes gives (request.numClasses),
// else the largest id + 1, refused where they hold fewer than 2 classes; binary masks as two
// classes. Colour-coded masks are named in colourMask, for colourMaskClassCount.
MaskReading segmentationClassCount(const std::vector<PairItem> &items, MaskEncoding encoding,
                                   const OpenRequest &request);

// The table of colour-coded masks: the dataset's colour file, else the colours the masks hold.
MaskColours maskColourTable(const std::vector<PairItem> &items, const OpenRequest &request);

// Colour-coded masks: a class a colour of the table, refused where num_classes is fewer.
MaskReading colourMaskClassCount(const std::vector<PairItem> &items, const MaskColours &colours,
                                 const OpenRequest &request);

} // namespace augstudio
