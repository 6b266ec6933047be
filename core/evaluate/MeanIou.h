#pragma once

// Segmentation's held-out score from per-image pixel counts, and how much of a comparison's
// chance comes from which images were held out. mIoU sums pixels over the images before it
// divides, so it is not a mean over images, and the images' variance is estimated by leaving
// each image out in turn (the jackknife), not from per-image scores.

#include <cstdint>
#include <vector>

namespace augstudio {

// One scoring of the held-out images: per image and class (row-major, images × classes), the
// pixels of the class predicted right (intersection) and those of the class in the truth or
// the prediction (union). Ignored pixels (255) are in neither.
struct HeldOutPixelCounts
{
    int images = 0, classes = 0;
    std::vector<std::int32_t> intersection, unions;
};

// The mean over the classes present (in the truth or the prediction) of intersection / union
// summed over the images; 0 when no class is present.
double meanIou(const HeldOutPixelCounts &counts);

// The variance of the mean mIoU difference a − b (runs paired by seed) that comes from which
// images were held out: the jackknife's, over each image left out of every run at once. For a
// score that is a mean over images it equals heldOutSamplingVariance's. 0 for fewer than two
// images, or runs whose images or classes do not match.
double heldOutMeanIouVariance(const std::vector<HeldOutPixelCounts> &a, const std::vector<HeldOutPixelCounts> &b);

} // namespace augstudio
