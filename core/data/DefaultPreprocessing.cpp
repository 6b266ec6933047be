#include "data/DefaultPreprocessing.h"

#include "data/DatasetInspector.h"
#include "models/Architectures.h"

#include <algorithm>
#include <cmath>

namespace augstudio {

namespace {

// Images this much longer than wide (or the reverse) are letterboxed, not squashed.
constexpr double kLetterboxAspect = 2.0;
constexpr int kSideMultiple = 32;

std::string sizeText(int width, int height)
{
    return std::to_string(width) + " × " + std::to_string(height);
}

PreprocessingStep resize(int height, int width)
{
    return PreprocessingStep{"Resize", {{"height", double(height)}, {"width", double(width)}}, {}, 0};
}

} // namespace

int minimumInputSizeOf(const SearchConfig &config, int processes)
{
    // The discriminator sees half of a process's share of the batch at once.
    return minimumInputSize(config.task, config.model(), config.data.dataloader.batchSize / std::max(processes, 1) / 2);
}

PreprocessingChoice choosePreprocessing(const std::vector<cv::Size> &allSizes, int minimumSide)
{
    std::vector<cv::Size> sizes;
    for (const cv::Size &size : allSizes) {
        if (size.width > 0 && size.height > 0)
            sizes.push_back(size);
    }
    PreprocessingChoice choice;
    if (sizes.empty())
        return choice;

    const cv::Size first = sizes.front();
    const bool oneSize = std::all_of(sizes.begin(), sizes.end(), [&](const cv::Size &s) { return s == first; });
    if (oneSize) {
        const int smaller = std::min(first.width, first.height), larger = std::max(first.width, first.height);
        if (larger > kDefaultPreprocessingMaxOneSize) {
            const double scale = double(kDefaultPreprocessingMaxOneSize) / double(larger);
            const auto side = [&](int length) {
                const int scaled = (int(std::lround(length * scale)) + kSideMultiple / 2) / kSideMultiple * kSideMultiple;
                return std::max({minimumSide, kSideMultiple, scaled});
            };
            const int width = side(first.width), height = side(first.height);
            choice.steps.push_back(resize(height, width));
            choice.reason = "Images are all " + sizeText(first.width, first.height) + " px, larger than the "
                            + std::to_string(kDefaultPreprocessingMaxOneSize) + " px a search takes as they are: resized to "
                            + sizeText(width, height) + " for the search (set data.preprocessing to choose)";
            return choice;
        }
        if (smaller >= minimumSide) {
            choice.reason = "Images are all " + sizeText(first.width, first.height) + " px: no preprocessing needed";
            return choice;
        }
        const double scale = double(minimumSide) / double(smaller);
        const int width = std::max(minimumSide, int(std::lround(first.width * scale)));
        const int height = std::max(minimumSide, int(std::lround(first.height * scale)));
        choice.steps.push_back(resize(height, width));
        choice.reason = "Images are " + sizeText(first.width, first.height) + " px, smaller than the "
                        + std::to_string(minimumSide) + " px the model needs: resized to " + sizeText(width, height)
                        + " for the search";
        return choice;
    }

    std::vector<int> smallerSides;
    int minSide = sizes.front().width, maxSide = minSide;
    double maxAspect = 1.0;
    for (const cv::Size &size : sizes) {
        const int smaller = std::min(size.width, size.height), larger = std::max(size.width, size.height);
        smallerSides.push_back(smaller);
        minSide = std::min(minSide, smaller);
        maxSide = std::max(maxSide, larger);
        maxAspect = std::max(maxAspect, double(larger) / double(smaller));
    }
    std::nth_element(smallerSides.begin(), smallerSides.begin() + std::ptrdiff_t(smallerSides.size() / 2),
                     smallerSides.end());
    const int median = smallerSides[smallerSides.size() / 2];
    int side = std::clamp(median, minimumSide, std::max(minimumSide, kDefaultPreprocessingMaxSide));
    const int rounded = (side + kSideMultiple / 2) / kSideMultiple * kSideMultiple;
    if (rounded >= minimumSide && rounded <= std::max(minimumSide, kDefaultPreprocessingMaxSide))
        side = rounded;

    const std::string range = "Images are " + std::to_string(minSide) + "–" + std::to_string(maxSide) + " px";
    if (maxAspect >= kLetterboxAspect) {
        choice.steps.push_back(PreprocessingStep{"LongestMaxSize", {{"max_size", double(side)}}, {}, 0});
        choice.steps.push_back(PreprocessingStep{
            "PadIfNeeded", {{"min_height", double(side)}, {"min_width", double(side)}, {"border_mode", 0.0}, {"value", 0.0}},
            {}, 0});
        char aspect[16];
        std::snprintf(aspect, sizeof aspect, "%.1f", maxAspect);
        choice.reason = range + ", some " + aspect + " times longer than wide: fitted into " + sizeText(side, side)
                        + " and padded (LongestMaxSize + PadIfNeeded) for the search";
    } else {
        choice.steps.push_back(resize(side, side));
        choice.reason = range + ": resized to " + sizeText(side, side) + " for the search";
    }
    return choice;
}

PreprocessingChoice resolvePreprocessing(const SearchConfig &config, const std::vector<cv::Size> &sizes)
{
    if (!config.data.preprocessing.empty())
        return PreprocessingChoice{config.data.preprocessing, {}};
    return choosePreprocessing(sizes, minimumInputSizeOf(config));
}

PreprocessingChoice resolvePreprocessing(const SearchConfig &config, const Dataset &dataset, int processes)
{
    if (!config.data.preprocessing.empty())
        return PreprocessingChoice{config.data.preprocessing, {}};
    return choosePreprocessing(scanImageSizes(dataset), minimumInputSizeOf(config, processes));
}

} // namespace augstudio
