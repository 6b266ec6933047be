#pragma once

// The preprocessing a search uses when the config gives none: chosen from the dataset's
// image sizes and the model's minimum input size, with the one-line reason the CLI and
// validate print. The rule lives here alone.

#include "config/SearchConfig.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace augstudio {

class Dataset;

// The largest side the rule resizes to: a search at 224 px is already slow on a CPU.
inline constexpr int kDefaultPreprocessingMaxSide = 224;
// The longest side images of one size are searched at as they are: a training size (256,
// 384, 512). Photos and large masks beyond it would fill a computer's memory with one batch.
inline constexpr int kDefaultPreprocessingMaxOneSize = 512;

struct PreprocessingChoice
{
    std::vector<PreprocessingStep> steps; // empty: the images go in as they are
    std::string reason;                   // one line; also said when nothing is needed
};

// The rule, over the sizes of the readable images (empty sizes are ignored):
// - all images one size, no side below `minimumSide`, none above 512: nothing;
// - all one size, a side above 512: Resize down, keeping the aspect ratio, so the longer
//   side is 512 (both sides rounded to a multiple of 32, neither below the minimum);
// - all one size but a side below the minimum: Resize up, keeping the aspect ratio, so the
//   smaller side is the minimum;
// - sizes differ: a square of side S = the median of the images' smaller sides, clamped to
//   [minimumSide, 224] and rounded to the nearest multiple of 32 while that stays in those
//   bounds (sizes every model divides well). Resize to S x S, or, when some image is at least twice
//   as long as it is wide (or the reverse), LongestMaxSize(S) + PadIfNeeded(S, S, constant 0)
//   so that no image is squashed.
PreprocessingChoice choosePreprocessing(const std::vector<cv::Size> &sizes, int minimumSide);

// config.data.preprocessing when it has steps (reason empty), else choosePreprocessing()
// with the minimum of config's model (models/Architectures.h) for its batch size.
PreprocessingChoice resolvePreprocessing(const SearchConfig &config, const std::vector<cv::Size> &sizes);
// The same for `dataset`, whose image sizes (every file's header) are read only when the
// config has no steps: the preprocessing a search of it on `processes` processes uses.
PreprocessingChoice resolvePreprocessing(const SearchConfig &config, const Dataset &dataset, int processes = 1);
// The smallest side the config's model takes at its batch size, split among `processes`
// (each process's model sees its share of the batch).
int minimumInputSizeOf(const SearchConfig &config, int processes = 1);

} // namespace augstudio
