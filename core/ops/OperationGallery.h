#pragma once

// Applies one differentiable operation to one image, with probability 1: what
// `augstudio-cli ops render` shows. Free of LibTorch.

#include "ops/OperationCatalog.h"

#include <opencv2/core.hpp>

#include <cstdint>

namespace augstudio {

// rgb: CV_8UC3 RGB. Returns the operation's output at `magnitude` (0..1) as CV_8UC3 RGB.
cv::Mat renderOperation(const OperationSpec &spec, double magnitude, const cv::Mat &rgb, std::uint64_t seed);

} // namespace augstudio
