#pragma once

// Writes a learned policy as the Albumentations JSON that `albumentations.load` reads
// (faa-reference §7), in the format of the config's export.albumentations (1.x or 2.x:
// policy/AlbumentationsFormat.h converts). Faithful: each exported transform, applied with p = 1, does what the
// differentiable operation did at the same magnitude (RandomContrast and Scale are
// exported as v − 1, because Albumentations multiplies by 1 + limit).

#include "config/SearchConfig.h"
#include "policy/PolicySnapshot.h"

#include <nlohmann/json.hpp>

namespace augstudio {

// One operation at one magnitude as a 1.x transform with probability p.
nlohmann::json exportOperation(const OperationSpec &spec, double magnitude, double p, InputDtype dtype,
                               int imageHeight, int imageWidth);

// The whole policy: Compose[preprocessing…, OneOf(sub-policies), Normalize, ToTensorV2],
// with Normalize's mean and std for the policy's channels.
nlohmann::json exportPolicy(const PolicySnapshot &policy, const SearchConfig &config);

// A Compose holding one operation with p = 1 (the operation gallery's --export).
nlohmann::json exportSingleOperation(const OperationSpec &spec, double magnitude, InputDtype dtype,
                                     int imageHeight, int imageWidth,
                                     AlbumentationsTarget target = AlbumentationsTarget::V2);

// Preprocessing steps of the config as 1.x Albumentations transforms; for a segmentation
// task a constant PadIfNeeded says the mask fill the search used (kPaddedMaskValue).
nlohmann::json exportPreprocessing(const std::vector<PreprocessingStep> &steps, Task task);

} // namespace augstudio
