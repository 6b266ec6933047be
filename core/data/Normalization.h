#pragma once

// The mean and standard deviation the search normalises with, one value per channel of
// the images it searches on (3 for colour, 1 for a grayscale dataset). The one place that
// reads data.normalization: the search step (which normalises what the discriminator
// sees) and the exported Normalize use it.

#include "config/ConfigError.h"
#include "config/SearchConfig.h"

#include <string>
#include <vector>

namespace augstudio {

struct ChannelNormalization
{
    std::vector<double> mean; // `channels` values
    std::vector<double> std;  // `channels` values, all > 0
};

// config.mean / config.std for images of `channels` channels (1 or 3). One value serves
// every channel. Three values on a grayscale dataset must be equal; unequal ones (the
// ImageNet defaults, say) are averaged and a note on the key saying so is appended to `notes`.
// The counts and std > 0 are the config reader's rules; other counts are a caller's
// mistake (std::logic_error).
ChannelNormalization resolveNormalization(const DataConfig &config, int channels,
                                          std::vector<ConfigNote> *notes = nullptr);

} // namespace augstudio
