#pragma once

// The image sizes a search can be given in one choice (the app's Image size control), as
// data.preprocessing steps, and back: a preprocessing list is shown as a preset when it is
// one, else as custom.

#include "config/SearchConfig.h"

#include <string>
#include <vector>

namespace augstudio {

enum class ImageSizeMode {
    AsTheyAre,      // no preprocessing
    Resize,         // Resize to side × side (aspect ratio not kept)
    LongestSidePad, // LongestMaxSize(side), then PadIfNeeded to side × side
    RandomCrop,     // PadIfNeeded to side × side where smaller, then RandomCrop side × side
    Custom,         // anything else the YAML says
};

struct ImageSizePreset {
    ImageSizeMode mode = ImageSizeMode::AsTheyAre;
    int side = 0; // pixels; 0 for AsTheyAre and Custom
};

std::vector<PreprocessingStep> preprocessingFor(const ImageSizePreset &preset);
ImageSizePreset presetOf(const std::vector<PreprocessingStep> &steps);
// One line per list, e.g. "LongestMaxSize 224 → PadIfNeeded 224 × 224"; "none" when empty.
std::string describePreprocessing(const std::vector<PreprocessingStep> &steps);

} // namespace augstudio
