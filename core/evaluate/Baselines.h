#pragma once

// The hand-made augmentations a learned policy is measured against, as Albumentations
// files made of AugStudio's operation catalogue transforms (so that the replay and
// Albumentations apply them alike). Nothing colour-specific: they serve grey datasets too.
//
// - none:            an empty Compose.
// - flip-shift:      HorizontalFlip (p 0.5) and a shift of up to 6.25 % (p 0.5).
// - trivial-augment: torchvision's TrivialAugmentWide on our transforms: one OneOf with
//                    equal p over Identity (NoOp), Rotate ±135°, ShiftX / ShiftY ±32 px,
//                    Brightness, Contrast and Solarize, each strength uniform over its range.
// - rand-augment:    torchvision's RandAugment (N = 2, M = 9 of 31 bins) on the same
//                    operations: two OneOf stages at the fixed magnitude 9/30 of each range,
//                    signed operations as two transforms (+m and −m) sharing the op's share.
//
// Torchvision's operations without a catalogue equivalent (shear, colour, sharpness,
// posterize, autocontrast, equalize) are left out. Brightness: torchvision multiplies by a
// factor f in [0.01, 1.99]; Albumentations' multiplication is the contrast_limit f − 1, which
// is what Contrast uses, so Brightness keeps the catalogue's additive form
// (brightness_limit ±0.99 of the maximum value, the same extremes: near black, near white).

#include "config/SearchConfig.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace augstudio {

// "none", "flip-shift", "trivial-augment", "rand-augment".
const std::vector<std::string> &baselineNames();

// The baseline as an Albumentations document of `target`, for images of `dtype` that are
// imageHeight × imageWidth when it applies (pixel shifts become fractions of them).
// Throws std::invalid_argument for an unknown name (listing the known ones) or a size < 1.
nlohmann::json baselinePolicy(const std::string &name, InputDtype dtype, int imageHeight, int imageWidth,
                              AlbumentationsTarget target);

} // namespace augstudio
